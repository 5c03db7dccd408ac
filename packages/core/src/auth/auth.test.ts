import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeDigestAuthorization, parseDigestChallenge } from './digest';
import { buildTokenRequest, oauth2CacheKey } from './oauth2';

const hash = (alg: 'md5' | 'sha256', s: string) => createHash(alg).update(s).digest('hex');

describe('digest (RFC 7616 §3.9.1 example)', () => {
  const header = (alg: string) =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${alg}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
  const input = {
    username: 'Mufasa',
    password: 'Circle of Life',
    method: 'GET',
    uri: '/dir/index.html',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };

  it('computes the RFC response for MD5 and SHA-256', () => {
    for (const [alg, expected] of [
      ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
      ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ] as const) {
      const challenge = parseDigestChallenge([header(alg)]);
      expect(challenge?.algorithm).toBe(alg);
      if (!challenge) {
        return;
      }
      const out = computeDigestAuthorization({ ...input, challenge }, hash);
      expect(out).toContain(`response="${expected}"`);
      expect(out).toContain('qop=auth, nc=00000001');
      expect(out).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    }
  });

  it('prefers SHA-256 among several challenges and ignores other schemes', () => {
    const c = parseDigestChallenge(['Basic realm="x"', `${header('MD5')}, ${header('SHA-256')}`]);
    expect(c?.algorithm).toBe('SHA-256');
    expect(parseDigestChallenge(['Basic realm="x"'])).toBeUndefined();
  });
});

describe('oauth2 token request', () => {
  const base = {
    type: 'oauth2' as const,
    accessTokenUrl: 'https://auth.test/token',
    clientId: 'id',
    clientSecret: 's',
    clientAuthentication: 'header' as const,
    headerPrefix: 'Bearer',
  };
  it('builds client-credential and password grants; keys the cache by url, client, scope and grant', () => {
    const cc = buildTokenRequest({ ...base, grantType: 'client_credentials', scope: 'a b' });
    expect(cc.body).toEqual({
      kind: 'urlencoded',
      fields: [
        { key: 'grant_type', value: 'client_credentials' },
        { key: 'scope', value: 'a b' },
      ],
    });
    expect(cc.headers.find((h) => h.key === 'Authorization')?.value).toBe(`Basic ${btoa('id:s')}`);
    const pw = buildTokenRequest({
      ...base,
      grantType: 'password',
      username: 'u',
      password: 'p',
      clientAuthentication: 'body',
    });
    expect(pw.body?.kind === 'urlencoded' && pw.body.fields.map((f) => f.key)).toEqual([
      'grant_type',
      'username',
      'password',
      'client_id',
      'client_secret',
    ]);
    expect(oauth2CacheKey({ ...base, grantType: 'client_credentials', scope: 'a' })).not.toBe(
      oauth2CacheKey({ ...base, grantType: 'client_credentials', scope: 'b' }),
    );
    expect(() => buildTokenRequest({ ...base, grantType: 'authorization_code' })).toThrow(
      /Get new access token/,
    );
    const rt = buildTokenRequest({ ...base, grantType: 'refresh_token', refreshToken: 'r1' });
    expect(rt.body?.kind === 'urlencoded' && rt.body.fields).toEqual([
      { key: 'grant_type', value: 'refresh_token' },
      { key: 'refresh_token', value: 'r1' },
    ]);
  });
});
