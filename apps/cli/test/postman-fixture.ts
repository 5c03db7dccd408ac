import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes a Postman v2.1 collection named `name` with `items` (and any `extra` top-level fields) into `dir`. */
export function writePostman(
  dir: string,
  name: string,
  items: unknown[],
  extra: Record<string, unknown> = {},
): string {
  const path = join(dir, `c-${Math.random().toString(36).slice(2)}.postman_collection.json`);
  writeFileSync(
    path,
    JSON.stringify({
      info: {
        name,
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item: items,
      ...extra,
    }),
  );
  return path;
}

/** A Postman GET request item with optional test and pre-request scripts. */
export const item = (name: string, url: string, test?: string, prerequest?: string) => ({
  name,
  request: { method: 'GET', url },
  event: [
    ...(test ? [{ listen: 'test', script: { exec: test.split('\n') } }] : []),
    ...(prerequest ? [{ listen: 'prerequest', script: { exec: prerequest.split('\n') } }] : []),
  ],
});
