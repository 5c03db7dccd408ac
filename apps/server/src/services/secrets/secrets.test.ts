import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecretsKey } from './load-secrets-key';
import { createSecretBox } from './secret-box';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.encrypt('hunter2 ✓');
    expect(sealed).not.toContain('hunter2');
    expect(box.isSealed(sealed)).toBe(true);
    expect(box.decrypt(sealed)).toBe('hunter2 ✓');
  });

  it('uses a fresh IV per value', () => {
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('rejects tampering and the wrong key', () => {
    const sealed = box.encrypt('value');
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(`enc:v1:${raw.toString('base64')}`)).toThrow(/could not be decrypted/);
    expect(() => createSecretBox(randomBytes(32)).decrypt(sealed)).toThrow(/could not be decrypted/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('loadSecretsKey', () => {
  it('decodes hex and base64 keys from config', async () => {
    const key = randomBytes(32);
    expect(await loadSecretsKey({ secretsKey: key.toString('hex') })).toEqual(key);
    expect(await loadSecretsKey({ secretsKey: key.toString('base64') })).toEqual(key);
    await expect(loadSecretsKey({ secretsKey: 'short' })).rejects.toThrow(/32 bytes/);
  });

  it('generates a key once into DATA_DIR and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apiplay-secrets-'));
    dirs.push(dir);
    const [a, b] = await Promise.all([loadSecretsKey({ dataDir: dir }), loadSecretsKey({ dataDir: dir })]);
    expect(a).toEqual(b);
    expect(await loadSecretsKey({ dataDir: dir })).toEqual(a);
    expect((await stat(join(dir, 'secrets.key'))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(dir, 'secrets.key'), 'utf8')).length).toBeGreaterThan(40);
  });
});
