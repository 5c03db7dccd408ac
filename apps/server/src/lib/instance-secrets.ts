import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';

export interface InstanceSecrets {
  /** HMAC key for access tokens. */
  jwtSecret: Uint8Array;
  /** 32-byte AES-256-GCM key for secrets at rest. */
  secretsKey: Buffer;
}

function readOrCreate(file: string, make: () => string): string {
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  const value = make();
  // 0600: these are the keys to every session and stored secret of the instance.
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}

function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}

/**
 * Secrets from config; in embedded mode, missing ones are generated once into DATA_DIR and reused on later starts
 * (so sessions survive restarts). Config validation already requires them with DATABASE_URL.
 * `ephemeral` (tests) generates in memory and writes nothing.
 */
export function loadInstanceSecrets(config: AppConfig, ephemeral = false): InstanceSecrets {
  const gen = () => randomBytes(32).toString('hex');
  let jwt = config.jwtSecret;
  let key = config.secretsKey;
  if (jwt === undefined || key === undefined) {
    if (ephemeral) {
      jwt ??= gen();
      key ??= gen();
    } else {
      mkdirSync(config.dataDir, { recursive: true });
      jwt ??= readOrCreate(join(config.dataDir, 'jwt-secret'), gen);
      key ??= readOrCreate(join(config.dataDir, 'secrets-key'), gen);
    }
  }
  return { jwtSecret: new TextEncoder().encode(jwt), secretsKey: decodeKey(key) };
}
