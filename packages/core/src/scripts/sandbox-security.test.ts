import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeScriptEngine } from '../node/script-modules';
import { makeCtx, makeResponse } from './test-utils';
import type { ScriptContext, ScriptEngine, ScriptResult } from './types';

// One engine for the whole suite: every attack must leave it usable for the next script.
let engine: ScriptEngine;

beforeAll(async () => {
  engine = await createNodeScriptEngine({
    timeoutMs: 300,
    memoryBytes: 24 * 1024 * 1024,
    maxConsoleChars: 10_000,
  });
});

afterAll(() => {
  engine.dispose();
});

function run(code: string, ctx: ScriptContext = makeCtx()): Promise<ScriptResult> {
  return engine.run({ phase: 'test', code, source: 'attack', ctx });
}

/** After each attack the same engine must still run an ordinary script correctly. */
async function expectHealthy(): Promise<void> {
  const ctx = makeCtx();
  const r = await run(
    `pm.test('still works', () => { pm.expect(pm.response.json().id).to.equal(7); pm.response.to.have.status(200); });
     pm.environment.set('after', 'ok');`,
    ctx,
  );
  expect(r.failure).toBeUndefined();
  expect(r.assertions).toEqual([{ name: 'still works', passed: true, skipped: false }]);
  expect(ctx.variables.environment.get('after')).toBe('ok');
}

