import { describe, expect, it } from 'vitest';
import { unresolvedVariables } from './unresolved-variables';

const request = {
  url: '{{baseUrl}}/items/{{Id}}?t={{$timestamp}}',
  headers: [
    { key: 'X-Token', value: '{{token}}', enabled: true },
    { key: 'X-Off', value: '{{disabled}}', enabled: false },
  ],
  auth: { type: 'bearer' as const, token: '{{authToken}}' },
  body: { mode: 'raw' as const, raw: '{"stamp":"{{stamp}}"}', language: 'json' as const },
  scripts: { preRequest: "pm.variables.set('stamp', Date.now())", test: '' },
};

describe('unresolvedVariables', () => {
  it('names what no scope defines, case kept, skipping dynamic, disabled and script-set names', () => {
    expect(unresolvedVariables(request, [{ key: 'token' }], [])).toEqual(['baseUrl', 'Id', 'authToken']);
  });

  it('is empty once the scopes (or a folder script) define them', () => {
    const folderScript = { preRequest: 'pm.collectionVariables.set("authToken", "x")', test: '' };
    expect(
      unresolvedVariables(request, [{ key: 'baseUrl' }, { key: 'Id' }, { key: 'token' }], [folderScript]),
    ).toEqual([]);
  });

  it('treats names case-sensitively, like the engine', () => {
    expect(
      unresolvedVariables(
        { ...request, url: '{{BaseUrl}}' },
        [{ key: 'baseUrl' }, { key: 'token' }, { key: 'authToken' }],
        [],
      ),
    ).toEqual(['BaseUrl']);
  });
});
