import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's built-in account (it knows no other access key). */
export const S3RVER_KEY = 'S3RVER';

export interface LoopbackS3 {
  endpoint: string;
  bucket: string;
  /** The S3_* settings that point the app at this server. */
  env: Record<string, string>;
  /** The directory s3rver keeps objects in (`<bucket>/<key>._S3rver_object`): tests look at it directly. */
  directory: string;
  close(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver, in this process) on a loopback port with one bucket. It checks access key
 * ids, buckets and keys like S3 does; it does not verify SigV4 signatures (a wrong secret with a known key id is
 * accepted), which only AWS, MinIO and the like can prove.
 */
export async function startLoopbackS3(bucket = 'apiplay-test'): Promise<LoopbackS3> {
  const directory = mkdtempSync(join(tmpdir(), 'apiplay-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: S3RVER_KEY,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY,
    },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