describe('sandbox escapes', () => {
  it('this.constructor.constructor("return process")() finds no process', async () => {
    const r = await run(
      `const p = this.constructor.constructor('return process')();\nconsole.log(typeof p);`,
    );
    expect(r.failure).toMatchObject({ kind: 'error', line: 1 });
    expect(r.failure?.message).toMatch(/process/);
    expect(r.console).toEqual([]);
    await expectHealthy();
  });

  it('Function("return this")() is the sandbox global: no process, node Buffer, node require or host bridge', async () => {
    const r = await run(`
      const g = Function('return this')();
      console.log([typeof g.process, g.Buffer === g.require('buffer').Buffer ? 'shim' : 'other', typeof g.module,
        typeof g.__host, typeof g.host, typeof g.WebAssembly, typeof g.fetch, typeof g.XMLHttpRequest].join(','));
      console.log(Object.getOwnPropertyNames(g).filter((k) => /host|node|process/i.test(k)).join(','));
      g.require('child_process');
    `);
    // Buffer is browserify's pure-JS buffer, as in postman-sandbox, not Node's.
    expect(r.console[0]?.message).toBe(
      'undefined,shim,undefined,undefined,undefined,undefined,undefined,undefined',
    );
    expect(r.console[1]?.message).toBe('');
    expect(r.failure?.message).toMatch(/Module 'child_process' is not available in the sandbox/);
    await expectHealthy();
  });

  it('require of node built-ins fails as a reported script failure', async () => {
    for (const mod of [
      'fs',
      'child_process',
      'net',
      'http',
      'vm',
      'worker_threads',
      'node:fs',
      '../../etc/passwd',
    ]) {
      const r = await run(`require(${JSON.stringify(mod)});`);
      expect(r.failure?.message).toContain(`Module '${mod}' is not available in the sandbox`);
    }
    await expectHealthy();
  });

  it('process.env is not reachable', async () => {
    const r = await run(`console.log(typeof process);\nconsole.log(process.env.HOME);`);
    expect(r.console[0]?.message).toBe('undefined');
    expect(r.failure).toMatchObject({ kind: 'error', line: 2 });
    expect(r.failure?.message).toMatch(/process/);
    await expectHealthy();
  });

  it('eval and new Function stay inside the sandbox', async () => {
    const r = await run(`
      console.log(eval('typeof process'), new Function('return typeof require("fs")').toString().length > 0);
      (0, eval)('globalThis.leaked = 1');
      try { new Function('return require("fs")')(); } catch (e) { console.log(e.message); }
    `);
    expect(r.console[0]?.message).toBe('undefined true');
    expect(r.console[1]?.message).toMatch(/not available in the sandbox/);
    expect((globalThis as { leaked?: unknown }).leaked).toBeUndefined();
    await expectHealthy();
  });

  it('prototype tampering does not reach host objects', async () => {
    const ctx = makeCtx();
    const responseBefore = JSON.stringify(ctx.response);
    const requestBefore = JSON.stringify(ctx.request);
    const r = await run(
      `Object.prototype.polluted = 'yes';
       Array.prototype.push = function () { return 'hijacked'; };
       JSON.parse = function () { return { hacked: true }; };
       pm.response.__proto__.json = function () { return { hacked: true }; };
       Object.getPrototypeOf(pm.environment).set = function () { throw new Error('hijacked'); };
       pm.response.headers.__proto__.get = function () { return 'hijacked'; };
       pm.response.code = 500;
       pm.request.headers.add({ key: 'X-In-Test-Phase', value: '1' });
       pm.environment.set('k', 'v');`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    // Host objects and prototypes are untouched.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(ctx.response)).toBe(responseBefore);
    expect(JSON.stringify(ctx.request)).toBe(requestBefore);
    expect(r.request).toBe(ctx.request);
    expect([1].push(2)).toBe(2);
    expect(ctx.variables.environment.get('k')).toBe('v');
    // The pm API's own prototypes are frozen, so the next script sees the real methods.
    const next = await run(`console.log(pm.response.headers.get('x-trace'), pm.response.code);`);
    expect(next.console[0]?.message).toBe('abc 200');
  });

  it('builtins replaced by one script are restored for the next one', async () => {
    await run(`Array.prototype.reduce = () => 'hijacked';`);
    // No tell-tale words in the text: only the always-checked critical builtins are restored here.
    await run(`const A = [][ 'con' + 'structor' ]; A['proto' + 'type'].push = () => 0;`);
    const r = await run(`console.log([1, 2, 3].reduce((a, b) => a + b, 0), [1].push(2));`);
    expect(r.console[0]?.message).toBe('6 2');
  });

  it('sandbox values handed back cannot run code on the host (getters, toString, toJSON)', async () => {
    const ctx = makeCtx({ response: undefined });
    const r = await engine.run({
      phase: 'preRequest',
      code: `const evil = { toString() { throw new Error('host ran toString'); }, toJSON() { throw new Error('host ran toJSON'); } };
             pm.environment.set('evil', evil);
             pm.request.headers.add({ key: 'X', get value() { return evil; } });
             pm.request.url = evil;`,
      source: 'attack',
      ctx,
    });
    // Whatever the sandbox did, the host only received plain strings.
    expect(typeof ctx.variables.environment.get('evil')).not.toBe('function');
    expect(r.request.headers.every((h) => typeof h.value === 'string')).toBe(true);
    expect(typeof r.request.url).toBe('string');
    await expectHealthy();
  });
});

describe('resource limits', () => {
  it('stops an infinite loop at the time limit, even inside try/catch', async () => {
    const r = await run(`pm.test('before', () => {});\nwhile (true) { try { for (;;) {} } catch (e) {} }`);
    expect(r.failure).toMatchObject({ kind: 'timeout', message: 'Script exceeded the time limit of 300 ms' });
    expect(r.assertions).toEqual([{ name: 'before', passed: true, skipped: false }]);
    await expectHealthy();
  });

  it('stops an infinite loop in an async callback and a never-ending interval', async () => {
    const loop = await run(`setTimeout(() => { for (;;) {} }, 1);`);
    expect(loop.failure?.kind).toBe('timeout');
    const interval = await run(`setInterval(() => {}, 5);`);
    expect(interval.failure?.kind).toBe('timeout');
    await expectHealthy();
  });

  it('stops a script awaiting a host request that never answers', async () => {
    const ctx = makeCtx({ sendRequest: () => new Promise(() => {}) });
    const r = await run(`await pm.sendRequest('http://127.0.0.1/slow');\nconsole.log('never');`, ctx);
    expect(r.failure?.kind).toBe('timeout');
    expect(r.console).toEqual([]);
    await expectHealthy();
  });

  it('reports a promise that never settles instead of hanging', async () => {
    const r = await run(`await new Promise(() => {});`);
    expect(r.failure?.message).toMatch(/never settled/);
    await expectHealthy();
  });

  it('stops a memory bomb at the memory limit', async () => {
    const r = await run(
      `const hoard = [];\nwhile (true) { hoard.push('x'.repeat(1 << 20) + hoard.length); }`,
    );
    expect(r.failure?.kind).toBe('memory');
    expect(r.failure?.message).toMatch(/memory limit of 24 MB/);
    await expectHealthy();
  });

  // Slow by nature: QuickJS polls the interrupt every ~10k bytecode steps, and each step here is a failing
  // allocation. The limit still holds; the generous test timeout only absorbs a loaded CI machine.
  it('stops a memory bomb that catches the out-of-memory error', async () => {
    const r = await run(
      `const a = [];\nfor (;;) { try { a.push(new Uint8Array(1 << 20)); } catch (e) { a.push(e); } }`,
    );
    expect(['memory', 'timeout']).toContain(r.failure?.kind);
    const objects = await run(
      `const a = [];\nfor (;;) { try { a.push({ big: new Array(1e4).fill(a.length) }); } catch (e) {} }`,
    );
    expect(['memory', 'timeout']).toContain(objects.failure?.kind);
    await expectHealthy();
  }, 60_000);

  it('reports the memory limit, not an engine fault, for a memory bomb run right after others', async () => {
    // Bombs back to back: the previous one left the capped wasm heap fragmented at its cap, where a failed
    // allocation could trap inside QuickJS ("memory access out of bounds") instead of raising out-of-memory.
    const bomb = `const a = [];\nfor (;;) { try { a.push(new Uint8Array(1 << 20)); } catch (e) { a.push(e); } }`;
    const objects = `const a = [];\nfor (;;) { try { a.push({ big: new Array(1e4).fill(a.length) }); } catch (e) {} }`;
    const kinds: (string | undefined)[] = [];
    for (const code of [bomb, bomb, objects, bomb]) {
      const r = await run(code);
      kinds.push(r.failure?.kind);
      expect(r.failure?.message).not.toMatch(/engine error/);
    }
    expect(kinds[0]).toBe('memory');
    expect(kinds[1]).toBe('memory');
    expect(['memory', 'timeout']).toContain(kinds[2]);
    expect(kinds[3]).toBe('memory');
    await expectHealthy();
  }, 60_000);

  it('refuses a response body too large for the memory limit instead of crashing', async () => {
    const huge = makeResponse({ body: JSON.stringify({ data: 'y'.repeat(20 * 1024 * 1024) }) });
    const r = await run(`pm.test('never', () => {});`, makeCtx({ response: huge }));
    expect(r.failure).toMatchObject({ kind: 'memory' });
    expect(r.failure?.message).toMatch(/too large for the script memory limit of 24 MB/);
    await expectHealthy();
  });

  it('stops deep recursion at the stack limit (sync and async)', async () => {
    const sync = await run(`function down(n) { return down(n + 1) + 1; }\ndown(0);`);
    expect(sync.failure?.kind).toBe('stack');
    const asyncRec = await run(`async function down(n) { return await down(n + 1); }\nawait down(0);`);
    expect(asyncRec.failure?.kind).toBe('stack');
    const json = await run(`let o = {}; for (let i = 0; i < 100000; i++) { o = { o }; }\nJSON.stringify(o);`);
    expect(['stack', 'error']).toContain(json.failure?.kind);
    await expectHealthy();
  });

  it('caps huge console output and stops the script', async () => {
    const r = await run(
      `for (let i = 0; ; i++) { try { console.log('spam '.repeat(100) + i); } catch (e) {} }`,
    );
    expect(r.failure?.kind).toBe('console');
    const chars = r.console.reduce((n, c) => n + c.message.length, 0);
    expect(chars).toBeLessThan(10_000 + 200);
    expect(r.console.at(-1)).toMatchObject({ level: 'warn' });
    const single = await run(`console.log('x'.repeat(1e6));`);
    expect(single.failure?.kind).toBe('console');
    expect(single.console[0]?.message.length).toBeLessThanOrEqual(10_001);
    await expectHealthy();
  });

  it('a timer left running by a failed script never fires into the next one', async () => {
    const ctx = makeCtx();
    const r = await run(`setTimeout(() => pm.environment.set('late', 'fired'), 100);\nfor (;;) {}`, ctx);
    expect(r.failure?.kind).toBe('timeout');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expectHealthy();
    expect(ctx.variables.environment.has('late')).toBe(false);
  });

  it('keeps working after a burst of different failures', async () => {
    const attacks = [
      'for (;;) {}',
      'const a = []; for (;;) a.push(new Array(1e5).fill(0));',
      'function f() { f(); } f();',
      'syntax error here',
      "require('fs')",
      "for (;;) console.log('x'.repeat(1000))",
    ];
    const kinds: string[] = [];
    for (const code of attacks) {
      kinds.push((await run(code)).failure?.kind ?? 'none');
    }
    expect(kinds).toEqual(['timeout', 'memory', 'stack', 'syntax', 'error', 'console']);
    const r = await run(
      `pm.test('ok', () => pm.expect(pm.response.json()).to.deep.include({ id: 7 }));`,
      makeCtx({ response: makeResponse() }),
    );
    expect(r.assertions[0]?.passed).toBe(true);
  });
});
