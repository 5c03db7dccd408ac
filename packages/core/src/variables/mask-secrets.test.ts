import { describe, expect, it } from 'vitest';
import { MASKED_SECRET, maskSecrets, secretPatterns } from './mask-secrets';
import { findSecretHostViolation } from './secret-hosts';
import { VariableScopes } from './variable-scopes';

const v = (key: string, value: string, secret = false, allowedHosts?: string[]) => ({
  key,
  value,
  enabled: true,
  secret,
  ...(allowedHosts ? { allowedHosts } : {}),
});

describe('maskSecrets', () => {
  it('masks every string of a tree, longest value first, encoded forms and Basic credentials too', () => {
    const patterns = secretPatterns(['s3cr3t-value', 's3cr3t-value-longer', 'a b&c=d', 'ab']);
    const basic = `Basic ${btoa('user:s3cr3t-value')}`;
    const out = maskSecrets(
      {
        n: 1,
        list: ['x s3cr3t-value-longer y', 'q=a%20b%26c%3Dd'],
        nested: { auth: basic, json: '{"k":"s3cr3t-value"}', b64: btoa('s3cr3t-value') },
        short: 'ab ab',
      },
      patterns,
    );
    expect(out).toEqual({
      n: 1,
      list: [`x ${MASKED_SECRET} y`, `q=${MASKED_SECRET}`],
      nested: { auth: `Basic ${MASKED_SECRET}`, json: `{"k":"${MASKED_SECRET}"}`, b64: MASKED_SECRET },
      // Below MIN_SECRET_LENGTH: not masked.
      short: 'ab ab',
    });
  });

  it('returns the value itself when there is nothing to mask', () => {
    const value = { a: 'b' };
    expect(maskSecrets(value, secretPatterns([]))).toBe(value);
  });
});

describe('secret variables in scopes', () => {
  it('read masked in the script view only; templates resolve the real value once it is off', () => {
    const scopes = new VariableScopes({ environment: [v('token', 'real-token', true), v('plain', 'p')] });
    scopes.setFolders([{ type: 'folder', variables: [v('f', 'folder-secret', true)] }]);
    scopes.setScriptView(true);
    expect(scopes.get('token')).toBe(MASKED_SECRET);
    expect(scopes.environment.get('token')).toBe(MASKED_SECRET);
    expect(scopes.get('f')).toBe(MASKED_SECRET);
    expect(scopes.toObject()).toMatchObject({ token: MASKED_SECRET, f: MASKED_SECRET, plain: 'p' });
    // A script's new value for a secret key stays secret; forks keep the flags.
    scopes.environment.set('token', 'fresh');
    expect(scopes.get('token')).toBe(MASKED_SECRET);
    expect(scopes.fork().get('token')).toBe(MASKED_SECRET);
    scopes.setScriptView(false);
    expect(scopes.get('token')).toBe('fresh');
    expect(scopes.get('f')).toBe('folder-secret');
  });

  it('refuses to carry a secret outside its allowed hosts', () => {
    const scopes = new VariableScopes({
      environment: [
        v('key', 'key-value-1', true, ['api.example.com', '*.example.org:8443']),
        v('free', 'free-1', true),
      ],
    });
    const req = (url: string, value = 'x') => ({ url, headers: [{ key: 'X', value }] });
    expect(findSecretHostViolation(req('https://evil.test/', 'key-value-1'), scopes)).toMatch(
      /"key" may not be sent to evil\.test/,
    );
    expect(findSecretHostViolation(req('https://api.example.com/?k=key-value-1'), scopes)).toBeUndefined();
    expect(
      findSecretHostViolation(req('https://a.example.org:8443/', 'key-value-1'), scopes),
    ).toBeUndefined();
    expect(findSecretHostViolation(req('https://a.example.org/', 'key-value-1'), scopes)).toBeDefined();
    expect(
      findSecretHostViolation(req('https://evil.test/', `Basic ${btoa('u:key-value-1')}`), scopes),
    ).toBeDefined();
    expect(findSecretHostViolation(req('https://evil.test/', 'free-1'), scopes)).toBeUndefined();
  });
});
