// Postman v2.1 collections for the newman ↔ apiplay compatibility suite. Each covers a group of pm features;
// scripts include deliberately failing assertions and throwing scripts. `{{baseUrl}}` points at the echo server.

type Script = string;
interface Req {
  name: string;
  method?: string;
  url: string;
  header?: { key: string; value: string }[];
  body?: Record<string, unknown>;
  auth?: Record<string, unknown>;
  pre?: Script;
  test?: Script;
}
interface Folder {
  name: string;
  items: (Req | Folder)[];
  pre?: Script;
  test?: Script;
  auth?: Record<string, unknown>;
}

const events = (pre?: Script, test?: Script) => [
  ...(pre
    ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: pre.trim().split('\n') } }]
    : []),
  ...(test ? [{ listen: 'test', script: { type: 'text/javascript', exec: test.trim().split('\n') } }] : []),
];

function toItem(x: Req | Folder): Record<string, unknown> {
  if ('items' in x) {
    return {
      name: x.name,
      item: x.items.map(toItem),
      event: events(x.pre, x.test),
      ...(x.auth ? { auth: x.auth } : {}),
    };
  }
  return {
    name: x.name,
    request: {
      method: x.method ?? 'GET',
      header: x.header ?? [],
      url: x.url,
      ...(x.body ? { body: x.body } : {}),
      ...(x.auth ? { auth: x.auth } : {}),
    },
    event: events(x.pre, x.test),
  };
}

export interface CompatCase {
  name: string;
  collection: Record<string, unknown>;
  environment?: Record<string, unknown>;
  globals?: Record<string, unknown>;
  /** JSON data rows (written to a data file). */
  data?: Record<string, unknown>[];
  iterations?: number;
}

function collection(
  name: string,
  items: (Req | Folder)[],
  extra: {
    pre?: Script;
    test?: Script;
    variable?: { key: string; value: string }[];
    auth?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  return {
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: items.map(toItem),
    event: events(extra.pre, extra.test),
    ...(extra.variable ? { variable: extra.variable } : {}),
    ...(extra.auth ? { auth: extra.auth } : {}),
  };
}

const env = (values: Record<string, string>) => ({
  name: 'compat-env',
  values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })),
  _postman_variable_scope: 'environment',
});

