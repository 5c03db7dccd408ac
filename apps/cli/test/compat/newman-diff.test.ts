// The differential suite: ≥ 150 generated Postman v2.1 collections, each run through newman (pinned
// devDependency, library API in this process) and the built `apiplay run`, against the same loopback servers, and
// compared on one normalized form (gen/run.ts). Where apiplay differs on purpose, docs/postman-compat.md says why
// and DELIBERATE below turns newman's result into the one we expect. OPEN lists what still diverges and is not yet
// fixed: those run as `it.fails`, so a fix turns them red until they move out of the list.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCases } from './gen/cases';
import type { DiffCase } from './gen/dsl';
import { writeFixtures } from './gen/fixtures';
import { mapLimit, type NormExecution, type NormRun, runApiplay, runNewman, writeCase } from './gen/run';
import { type DiffServers, startDiffServers } from './gen/servers';

const dir = mkdtempSync(join(tmpdir(), 'apiplay-newman-diff-'));
const cases = buildCases(writeFixtures(dir));

type Adjust = (run: NormRun) => void;
const each =
  (f: (e: NormExecution) => void): Adjust =>
  (r) =>
    r.executions.forEach(f);
/** A script error we report where newman swallows it (docs/postman-compat.md, "Errors newman swallows"). */
const reportsSwallowed: Adjust = (r) => {
  const first = r.executions[0];
  first?.scriptErrors.push('test Error');
  r.exitCode = 1;
};

/** Deliberate differences, each documented in docs/postman-compat.md. */
const DELIBERATE: Record<string, Adjust> = {
  'error-in-settimeout': reportsSwallowed,
  'error-in-sendrequest-callback': reportsSwallowed,
};

/** Newman's deprecation warnings for legacy globals are not printed by apiplay (docs/postman-compat.md). */
const dropDeprecations = each((e) => {
  e.console = e.console.filter((l) => !/^warn Using ".*" is deprecated\. Use /.test(l));
});

/** Divergences not fixed yet (docs/postman-compat.md, "Open divergences"). */
const OPEN = new Set<string>([
  'auth-apikey-header',
  'auth-apikey-query',
  'auth-basic',
  'auth-bearer',
  'auth-explicit-header-wins',
  'auth-folder-inherits',
  'auth-inherit-collection',
  'auth-noauth',
  'auth-oauth2-header',
  'body-file',
  'body-file-json',
  'body-formdata-file',
  'body-formdata-file-missing',
  'body-formdata-text',
  'body-get-with-body',
  'body-raw-empty',
  'body-urlencoded',
  'cookie-jar-api',
  'data-csv-bom-crlf',
  'data-csv-iterations-fewer',
  'data-csv-missing-col',
  'data-csv-numbers-edge',
  'data-csv-types',
  'data-json-types',
  'error-pre-object',
  'error-pre-string',
  'error-test-object',
  'error-test-string',
  'flow-bail-iterations',
  'flow-bail-script-error',
  'flow-skip-in-test-phase',
  'flow-skip-request',
  'legacy-postman-vars',
  'legacy-request-global',
  'legacy-tv4-global',
  'legacy-xml2json',
  'lib-atob-btoa',
  'lib-buffer-util',
  'lib-cheerio',
  'lib-csv-parse',
  'lib-postman-collection',
  'lib-tv4',
  'lib-uuid',
  'lib-xml2js',
  'mutate-add-header-var',
  'mutate-add-query-string',
  'mutate-add-query-var',
  'mutate-change-method',
  'mutate-disabled-header',
  'mutate-encoded-query',
  'mutate-header-object-add',
  'mutate-path-var',
  'mutate-query-disabled',
  'mutate-query-remove',
  'mutate-remove-header',
  'mutate-replace-url',
  'mutate-set-body-after-var',
  'mutate-update-url-string',
  'mutate-upsert-existing',
  'odd-204-length',
  'odd-304-length',
  'odd-broken-gzip',
  'odd-connection-refused',
  'odd-dup-length',
  'odd-early-close',
  'odd-invalid-url',
  'odd-length-long',
  'odd-length-short',
  'odd-partial-headers',
  'pm-execution-api',
  'pm-execution-location-pre',
  'pm-request-headers-api',
  'pm-request-test-phase',
  'pm-require-pm-api',
  'pm-require-unknown',
  'pm-response-schema',
  'pm-sandbox-globals',
  'pmtest-done-never',
  'pmtest-index-property',
  'pmtest-no-args',
  'pmtest-no-callback',
  'pmtest-non-function',
  'redirect-max-redirects',
  'redirect-post-302',
  'redirect-post-303',
  'sendreq-connection-error',
  'sendreq-promise-form',
  'sendreq-unresolved-var',
  'vars-disabled-collection-var',
  'vars-disabled-env',
  'vars-disabled-globals',
  'vars-env-file-types',
]);

let servers: DiffServers;
const results = new Map<string, { newman: NormRun; apiplay: NormRun } | { error: string }>();

beforeAll(async () => {
  servers = await startDiffServers();
  const vars = { baseUrl: servers.url, oddUrl: servers.oddUrl };
  await mapLimit(cases, 4, async (c: DiffCase) => {
    const f = writeCase(dir, c);
    try {
      const [newman, apiplay] = await Promise.all([runNewman(c, f, vars), runApiplay(c, f, vars, dir)]);
      results.set(c.name, { newman, apiplay });
    } catch (e) {
      results.set(c.name, { error: e instanceof Error ? e.message : String(e) });
    }
  });
}, 400_000);
afterAll(async () => {
  await servers?.close();
});

describe('newman ↔ apiplay differential suite', () => {
  it('generates at least 150 collections covering every area', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.area))).toEqual(
      new Set([
        'pm',
        'legacy',
        'lib',
        'vars',
        'data',
        'body',
        'auth',
        'redirect',
        'cookie',
        'flow',
        'error',
        'pmtest',
        'sendreq',
        'mutate',
        'odd',
      ]),
    );
  });

  for (const c of cases) {
    const check = () => {
      const r = results.get(c.name);
      if (!r || 'error' in r) {
        throw new Error(`run failed: ${r ? r.error : 'no result'}`);
      }
      const expected = structuredClone(r.newman);
      dropDeprecations(expected);
      DELIBERATE[c.name]?.(expected);
      expect({ exitCode: r.apiplay.exitCode, executions: r.apiplay.executions }).toEqual({
        exitCode: expected.exitCode,
        executions: expected.executions,
      });
    };
    if (OPEN.has(c.name)) {
      it.fails(`${c.name} (open divergence)`, check);
    } else {
      it(c.name, check);
    }
  }

  it('lists only existing cases as deliberate or open', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const n of [...Object.keys(DELIBERATE), ...OPEN]) {
      expect(names.has(n), n).toBe(true);
    }
  });
});
