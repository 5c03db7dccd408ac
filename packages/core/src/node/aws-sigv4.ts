// AWS SigV4 via `aws4`: a small, dependency-free signer maintained for over a decade and the one Postman's own
// runtime (postman-runtime) uses, so signatures match what Postman users already get. The AWS SDK's
// @smithy/signature-v4 would pull in the SDK's crypto/middleware packages for the same result.
import aws4 from 'aws4';
import { type TDeferredAuth, TransportError } from '../http/types';

export type TAwsV4Auth = Extract<TDeferredAuth, { type: 'awsv4' }>;

export interface SignInput {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body: Buffer | string | undefined;
}

// Headers aws4 must not see twice or that the transport manages itself.
const SKIP = new Set(['content-length', 'host']);

/** Headers to send (including Authorization and X-Amz-Date) for a SigV4-signed request. */
export function signAwsV4(input: SignInput, auth: TAwsV4Auth): Array<[string, string]> {
  // aws4 falls back to the process's AWS_* environment when given no credentials; never let a user's request
  // be signed with the host's keys.
  if (auth.accessKeyId === '' || auth.secretAccessKey === '') {
    throw new TransportError('AUTH_FAILED', 'AWS SigV4 needs an access key id and a secret access key');
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of input.headers) {
    if (SKIP.has(k.toLowerCase())) {
      continue;
    }
    headers[k] = headers[k] === undefined ? v : `${headers[k]},${v}`;
  }
  const opts: aws4.Request = {
    host: input.url.host,
    path: `${input.url.pathname}${input.url.search}`,
    method: input.method,
    headers,
    service: auth.service,
    region: auth.region,
  };
  if (input.body !== undefined) {
    opts.body = input.body;
  }
  const creds: aws4.Credentials = { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey };
  if (auth.sessionToken) {
    creds.sessionToken = auth.sessionToken;
  }
  const signed = aws4.sign(opts, creds);
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(signed.headers ?? {})) {
    if (k.toLowerCase() === 'content-length' || v === undefined) {
      continue;
    }
    out.push([k, String(v)]);
  }
  return out;
}
