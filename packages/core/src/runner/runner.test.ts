import { describe, expect, it } from 'vitest';
import { useLoopbackRuntime } from '../../test-support/loopback-runtime';
import { requestItem } from '../../test-support/request-item';
import type { TCollection, TFolder, TItem, TRequestItem } from '../schema';
import { executeOne, type RunEvent, runCollection } from '.';

const rt = useLoopbackRuntime();

let seq = 0;
function req(
  name: string,
  url: string,
  scripts: { preRequest?: string; test?: string } = {},
  extra: Partial<TRequestItem> = {},
): TRequestItem {
  seq += 1;
  return requestItem(`r${seq}`, name, url, {
    scripts: { preRequest: scripts.preRequest ?? '', test: scripts.test ?? '' },
    ...extra,
  });
}
function folder(name: string, items: TItem[], extra: Partial<TFolder> = {}): TFolder {
  seq += 1;
  return {
    type: 'folder',
    id: `f${seq}`,
    name,
    description: '',
    auth: { type: 'inherit' },
    variables: [],
    scripts: { preRequest: '', test: '' },
    items,
    ...extra,
  };
}
function collection(items: TItem[], extra: Partial<TCollection> = {}): TCollection {
  return {
    v: 1,
    id: 'c1',
    name: 'Runner test',
    description: '',
    auth: { type: 'none' },
    variables: [{ key: 'base', value: '', enabled: true, secret: false }],
    scripts: { preRequest: '', test: '' },
    items,
    ...extra,
  };
}
const vars = () => [{ key: 'base', value: rt.echo.url, enabled: true, secret: false }];

