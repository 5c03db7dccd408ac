import type { TItem } from '@apiplay/core';
import type { Db } from '../../db/client';
import type { SecretBox } from '../../infra/secrets';
import { BUILTIN_ORIGIN } from '../../infra/ssrf';
import { createEnvironment } from '../environments/create-environment';
import { createCollection } from './create-collection';

const test = (code: string) => ({ preRequest: '', test: code });

/**
 * The sample collection every new personal workspace starts with: requests against the built-in echo at
 * `http://apiplay.internal`, which executions reach in both modes without loopback access (infra/ssrf/
 * builtin-targets.ts). Its variables are collection variables, so it runs green with no environment chosen.
 */
function sampleItems(): TItem[] {
  const request = (id: string, fields: Record<string, unknown>) =>
    ({ type: 'request', id, ...fields }) as unknown as TItem;
  return [
    {
      type: 'folder',
      id: 'basics',
      name: 'Basics',
      description: 'Requests against the built-in echo server: it sends back what it received.',
      auth: { type: 'inherit' },
      variables: [],
      scripts: { preRequest: '', test: '' },
      items: [
        request('get', {
          name: 'GET with query',
          url: '{{baseUrl}}/echo/hello?name=Ada',
          scripts: test(
            'pm.test("status is 200", () => pm.response.to.have.status(200));\npm.test("echo has the query", () => pm.expect(pm.response.json().query.name).to.eql("Ada"));',
          ),
        }),
        request('post', {
          name: 'POST JSON',
          method: 'POST',
          url: '{{baseUrl}}/echo/items',
          body: { mode: 'raw', raw: '{\n  "title": "Hello",\n  "done": false\n}', language: 'json' },
          scripts: test(
            'const body = pm.response.json();\npm.test("echoed the JSON", () => pm.expect(body.json.title).to.eql("Hello"));\npm.variables.set("lastTitle", body.json.title);',
          ),
        }),
        request('status', {
          name: 'Not found',
          url: '{{baseUrl}}/echo/status/404',
          scripts: test('pm.test("is a 404", () => pm.response.to.have.status(404));'),
        }),
      ],
    },
    {
      type: 'folder',
      id: 'auth',
      name: 'Auth',
      description: 'Basic and bearer auth set on the request, checked by the echo server.',
      auth: { type: 'inherit' },
      variables: [],
      scripts: { preRequest: '', test: '' },
      items: [
        request('basic', {
          name: 'Basic auth',
          url: '{{baseUrl}}/echo/basic-auth/ada/lovelace',
          auth: { type: 'basic', username: 'ada', password: 'lovelace' },
          scripts: test('pm.test("authenticated", () => pm.response.to.have.status(200));'),
        }),
        request('bearer', {
          name: 'Bearer token',
          url: '{{baseUrl}}/echo/bearer',
          auth: { type: 'bearer', token: '{{token}}' },
          scripts: test(
            'pm.test("token accepted", () => pm.expect(pm.response.json().token).to.eql(pm.variables.get("token")));',
          ),
        }),
      ],
    },
  ];
}

const SAMPLE_TOKEN = 'sample-token-123';

/**
 * Fill a new personal workspace with the sample collection and a "Local" environment (the same values: choosing
 * it changes nothing, it is there to show where environment values go).
 */
export async function seedSampleContent(opts: {
  db: Db;
  box: SecretBox;
  userId: string;
  workspaceId: string;
  /** Default: the built-in targets' own name. */
  baseUrl?: string;
}): Promise<void> {
  const baseUrl = opts.baseUrl ?? BUILTIN_ORIGIN;
  await createCollection({
    db: opts.db,
    box: opts.box,
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    input: {
      name: 'Getting started',
      description: 'A tour of requests, variables, auth and tests against the built-in echo server.',
      variables: [
        { key: 'baseUrl', value: baseUrl, enabled: true, secret: false },
        { key: 'token', value: SAMPLE_TOKEN, enabled: true, secret: true },
      ],
      items: sampleItems(),
    },
  });
  await createEnvironment({
    db: opts.db,
    box: opts.box,
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    input: {
      name: 'Local',
      variables: [
        { key: 'baseUrl', value: baseUrl, enabled: true, secret: false },
        { key: 'token', value: SAMPLE_TOKEN, enabled: true, secret: true },
      ],
    },
  });
}