export const compatCases: CompatCase[] = [
  {
    name: 'assertions-and-response',
    collection: collection('assertions-and-response', [
      {
        name: 'json echo',
        method: 'POST',
        url: '{{baseUrl}}/items?q=search&n=1',
        header: [
          { key: 'Content-Type', value: 'application/json' },
          { key: 'X-Trace', value: 't-1' },
        ],
        body: {
          mode: 'raw',
          raw: '{"id": 7, "tags": ["a", "b"], "nested": {"k": "v"}}',
          options: { raw: { language: 'json' } },
        },
        test: `
const j = pm.response.json();
pm.test('status 200', function () { pm.response.to.have.status(200); });
pm.test('is ok', () => { pm.response.to.be.ok; });
pm.test('has content-type header', () => { pm.response.to.have.header('Content-Type'); });
pm.test('header value via headers.get', () => { pm.expect(pm.response.headers.get('Content-Type')).to.include('application/json'); });
pm.test('code and status text', () => { pm.expect(pm.response.code).to.equal(200); pm.expect(pm.response.status).to.equal('OK'); });
pm.test('json body', () => {
  pm.expect(j.method).to.equal('POST');
  pm.expect(j.json).to.deep.equal({ id: 7, tags: ['a', 'b'], nested: { k: 'v' } });
  pm.expect(j.json.tags).to.have.lengthOf(2);
  pm.expect(j.query).to.have.property('q', 'search');
  pm.expect(j.headers['x-trace']).to.eql('t-1');
});
pm.test('text() is the raw body', () => { pm.expect(pm.response.text()).to.be.a('string').and.to.include('"method":"POST"'); });
pm.test('responseTime is a number', () => { pm.expect(pm.response.responseTime).to.be.a('number').and.to.be.at.least(0); });
pm.test('chai negation and numbers', () => { pm.expect(j.json.id).to.be.above(5).and.below(8); pm.expect([1, 2]).to.not.include(3); });
pm.test('FAILS: wrong status', () => { pm.response.to.have.status(201); });
pm.test('FAILS: wrong deep value', () => { pm.expect(j.json.nested).to.deep.equal({ k: 'w' }); });
pm.test('FAILS: thrown inside test', () => { throw new Error('inside'); });
tests['legacy tests[] pass'] = responseCode.code === 200;
tests['FAILS: legacy tests[]'] = false;
`,
      },
      {
        name: 'status 404',
        url: '{{baseUrl}}/status/404',
        test: `
pm.test('status 404', () => pm.response.to.have.status(404));
pm.test('is client error', () => { pm.response.to.be.clientError; });
pm.test('FAILS: expects success', () => { pm.response.to.be.success; });
pm.test.skip('skipped test', () => { pm.expect(1).to.equal(2); });
`,
      },
    ]),
    environment: env({}),
  },
  {
    name: 'variables-and-data',
    collection: collection(
      'variables-and-data',
      [
        {
          name: 'Scoped',
          pre: "pm.variables.set('fromFolder', 'F');",
          items: [
            {
              name: 'resolve scopes',
              url: '{{baseUrl}}/vars/{{user}}?env={{envVar}}&glob={{globVar}}&coll={{collVar}}&shadow={{shadow}}&local={{fromFolder}}',
              header: [{ key: 'X-User', value: '{{user}}' }],
              pre: `
pm.environment.set('setInPre', 'env-' + pm.iterationData.get('user'));
pm.globals.set('globalCounter', Number(pm.globals.get('globalCounter') || 0) + 1);
pm.collectionVariables.set('collSet', 'c' + pm.info.iteration);
`,
              test: `
const q = pm.response.json().query;
pm.test('data row reaches the url', () => pm.expect(pm.response.json().path).to.equal('/vars/' + pm.iterationData.get('user')));
pm.test('env/global/collection/local resolve', () => {
  pm.expect(q.env).to.equal('E');
  pm.expect(q.glob).to.equal('G');
  pm.expect(q.coll).to.equal('C');
  pm.expect(q.local).to.equal('F');
});
pm.test('precedence: data beats env beats collection beats globals', () => pm.expect(q.shadow).to.equal(pm.iterationData.get('shadow') || 'env-shadow'));
pm.test('pm.variables sees every scope', () => {
  pm.expect(pm.variables.get('envVar')).to.equal('E');
  pm.expect(pm.variables.get('collVar')).to.equal('C');
  pm.expect(pm.variables.get('globVar')).to.equal('G');
  pm.expect(pm.variables.has('nope')).to.equal(false);
});
pm.test('set in pre-request visible', () => pm.expect(pm.environment.get('setInPre')).to.equal('env-' + pm.iterationData.get('user')));
pm.test('iteration data object', () => pm.expect(pm.iterationData.toObject()).to.have.property('user'));
pm.test('header resolved', () => pm.expect(pm.response.json().headers['x-user']).to.equal(pm.iterationData.get('user')));
pm.test('collection variable written', () => pm.expect(pm.collectionVariables.get('collSet')).to.equal('c' + pm.info.iteration));
pm.test('replaceIn', () => pm.expect(pm.variables.replaceIn('{{envVar}}-{{globVar}}')).to.equal('E-G'));
pm.test('FAILS: iteration 1 only', () => pm.expect(pm.info.iteration).to.equal(0));
`,
            },
          ],
        },
        {
          name: 'unset and toObject',
          url: '{{baseUrl}}/unset',
          test: `
pm.environment.unset('setInPre');
pm.test('unset removes', () => pm.expect(pm.environment.has('setInPre')).to.equal(false));
pm.test('env toObject', () => pm.expect(pm.environment.toObject()).to.include({ envVar: 'E' }));
pm.test('globals counter counts iterations', () => pm.expect(Number(pm.globals.get('globalCounter'))).to.equal(pm.info.iteration + 1));
pm.test('info', () => { pm.expect(pm.info.requestName).to.equal('unset and toObject'); pm.expect(pm.info.iterationCount).to.equal(2); pm.expect(pm.info.eventName).to.equal('test'); });
`,
        },
      ],
      {
        variable: [
          { key: 'collVar', value: 'C' },
          { key: 'shadow', value: 'coll-shadow' },
        ],
      },
    ),
    environment: env({ envVar: 'E', shadow: 'env-shadow' }),
    globals: {
      name: 'g',
      values: [
        { key: 'globVar', value: 'G', enabled: true },
        { key: 'shadow', value: 'glob-shadow', enabled: true },
      ],
      _postman_variable_scope: 'globals',
    },
    data: [{ user: 'ann', shadow: 'data-shadow' }, { user: 'bob' }],
  },
  {
    name: 'flow-and-scripts',
    collection: collection(
      'flow-and-scripts',
      [
        {
          name: 'start',
          url: '{{baseUrl}}/start',
          test: "postman.setNextRequest('jump target'); pm.test('start ran', () => {});",
        },
        {
          name: 'skipped by jump',
          url: '{{baseUrl}}/skipped',
          test: "pm.test('FAILS if run', () => pm.expect.fail('ran'));",
        },
        {
          name: 'jump target',
          url: '{{baseUrl}}/target?round={{round}}',
          pre: "pm.variables.set('round', Number(pm.variables.get('round') || 0) + 1);",
          test: `
const round = Number(pm.variables.get('round'));
pm.test('round ' + round, () => pm.expect(pm.response.json().query.round).to.equal(String(round)));
if (round < 2) { postman.setNextRequest('jump target'); } else { postman.setNextRequest('after'); }
`,
        },
        {
          name: 'after',
          url: '{{baseUrl}}/after',
          test: "pm.test('after ran', () => {}); pm.test('FAILS: deliberate', () => pm.expect('a').to.equal('b')); postman.setNextRequest(null);",
        },
        { name: 'never (stopped)', url: '{{baseUrl}}/never' },
      ],
      {
        pre: "console.log('collection pre for', pm.info.requestName);",
        test: "pm.test('collection-level test', () => pm.expect(pm.response.code).to.be.below(500));",
      },
    ),
  },
  {
    name: 'errors-console-require',
    collection: collection('errors-console-require', [
      {
        name: 'throwing pre-request',
        url: '{{baseUrl}}/pre-throws',
        pre: "console.log('about to throw');\nthrow new Error('pre-request boom');",
        test: "pm.test('test still runs after pre-request error', () => pm.response.to.have.status(200));",
      },
      {
        name: 'throwing test script',
        url: '{{baseUrl}}/test-throws',
        test: "pm.test('before the throw', () => {});\nundefinedFunction();\npm.test('never registered', () => {});",
      },
      {
        name: 'require libraries',
        url: '{{baseUrl}}/libs',
        test: `
const lodash = require('lodash');
const cryptoJs = require('crypto-js');
const uuid = require('uuid');
console.log('lodash chunk', JSON.stringify(lodash.chunk([1, 2, 3, 4], 2)));
console.info('info line');
console.warn('warn line');
pm.test('lodash', () => pm.expect(lodash.chunk([1, 2, 3], 2)).to.deep.equal([[1, 2], [3]]));
pm.test('global _ is lodash', () => pm.expect(_.isEqual({ a: 1 }, { a: 1 })).to.equal(true));
pm.test('crypto-js md5', () => pm.expect(cryptoJs.MD5('abc').toString()).to.equal('900150983cd24fb0d6963f7d28e17f72'));
pm.test('crypto-js hmac sha256 base64', () => pm.expect(cryptoJs.HmacSHA256('msg', 'key').toString(cryptoJs.enc.Base64)).to.equal('LZPLwb4We8sWN6SiPL/wGnh48MUO6DOVTqUiG7G4xig='));
pm.test('uuid v4', () => pm.expect(uuid.v4()).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
pm.test('atob/btoa', () => pm.expect(atob(btoa('hi'))).to.equal('hi'));
pm.test('FAILS: crypto mismatch', () => pm.expect(cryptoJs.SHA1('x').toString()).to.equal('nope'));
`,
      },
    ]),
  },
  {
    name: 'send-request-and-cookies',
    collection: collection('send-request-and-cookies', [
      {
        name: 'set cookie',
        url: '{{baseUrl}}/cookies/set?session=abc123&theme=dark',
        test: `
pm.test('cookie from response', () => pm.expect(pm.cookies.get('session')).to.equal('abc123'));
pm.test('cookies.has', () => { pm.expect(pm.cookies.has('theme')).to.equal(true); pm.expect(pm.cookies.has('missing')).to.equal(false); });
`,
      },
      {
        name: 'jar sends cookie',
        url: '{{baseUrl}}/cookies/echo',
        test: "pm.test('cookie header sent back', () => pm.expect(pm.response.json().headers.cookie).to.include('session=abc123'));",
      },
      {
        name: 'sendRequest',
        url: '{{baseUrl}}/main',
        pre: `
pm.sendRequest(pm.environment.get('baseUrl') + '/side?from=pre', function (err, res) {
  pm.environment.set('sideStatus', String(res.code));
});
`,
        test: `
pm.test('pre-request sendRequest finished', () => pm.expect(pm.environment.get('sideStatus')).to.equal('200'));
pm.sendRequest({
  url: pm.environment.get('baseUrl') + '/side-post',
  method: 'POST',
  header: { 'Content-Type': 'application/json', 'X-Side': 'yes' },
  body: { mode: 'raw', raw: JSON.stringify({ a: 1 }) }
}, function (err, res) {
  pm.test('sendRequest callback sees response', () => {
    pm.expect(err).to.equal(null);
    pm.expect(res.json().json).to.deep.equal({ a: 1 });
    pm.expect(res.json().headers['x-side']).to.equal('yes');
  });
  pm.test('FAILS: sendRequest status', () => pm.expect(res.code).to.equal(418));
});
`,
      },
    ]),
    environment: env({}),
  },
  {
    name: 'auth-and-bodies',
    collection: collection(
      'auth-and-bodies',
      [
        {
          name: 'Basic folder',
          items: [
            {
              name: 'inherits basic',
              url: '{{baseUrl}}/auth/basic',
              test: "pm.test('basic header', () => pm.expect(pm.response.json().headers.authorization).to.equal('Basic ' + btoa('alice:s3cret')));",
            },
            {
              name: 'noauth overrides',
              url: '{{baseUrl}}/auth/none',
              auth: { type: 'noauth' },
              test: "pm.test('no auth header', () => pm.expect(pm.response.json().headers).to.not.have.property('authorization'));",
            },
          ],
          auth: {
            type: 'basic',
            basic: [
              { key: 'username', value: 'alice' },
              { key: 'password', value: '{{password}}' },
            ],
          },
        },
        {
          name: 'bearer',
          url: '{{baseUrl}}/auth/bearer',
          auth: { type: 'bearer', bearer: [{ key: 'token', value: 'tok-{{password}}' }] },
          test: "pm.test('bearer header', () => pm.expect(pm.response.json().headers.authorization).to.equal('Bearer tok-s3cret'));",
        },
        {
          name: 'apikey query',
          url: '{{baseUrl}}/auth/key?x=1',
          auth: {
            type: 'apikey',
            apikey: [
              { key: 'key', value: 'api_key' },
              { key: 'value', value: 'k1' },
              { key: 'in', value: 'query' },
            ],
          },
          test: "pm.test('api key in query', () => pm.expect(pm.response.json().query.api_key).to.equal('k1'));",
        },
        {
          name: 'urlencoded body',
          method: 'PUT',
          url: '{{baseUrl}}/form',
          body: {
            mode: 'urlencoded',
            urlencoded: [
              { key: 'a', value: '1' },
              { key: 'b', value: 'x y&z' },
              { key: 'off', value: 'no', disabled: true },
            ],
          },
          test: "pm.test('form fields', () => pm.expect(pm.response.json().form).to.deep.equal({ a: '1', b: 'x y&z' }));",
        },
        {
          name: 'formdata body',
          method: 'POST',
          url: '{{baseUrl}}/multipart',
          body: { mode: 'formdata', formdata: [{ key: 'field', value: 'v1', type: 'text' }] },
          test: "pm.test('multipart sent', () => { pm.expect(pm.response.json().headers['content-type']).to.include('multipart/form-data'); pm.expect(pm.response.json().body).to.include('v1'); });",
        },
        {
          name: 'graphql body',
          method: 'POST',
          url: '{{baseUrl}}/graphql',
          body: {
            mode: 'graphql',
            graphql: { query: 'query Q($id: ID) { item(id: $id) { id } }', variables: '{"id": "9"}' },
          },
          test: "pm.test('graphql json', () => pm.expect(pm.response.json().json).to.deep.equal({ query: 'query Q($id: ID) { item(id: $id) { id } }', variables: { id: '9' } }));",
        },
        {
          name: 'pre-request mutates request',
          url: '{{baseUrl}}/mutate',
          pre: "pm.request.headers.add({ key: 'X-Added', value: 'added' });\npm.request.url.query.add({ key: 'extra', value: '1' });",
          test: "pm.test('mutation sent', () => { pm.expect(pm.response.json().headers['x-added']).to.equal('added'); pm.expect(pm.response.json().query.extra).to.equal('1'); });\npm.test('pm.request reflects url', () => pm.expect(pm.request.url.toString()).to.include('/mutate'));\npm.test('FAILS: deliberate', () => pm.expect(pm.response.code).to.equal(299));",
        },
      ],
      { variable: [{ key: 'password', value: 's3cret' }] },
    ),
  },
];
