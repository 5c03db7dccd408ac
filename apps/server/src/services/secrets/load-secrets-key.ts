import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@apiplay/core';

export interface LoadSecretsKeyOptions {
  /** `SECRETS_KEY`: 32 bytes as base64 or 64 hex characters. */
  secretsKey?: string | undefined;
  /** Embedded mode: where a generated key is kept (`DATA_DIR/secrets.key`). */
  dataDir?: string | undefined;
}

function decodeKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new AppError('INTERNAL', 'SECRETS_KEY must be 32 bytes, given as base64 or 64 hex characters');
  }
  return key;
}

/**
 * The key for secret variables: from config when given, else generated once into DATA_DIR (embedded mode).
 * The key is written to a temp file and hard-linked into place: `link` fails if the file exists, so two
 * processes starting together end up with the same, fully written key.
 */
export async function loadSecretsKey(options: LoadSecretsKeyOptions): Promise<Buffer> {
  if (options.secretsKey) {
    return decodeKey(options.secretsKey);
  }
  if (!options.dataDir) {
    throw new AppError('INTERNAL', 'SECRETS_KEY is required when there is no DATA_DIR');
  }
  await mkdir(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'secrets.key');
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  try {
    await link(temp, file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
      throw error;
    }
  } finally {
    await unlink(temp);
  }
  return decodeKey(await readFile(file, 'utf8'));
}
