// Writes the BENCHMARKS.md runner workload as Postman v2.1 collections: N requests cycling
// GET with query / POST JSON / PUT urlencoded / GET /status/201, each with exactly 3 pm.test blocks using
// pm.response.json(), pm.expect and pm.environment.set (each request checks the value the previous one stored),
// so assertions = 3 × N and all pass. Also a /delay/20 collection for the parallel comparison.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const headers = [
  { key: 'Accept', value: 'application/json' },
  { key: 'X-Api-Key', value: '{{apiKey}}' },
  { key: 'X-Tenant', value: '{{tenant}}' },
  { key: 'X-Chain', value: '{{chain}}' },
];

function tests(i, kind) {
  const prev = i === 0 ? 'c-init' : `c${i - 1}`;
  const status = kind === 3 ? 201 : 200;
  const checks = {
    0: [
      `pm.expect(j.method).to.equal("GET");`,
      `pm.expect(j.query.page).to.equal("${i}");`,
      `pm.expect(j.query.q).to.equal("search-${i}");`,
    ],
    1: [
      `pm.expect(j.method).to.equal("POST");`,
      `pm.expect(j.json.id).to.equal(${i});`,
      `pm.expect(j.json.nested.n).to.equal(${i});`,
      `pm.expect(j.json.tags).to.have.lengthOf(3);`,
    ],
    2: [
      `pm.expect(j.method).to.equal("PUT");`,
      `pm.expect(j.path).to.equal("/items/${i}");`,
      `pm.expect(j.form.name).to.equal("item-${i}");`,
    ],
    3: [`pm.expect(j.method).to.equal("GET");`, `pm.expect(j.path).to.equal("/status/201");`],
  }[kind];
  const echoed = {
    0: `pm.expect(j.query.prev).to.equal("${prev}");`,
    1: `pm.expect(j.json.prev).to.equal("${prev}");`,
    2: `pm.expect(j.form.prev).to.equal("${prev}");`,
    3: '',
  }[kind];
  const id = { 0: 'j.query.page', 1: 'j.json.id', 2: 'j.form.id', 3: 'j.query.i' }[kind];
  return [
    'const j = pm.response.json();',
    `pm.test("status is ${status}", function () { pm.expect(pm.response.code).to.equal(${status}); });`,
    `pm.test("echo matches request ${i}", function () {`,
    '  pm.expect(j.headers["x-api-key"]).to.equal(pm.environment.get("apiKey"));',
    '  pm.expect(j.headers["x-tenant"]).to.equal("acme");',
    ...checks.map((c) => `  ${c}`),
    '});',
    'pm.test("chained value from previous response", function () {',
    `  pm.expect(j.headers["x-chain"]).to.equal("${prev}");`,
    ...(echoed ? [`  ${echoed}`] : []),
    '});',
    `pm.environment.set("chain", "c" + ${id});`,
  ];
}

function item(i, scripts) {
  const kind = i % 4;
  const n = String(i).padStart(4, '0');
  const event = scripts
    ? [{ listen: 'test', script: { type: 'text/javascript', exec: tests(i, kind) } }]
    : [];
  if (kind === 0) {
    const query = [
      { key: 'page', value: String(i) },
      { key: 'limit', value: '20' },
      { key: 'q', value: `search-${i}` },
      { key: 'prev', value: '{{chain}}' },
    ];
    const raw = `{{baseUrl}}/items?${query.map((q) => `${q.key}=${q.value}`).join('&')}`;
    return {
      name: `${n} GET list items`,
      event,
      request: {
        method: 'GET',
        header: headers,
        url: { raw, host: ['{{baseUrl}}'], path: ['items'], query },
      },
    };
  }
  if (kind === 1) {
    const raw = `{\n  "id": ${i},\n  "name": "item-${i}",\n  "tags": ["a", "b", "c"],\n  "nested": { "k": "v", "n": ${i} },\n  "prev": "{{chain}}"\n}`;
    return {
      name: `${n} POST create item`,
      event,
      request: {
        method: 'POST',
        header: [...headers, { key: 'Content-Type', value: 'application/json' }],
        body: { mode: 'raw', raw, options: { raw: { language: 'json' } } },
        url: { raw: '{{baseUrl}}/items', host: ['{{baseUrl}}'], path: ['items'] },
      },
    };
  }
  if (kind === 2) {
    return {
      name: `${n} PUT update item (form)`,
      event,
      request: {
        method: 'PUT',
        header: [...headers, { key: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
        body: {
          mode: 'urlencoded',
          urlencoded: [
            { key: 'id', value: String(i), type: 'text' },
            { key: 'name', value: `item-${i}`, type: 'text' },
            { key: 'prev', value: '{{chain}}', type: 'text' },
          ],
        },
        url: { raw: `{{baseUrl}}/items/${i}`, host: ['{{baseUrl}}'], path: ['items', String(i)] },
      },
    };
  }
  return {
    name: `${n} GET status 201`,
    event,
    request: {
      method: 'GET',
      header: headers,
      url: {
        raw: `{{baseUrl}}/status/201?i=${i}`,
        host: ['{{baseUrl}}'],
        path: ['status', '201'],
        query: [{ key: 'i', value: String(i) }],
      },
    },
  };
}

const schema = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/**
 * Write bench-<n>.postman_collection.json for each size, bench-delay (one /delay/20 request) and the environment.
 * `scripts: false` writes bench-<n>-noscripts.postman_collection.json instead: the same requests without test
 * scripts, to measure the runner's non-script path.
 */
export function generate(outDir, sizes, baseUrl, { scripts = true } = {}) {
  mkdirSync(outDir, { recursive: true });
  const files = {};
  const suffix = scripts ? '' : '-noscripts';
  for (const n of sizes) {
    const file = join(outDir, `bench-${n}${suffix}.postman_collection.json`);
    writeFileSync(
      file,
      JSON.stringify({
        info: { name: `bench-${n}${suffix}`, schema },
        item: Array.from({ length: n }, (_, i) => item(i, scripts)),
      }),
    );
    files[n] = file;
  }
  const delay = join(outDir, 'bench-delay.postman_collection.json');
  writeFileSync(
    delay,
    JSON.stringify({
      info: { name: 'bench-delay', schema },
      item: [
        {
          name: 'delay 20',
          request: { method: 'GET', url: '{{baseUrl}}/delay/20?it={{$randomInt}}' },
          event: [
            { listen: 'test', script: { exec: ['pm.test("200", () => pm.response.to.have.status(200));'] } },
          ],
        },
      ],
    }),
  );
  const env = join(outDir, 'bench.postman_environment.json');
  writeFileSync(
    env,
    JSON.stringify({
      name: 'bench-env',
      values: [
        { key: 'baseUrl', value: baseUrl, enabled: true },
        { key: 'apiKey', value: 'k-1234567890', type: 'secret', enabled: true },
        { key: 'tenant', value: 'acme', enabled: true },
        { key: 'chain', value: 'c-init', enabled: true },
      ],
      _postman_variable_scope: 'environment',
    }),
  );
  return { files, delay, env };
}

// node gen-collection.mjs [outDir] [sizes] [baseUrl] [--no-scripts]
if (import.meta.url === `file://${process.argv[1]}`) {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const out = generate(
    positional[0] ?? 'bench/output/runner',
    (positional[1] ?? '1,200,1000').split(',').map(Number),
    positional[2] ?? 'http://127.0.0.1:3999',
    { scripts: !process.argv.includes('--no-scripts') },
  );
  console.log(out);
}