describe('runCollection', () => {
  it('runs every request in order and emits a typed event stream', async () => {
    const c = collection(
      [req('a', '{{base}}/a'), folder('F', [req('b', '{{base}}/b?x=1')]), req('c', '{{base}}/status/404')],
      {
        variables: vars(),
      },
    );
    const handle = runCollection({ collection: c, transport: rt.transport });
    const events: RunEvent['type'][] = [];
    handle.on((e) => events.push(e.type));
    const report = await handle.report;
    expect(report.status).toBe('passed');
    expect(report.executions.map((e) => [e.name, e.path, e.response?.status])).toEqual([
      ['a', [], 200],
      ['b', ['F'], 200],
      ['c', [], 404],
    ]);
    expect(report.stats.requests).toEqual({ total: 3, failed: 0 });
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('done');
    expect(events.filter((t) => t === 'beforeRequest')).toHaveLength(3);
    expect(events.indexOf('beforeRequest')).toBeLessThan(events.indexOf('response'));
  });

  it('runs scripts root → leaf, records assertions and fails the run on a failed assertion', async () => {
    const c = collection(
      [
        folder(
          'F',
          [
            req('one', '{{base}}/one', {
              preRequest: "pm.environment.set('order', pm.environment.get('order') + ',request');",
              test: "pm.test('ok', () => pm.response.to.have.status(200)); pm.test('bad', () => pm.expect(1).to.equal(2));",
            }),
          ],
          {
            scripts: {
              preRequest: "pm.environment.set('order', pm.environment.get('order') + ',folder');",
              test: '',
            },
          },
        ),
      ],
      {
        variables: vars(),
        scripts: {
          preRequest: "pm.environment.set('order', 'collection');",
          test: "pm.test('root test', () => {});",
        },
      },
    );
    const handle = runCollection({ collection: c, transport: rt.transport, scriptEngine: rt.engine });
    const report = await handle.report;
    const e = report.executions[0];
    expect(e?.assertions.map((a) => [a.name, a.passed])).toEqual([
      ['root test', true],
      ['ok', true],
      ['bad', false],
    ]);
    expect(report.status).toBe('failed');
    expect(report.stats.assertions).toEqual({ total: 3, failed: 1 });
    const v = await handle.variables;
    expect(v.environment.find((x) => x.key === 'order')?.value).toBe('collection,folder,request');
  });

  it('reports a throwing script with its line and continues', async () => {
    const c = collection(
      [
        req('boom', '{{base}}/boom', { test: "const a = 1;\nthrow new Error('kaput');" }),
        req('after', '{{base}}/after'),
      ],
      { variables: vars() },
    );
    const report = await runCollection({ collection: c, transport: rt.transport, scriptEngine: rt.engine })
      .report;
    expect(report.executions).toHaveLength(2);
    expect(report.executions[0]?.scriptFailures[0]).toMatchObject({ phase: 'test', source: 'boom', line: 2 });
    expect(report.executions[0]?.scriptFailures[0]?.message).toContain('kaput');
    expect(report.stats.scripts.failed).toBe(1);
    expect(report.status).toBe('failed');
  });

  it('iterates over data rows (last row repeats) with the data scope', async () => {
    const c = collection([req('d', '{{base}}/d?id={{id}}')], { variables: vars() });
    const report = await runCollection({
      collection: c,
      transport: rt.transport,
      iterationData: [{ id: 'a' }, { id: 'b' }],
      iterations: 3,
    }).report;
    expect(report.stats.iterations).toBe(3);
    expect(report.executions.map((e) => e.request.url.split('?')[1])).toEqual(['id=a', 'id=b', 'id=b']);
  });

  it('selects nested folders by name and rejects unknown ones', async () => {
    const c = collection(
      [
        req('top', '{{base}}/top'),
        folder('Outer', [req('o', '{{base}}/o'), folder('Inner', [req('i', '{{base}}/i')])]),
      ],
      {
        variables: vars(),
      },
    );
    const report = await runCollection({ collection: c, transport: rt.transport, folders: ['Inner'] }).report;
    expect(report.executions.map((e) => e.name)).toEqual(['i']);
    expect(report.executions[0]?.path).toEqual(['Outer', 'Inner']);
    const bad = await runCollection({ collection: c, transport: rt.transport, folders: ['Nope'] }).report;
    expect(bad.status).toBe('aborted');
    expect(bad.executions).toHaveLength(0);
  });

  it('follows postman.setNextRequest jumps and stops on null', async () => {
    const c = collection(
      [
        req('first', '{{base}}/1', { test: "postman.setNextRequest('third');" }),
        req('second', '{{base}}/2'),
        req('third', '{{base}}/3', {
          test: "const n = (pm.environment.get('n') || 0) + 1; pm.environment.set('n', n); if (n < 2) { postman.setNextRequest('second'); } else { postman.setNextRequest(null); }",
        }),
        req('fourth', '{{base}}/4'),
      ],
      { variables: vars() },
    );
    const report = await runCollection({ collection: c, transport: rt.transport, scriptEngine: rt.engine })
      .report;
    expect(report.executions.map((e) => e.name)).toEqual(['first', 'third', 'second', 'third']);
  });

  it('bails at the first failure', async () => {
    const c = collection(
      [
        req('ok', '{{base}}/ok'),
        req('fails', '{{base}}/f', { test: "pm.test('no', () => pm.expect(true).to.equal(false));" }),
        req('never', '{{base}}/n'),
      ],
      { variables: vars() },
    );
    const report = await runCollection({
      collection: c,
      transport: rt.transport,
      scriptEngine: rt.engine,
      bail: true,
      iterations: 2,
    }).report;
    expect(report.executions.map((e) => e.name)).toEqual(['ok', 'fails']);
    expect(report.status).toBe('failed');
  });

  it('reports transport errors as failed requests', async () => {
    const c = collection([req('down', 'http://127.0.0.1:1/nothing')]);
    const report = await runCollection({ collection: c, transport: rt.transport, timeoutMs: 2000 }).report;
    expect(report.executions[0]?.error?.code).toBeTruthy();
    expect(report.stats.requests.failed).toBe(1);
    expect(report.status).toBe('failed');
  });

  it('runs parallel iterations on isolated scopes and merges environment writes in iteration order', async () => {
    const c = collection(
      [
        req('set', '{{base}}/delay/30?i={{i}}', {
          preRequest: "pm.variables.set('mine', pm.iterationData.get('i'));",
          test: "pm.test('local isolated', () => pm.expect(pm.variables.get('mine')).to.equal(pm.iterationData.get('i'))); pm.environment.set('last', pm.iterationData.get('i')); pm.environment.set('it' + pm.iterationData.get('i'), 'x');",
        }),
        req('check', '{{base}}/c?i={{i}}&mine={{mine}}', {
          test: "pm.test('same iteration', () => pm.expect(pm.response.json().query.mine).to.equal(String(pm.iterationData.get('i'))));",
        }),
      ],
      { variables: vars() },
    );
    const rows = [{ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }];
    const handle = runCollection({
      collection: c,
      transport: rt.transport,
      scriptEngine: rt.engine,
      iterationData: rows,
      parallel: 4,
      environment: {
        v: 1,
        id: 'e',
        name: 'env',
        variables: [{ key: 'keep', value: 'k', enabled: true, secret: false }],
      },
    });
    const report = await handle.report;
    expect(report.stats.assertions).toEqual({ total: 8, failed: 0 });
    expect(report.executions.map((e) => e.iteration)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    const env = Object.fromEntries((await handle.variables).environment.map((v) => [v.key, v.value]));
    expect(env).toMatchObject({ keep: 'k', last: '4', it1: 'x', it2: 'x', it3: 'x', it4: 'x' });
  });

  it("lets a listener read each iteration's live variables as of an event, sequential and parallel", async () => {
    const c = collection(
      [
        req('token', '{{base}}/t?i={{i}}', {
          preRequest: "pm.environment.set('token', 'tok-' + pm.iterationData.get('i'));",
        }),
        req('after', '{{base}}/a', { preRequest: "pm.environment.set('token', 'later');" }),
      ],
      { variables: vars() },
    );
    const rows = [{ i: 1 }, { i: 2 }, { i: 3 }];
    for (const parallel of [1, 3]) {
      const seen: string[] = [];
      const handle = runCollection({
        collection: c,
        transport: rt.transport,
        scriptEngine: rt.engine,
        iterationData: rows,
        parallel,
      });
      handle.on((event) => {
        if (event.type === 'item') {
          const { iteration } = event.cursor;
          seen.push(
            `${iteration}:${event.execution.name}:${String(handle.variable(iteration, 'environment', 'token'))}`,
          );
        }
      });
      await handle.report;
      expect(seen.sort()).toEqual([
        '0:after:later',
        '0:token:tok-1',
        '1:after:later',
        '1:token:tok-2',
        '2:after:later',
        '2:token:tok-3',
      ]);
      expect(handle.variable(0, 'environment', 'token')).toBe('later');
      expect(handle.variable(0, 'globals', 'none')).toBeUndefined();
    }
  });

  it('aborts on signal', async () => {
    const c = collection([req('slow', '{{base}}/delay/200'), req('next', '{{base}}/n')], {
      variables: vars(),
    });
    const handle = runCollection({ collection: c, transport: rt.transport });
    setTimeout(() => handle.abort(), 20);
    const report = await handle.report;
    expect(report.status).toBe('aborted');
    expect(report.executions.length).toBeLessThanOrEqual(1);
  });
});

describe('executeOne', () => {
  it('runs one request with inherited auth and its scripts and returns updated variables', async () => {
    const r = req('one', '{{base}}/me', {
      preRequest: "pm.request.headers.add({ key: 'X-Pre', value: 'yes' });",
      test: "pm.test('auth sent', () => pm.expect(pm.response.json().headers.authorization).to.equal('Bearer tok')); pm.environment.set('seen', pm.response.json().headers['x-pre']);",
    });
    const result = await executeOne({
      request: r,
      collection: {
        scripts: { preRequest: '', test: '' },
        auth: { type: 'bearer', token: '{{token}}' },
        variables: [],
      },
      environment: [...vars(), { key: 'token', value: 'tok', enabled: true, secret: false }],
      transport: rt.transport,
      scriptEngine: rt.engine,
    });
    expect(result.execution.assertions).toEqual([
      expect.objectContaining({ name: 'auth sent', passed: true }),
    ]);
    expect(result.variables.environment.find((v) => v.key === 'seen')?.value).toBe('yes');
  });

  it('names an unresolved variable in the host as written instead of sending (no DNS error)', async () => {
    const sent: string[] = [];
    const result = await executeOne({
      request: req('no env', '{{baseUrl}}/echo/get', {
        test: "pm.test('runs anyway', () => pm.expect(pm.response).to.be.undefined);",
      }),
      transport: {
        send: async (r) => {
          sent.push(r.url);
          return rt.transport.send(r);
        },
      },
      scriptEngine: rt.engine,
    });
    expect(sent).toEqual([]);
    expect(result.execution.error).toEqual({
      code: 'UNRESOLVED_VARIABLE',
      message:
        "Unresolved variable {{baseUrl}} in the URL's host: define it in an environment, the collection or globals",
    });
    expect(result.execution.warnings).toContain('Unresolved variable: {{baseUrl}}');
    // A host that resolves is sent even when the path keeps a name (newman sends it as written too).
    const pathOnly = await executeOne({
      request: req('path var', '{{base}}/x/{{Missing}}'),
      environment: vars(),
      transport: rt.transport,
    });
    expect(pathOnly.execution.error).toBeUndefined();
    expect(pathOnly.execution.response?.status).toBe(200);
  });

  it('runs a saved-format request (v1) as its item, with every field but `v`', async () => {
    const { type: _type, ...item } = req('saved', '{{base}}/saved?q=1', {
      test: "pm.test('named', () => pm.expect(pm.info.requestName).to.equal('saved'));",
    });
    const saved = {
      v: 1 as const,
      ...item,
      method: 'PUT',
      headers: [{ key: 'X-Kept', value: 'yes', enabled: true }],
      body: { mode: 'raw' as const, raw: 'hello', language: 'text' as const },
    };
    const result = await executeOne({
      request: saved,
      environment: vars(),
      transport: rt.transport,
      scriptEngine: rt.engine,
    });
    expect(result.execution).toMatchObject({ itemId: item.id, name: 'saved', path: [] });
    expect(result.execution.assertions).toEqual([expect.objectContaining({ name: 'named', passed: true })]);
    const echoed = JSON.parse(result.execution.response?.body ?? '{}');
    expect(echoed).toMatchObject({ method: 'PUT', body: 'hello', headers: { 'x-kept': 'yes' } });
  });
});
