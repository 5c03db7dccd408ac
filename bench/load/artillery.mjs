// Artillery for compare.mjs (issue 17 item 4: apiplay load ≥ 5× Artillery's req/s for the same scenario and VUs):
// installs it on demand, writes its script for the workload's 4 requests, reads its JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The newest Artillery whose `engines` accepts this machine's Node 20: 2.0.22 and later declare node ≥ 22.13
 * (2.0.34: ≥ 22.18). 2.0.33 happened to run the plain scenario on Node 20.20 as well, but outside its declared support.
 */
export const ARTILLERY_VERSION = '2.0.21';

/** Git-ignored (bench/.tools/): Artillery with its dependencies is ≈ 600 MB, too big for the repo's package.json. */
export const ARTILLERY_DIR = resolve(here, '../.tools/artillery');

/**
 * Artillery's CLI entry (bin/run), installed into ARTILLERY_DIR first if `version` is not there yet; throws with
 * npm's exit code when the install fails (offline, registry down). Install scripts are skipped: Artillery's
 * Playwright engine would download browsers, and the HTTP engine needs none of them.
 */
export function ensureArtillery(version = ARTILLERY_VERSION) {
  const bin = join(ARTILLERY_DIR, 'node_modules/artillery/bin/run');
  const pkg = join(ARTILLERY_DIR, 'node_modules/artillery/package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === version) {
    return bin;
  }
  console.error(
    `Installing artillery@${version} into ${ARTILLERY_DIR} (once; ≈ 600 MB, about a minute; --no-artillery skips Artillery)…`,
  );
  mkdirSync(ARTILLERY_DIR, { recursive: true });
  // Its own package.json, so npm installs here instead of into the workspace root above.
  writeFileSync(
    join(ARTILLERY_DIR, 'package.json'),
    `${JSON.stringify({ private: true, description: 'Artillery for bench/load/compare.mjs (git-ignored)' })}\n`,
  );
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      ARTILLERY_DIR,
      '--save-exact',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--omit=optional',
      '--loglevel=error',
      `artillery@${version}`,
    ],
    {
      stdio: ['ignore', 2, 2],
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      timeout: 10 * 60_000,
    },
  );
  if (npm.status !== 0 || !existsSync(bin)) {
    throw new Error(
      `npm install artillery@${version} failed (exit ${npm.status ?? npm.signal ?? npm.error})`,
    );
  }
  return bin;
}

/**
 * Environment for an Artillery run. With telemetry off Artillery 2.0.21 still posts an anonymous "test run" event
 * to app.posthog.com at exit and retries it for ≈ 12 s when the host is unreachable (this machine only reaches
 * the npm registry); it skips that event in a cloud worker (`WORKER_ID` set), which changes nothing else here
 * (the cloud plugin also needs ARTILLERY_CLOUD_API_KEY; the Slack and Prometheus plugins are not used).
 */
export const artilleryEnv = { ARTILLERY_DISABLE_TELEMETRY: 'true', WORKER_ID: 'apiplay-bench' };

/**
 * One expectation per pm.test block of the shared 3-test workload (bench/runner/gen-collection.mjs, tests(i) for
 * i = 0..3): the status, "echo matches request i", "chained value from previous response". JMESPath over the echoed
 * JSON body, evaluated by artillery-plugin-expect. Literal values as in the pm tests.
 */
function expectations(i, apiKey) {
  const status = i === 3 ? 201 : 200;
  const prev = i === 0 ? 'c-init' : `c${i - 1}`;
  const keys = `headers."x-api-key" == '${apiKey}' && headers."x-tenant" == 'acme'`;
  const echo = [
    "method == 'GET' && query.page == '0' && query.q == 'search-0'",
    "method == 'POST' && json.id == `1` && json.nested.n == `1` && length(json.tags) == `3`",
    "method == 'PUT' && path == '/items/2' && form.name == 'item-2'",
    "method == 'GET' && path == '/status/201'",
  ][i];
  const echoedPrev = ['query.prev', 'json.prev', 'form.prev', null][i];
  const chain = `headers."x-chain" == '${prev}'${echoedPrev ? ` && ${echoedPrev} == '${prev}'` : ''}`;
  return [{ statusCode: status }, { jmespath: `${keys} && ${echo}` }, { jmespath: chain }];
}

