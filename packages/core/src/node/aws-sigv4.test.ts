import { describe, expect, it } from 'vitest';
import { signAwsV4 } from './aws-sigv4';

// AWS Signature Version 4 test suite, "get-vanilla" (fixed date via X-Amz-Date).
const auth = {
  type: 'awsv4' as const,
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
};

describe('signAwsV4', () => {
  it('matches the AWS test-suite signature for get-vanilla', () => {
    const headers = signAwsV4(
      {
        method: 'GET',
        url: new URL('https://example.amazonaws.com/'),
        headers: [['X-Amz-Date', '20150830T123600Z']],
        body: undefined,
      },
      auth,
    );
    const authz = headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    expect(authz).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('signs the body and its length; the transport sends the same Content-Length it computes', () => {
    const headers = signAwsV4(
      {
        method: 'POST',
        url: new URL('https://example.amazonaws.com/'),
        headers: [
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['X-Amz-Date', '20150830T123600Z'],
        ],
        body: 'Param1=value1',
      },
      auth,
    );
    const authz = headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    expect(authz).toContain('SignedHeaders=content-length;content-type;host;x-amz-date,');
    expect(headers.some(([k]) => k.toLowerCase() === 'content-length')).toBe(false);
    const other = signAwsV4(
      {
        method: 'POST',
        url: new URL('https://example.amazonaws.com/'),
        headers: [
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['X-Amz-Date', '20150830T123600Z'],
        ],
        body: 'Param1=value2',
      },
      auth,
    );
    expect(other.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).not.toBe(authz);
  });
});
