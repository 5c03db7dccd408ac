import { randomUUID } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ConfigError } from '../config/env';
import type { BlobStorage } from './blob-storage';

/** The `s3` part of the config (set when `S3_BUCKET` is). */
export interface S3StorageConfig {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

/**
 * Keys are `<prefix>/<uuid>`, the prefix reduced to safe characters (as the local store does), so a key read
 * back from the database can only name an object this server wrote.
 */
function keyFor(prefix: string): string {
  const safe = prefix
    .split('/')
    .map((p) => p.replace(/[^a-zA-Z0-9_-]/g, '_'))
    .filter((p) => p !== '')
    .join('/');
  return `${safe}/${randomUUID()}`;
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    (error instanceof S3ServiceException &&
      error.$metadata.httpStatusCode === 404 &&
      error.name !== 'NoSuchBucket')
  );
}

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, …). Path-style addressing
 * (`endpoint/bucket/key`) is what self-hosted servers expect; virtual-hosted style is AWS's default.
 */
export function createS3BlobStorage(config: S3StorageConfig): BlobStorage & { close(): void } {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    forcePathStyle: config.forcePathStyle,
    ...(config.accessKeyId !== undefined && config.secretAccessKey !== undefined
      ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
      : {}),
    // A storage outage must fail a request (and /readyz) in seconds, not hang it.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
  });
  const bucket = config.bucket;
  return {
    async put(prefix, bytes) {
      const key = keyFor(prefix);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      return key;
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (res.Body === undefined) {
          return Buffer.alloc(0);
        }
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (error) {
        if (isMissing(error)) {
          return null;
        }
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    close() {
      client.destroy();
    },
  };
}

function describe(error: unknown): { name: string; status: number | undefined; code: string } {
  const name = error instanceof Error ? error.name : 'Error';
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : '';
  return { name, status, code };
}

/** Turns what the storage answered into the setting a person has to fix. Messages never carry the keys. */
export function s3ConfigProblem(error: unknown, config: S3StorageConfig): string {
  const { name, status, code } = describe(error);
  const where = config.endpoint ?? `AWS S3 (${config.region})`;
  if (name === 'NoSuchBucket' || (status === 404 && name !== 'NoSuchKey')) {
    return `S3_BUCKET: bucket "${config.bucket}" does not exist at ${where}`;
  }
  if (name === 'InvalidAccessKeyId') {
    return `S3_ACCESS_KEY_ID: ${where} does not know this access key (InvalidAccessKeyId)`;
  }
  if (name === 'SignatureDoesNotMatch') {
    return `S3_SECRET_ACCESS_KEY: ${where} rejected the request signature; the secret key is wrong (SignatureDoesNotMatch)`;
  }
  if (name === 'AuthorizationHeaderMalformed' || name === 'PermanentRedirect' || status === 301) {
    return `S3_REGION: bucket "${config.bucket}" is not in region "${config.region}" (${name})`;
  }
  if (status === 403) {
    return `S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: ${where} denied access to bucket "${config.bucket}" (${name})`;
  }
  if (status === undefined && /^E[A-Z]+$/.test(code)) {
    return `S3_ENDPOINT: cannot reach ${where} (${code})`;
  }
  if (status === undefined && (name === 'TimeoutError' || name === 'RequestTimeout')) {
    return `S3_ENDPOINT: ${where} did not answer in time (${name})`;
  }
  return `S3_*: the storage check at ${where} failed (${name}${status === undefined ? '' : ` ${status}`})`;
}

/**
 * Boot check: write, read back and delete a probe object. Bad settings (bucket, keys, region, endpoint) stop the
 * server with a ConfigError naming the setting, as an unreachable Redis does — better than a 500 on the first
 * large body.
 */
export async function checkS3AtBoot(storage: BlobStorage, config: S3StorageConfig): Promise<void> {
  const probe = Buffer.from('apiplay boot probe');
  try {
    const key = await storage.put('boot-check', probe);
    const back = await storage.get(key);
    await storage.delete(key);
    if (back === null || !probe.equals(back)) {
      throw new ConfigError([`S3_*: ${config.endpoint ?? 'S3'} returned something else than was written`]);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      throw error;
    }
    throw new ConfigError([s3ConfigProblem(error, config)]);
  }
}
