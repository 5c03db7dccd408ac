import { defineConfig } from 'drizzle-kit';

// Schema files only (not the barrel) so each table is seen once.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/!(index).ts',
  out: './src/db/migrations',
});