/** Where request i's id is echoed: the value the next request sends as "c<id>" (pm.environment.set("chain", …)). */
const captureOf = ['$.query.page', '$.json.id', '$.form.id', null];

/**
 * One Artillery request from a Postman item of the plain 4-request collection. Without checks every variable is
 * filled in as for autocannon (chain = "c-init"); with checks, requests 1–3 send the id captured from the previous
 * response, as the scripted workload does, and request 0 sends "c-init" again (where the scripted collection's
 * last request resets the variable).
 */
function artilleryRequest(request, i, vars, checks) {
  const chain = checks && i > 0 ? 'c{{ prevId }}' : vars.chain;
  const fill = (s) => s.replace(/\{\{(\w+)\}\}/g, (_, k) => (k === 'chain' ? chain : (vars[k] ?? '')));
  const form = request.body?.mode === 'urlencoded';
  const headers = Object.fromEntries(
    request.header
      // `form` sets its own Content-Type.
      .filter((h) => !(form && h.key.toLowerCase() === 'content-type'))
      .map((h) => [h.key, fill(h.value)]),
  );
  const spec = { url: fill(request.url.raw), headers };
  if (request.body?.mode === 'raw') {
    spec.body = fill(request.body.raw);
  } else if (form) {
    spec.form = Object.fromEntries(request.body.urlencoded.map((p) => [p.key, fill(p.value)]));
  }
  if (checks) {
    spec.expect = expectations(i, vars.apiKey);
    if (captureOf[i]) {
      spec.capture = [{ json: captureOf[i], as: 'prevId' }];
    }
  }
  return { [request.method.toLowerCase()]: spec };
}

/**
 * Artillery's script for the workload's 4 requests (`items`: the plain collection's items, `vars`: the environment),
 * `vus` VUs for `seconds`, with or without the 12 checks per iteration.
 */
export function artilleryScript({ target, items, vars, vus, seconds, checks }) {
  if (items.length !== 4) {
    throw new Error(`the Artillery scenario mirrors the 4-request workload, got ${items.length} requests`);
  }
  return {
    config: {
      target,
      // "Same VUs": an Artillery VU is one arrival running the scenario once, on its own keep-alive connection
      // (without config.http.pool each VU gets its own agent). `vus` arrivals within 100 ms, each looping the 4
      // requests until the processor's deadline, are `vus` VUs for the run's seconds, as `apiplay load --vus`.
      phases: [{ duration: '100ms', arrivalCount: vus }],
      processor: join(here, 'artillery-processor.cjs'),
      variables: { benchSeconds: seconds },
      // Failed expectations are counted (plugins.expect.failed), not printed per request.
      ...(checks ? { plugins: { expect: { formatter: 'silent' } } } : {}),
    },
    scenarios: [
      {
        name: 'workload',
        beforeScenario: 'startClock',
        flow: [
          {
            loop: items.map((it, i) => artilleryRequest(it.request, i, vars, checks)),
            whileTrue: 'beforeDeadline',
          },
        ],
      },
    ],
  };
}

/**
 * Requests, req/s, p50/p99 (ms) and failures from Artillery's `--output` report. req/s is over the span from its
 * first to its last counter (the first VU's arrival to the last VU's end), so its ≈ 2 s of CLI startup and worker
 * boot are not counted against it.
 */
export function readArtilleryReport(file) {
  const a = JSON.parse(readFileSync(file, 'utf8')).aggregate;
  const c = a.counters;
  const requests = c['http.requests'] ?? 0;
  const seconds = Math.max(0.001, (a.lastCounterAt - a.firstCounterAt) / 1000);
  const errors = Object.entries(c)
    .filter(([k]) => k.startsWith('errors.'))
    .reduce((sum, [, v]) => sum + v, 0);
  const rt = a.summaries['http.response_time'] ?? {};
  return {
    requests,
    rps: requests / seconds,
    p50: rt.median,
    p99: rt.p99,
    errors,
    vus: c['vusers.created'] ?? 0,
    vusFailed: c['vusers.failed'] ?? 0,
    checksPassed: c['plugins.expect.ok'] ?? 0,
    checksFailed: c['plugins.expect.failed'] ?? 0,
  };
}
