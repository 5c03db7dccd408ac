import { describe, expect, it } from 'vitest';
import { describeBody, toSentRequest } from '../http/sent-request';
import { VariableScopes } from '../variables/variable-scopes';
import { type PreparableRequest, prepareRequest } from './prepare-request';

const base: PreparableRequest = {
  method: 'get',
  url: '',
  headers: [],
  body: { mode: 'none' },
  auth: { type: 'inherit' },
};

describe('prepareRequest', () => {
  const scopes = new VariableScopes({ environment: { host: 'api.test', id: '7' } });

  it('resolves the URL, adds a scheme, upper-cases the method and reports unresolved names', () => {
    const { prepared, warnings } = prepareRequest(
      { ...base, url: '{{host}}/users/{{id}}?q={{missing}}' },
      [],
      scopes,
    );
    expect(prepared.method).toBe('GET');
    expect(prepared.url).toBe('http://api.test/users/7?q={{missing}}');
    expect(warnings).toEqual(['Unresolved variable: {{missing}}']);
  });

  it('applies API key in query before a fragment, and auth replaces a typed Authorization header', () => {
    const { prepared } = prepareRequest(
      {
        ...base,
        url: 'https://x.test/a#frag',
        headers: [{ key: 'authorization', value: 'typed', enabled: true }],
        auth: { type: 'bearer', token: 'b' },
      },
      [],
      scopes,
    );
    expect(prepared.headers).toEqual([{ key: 'Authorization', value: 'Bearer b' }]);
    const q = prepareRequest(
      { ...base, url: 'https://x.test/a#frag', auth: { type: 'apikey', key: 'k', value: 'v', in: 'query' } },
      [],
      scopes,
    );
    expect(q.prepared.url).toBe('https://x.test/a?k=v#frag');
  });

  it('defers digest/awsv4/oauth2-without-token to the transport; uses a stored oauth2 token', () => {
    const d = prepareRequest(
      { ...base, url: 'x.test', auth: { type: 'digest', username: 'u', password: 'p' } },
      [],
      scopes,
    );
    expect(d.prepared.auth?.type).toBe('digest');
    const o = prepareRequest(
      {
        ...base,
        url: 'x.test',
        auth: {
          type: 'oauth2',
          grantType: 'authorization_code',
          accessTokenUrl: '',
          clientId: '',
          clientSecret: '',
          clientAuthentication: 'header',
          accessToken: 'stored',
          headerPrefix: 'Bearer',
        },
      },
      [],
      scopes,
    );
    expect(o.prepared.auth).toBeUndefined();
    expect(o.prepared.headers).toEqual([{ key: 'Authorization', value: 'Bearer stored' }]);
  });

  it('warns on invalid GraphQL variables and describes bodies for reports', () => {
    const { prepared, warnings } = prepareRequest(
      {
        ...base,
        method: 'POST',
        url: 'x.test',
        body: { mode: 'graphql', graphql: { query: '{a}', variables: '{bad' } },
      },
      [],
      scopes,
    );
    expect(warnings).toEqual(['GraphQL variables are not valid JSON; sent as {}']);
    expect(toSentRequest(prepared).body).toBe('{"query":"{a}","variables":{}}');
    expect(
      describeBody({
        kind: 'multipart',
        parts: [
          { kind: 'text', name: 'a', value: '1' },
          { kind: 'file', name: 'f', path: 'x.png' },
        ],
      }),
    ).toBe('a=1\nf=@x.png');
  });
});
