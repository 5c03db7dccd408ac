import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files the body cases upload. */
export function writeFixtures(dir: string): string {
  const f = join(dir, 'fixtures');
  mkdirSync(f, { recursive: true });
  writeFileSync(join(f, 'hello.txt'), 'hello from a file\n');
  writeFileSync(join(f, 'data.json'), '{"from":"file"}');
  return f;
}
