import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeScriptEngine } from '../node/script-modules';
import type { RunnerScriptEngine } from '../runner/types';
import { makeCtx } from '../scripts/test-utils';
import type { ScriptEngine, ScriptRunInput } from '../scripts/types';
import { batchedEngine } from './batched-engine';

let engine: ScriptEngine;
beforeAll(async () => {
  engine = await createNodeScriptEngine();
});
afterAll(() => engine.dispose());

/** The real engine, noting each run it is handed (by the script's source) in `log`. */
function noting(log: string[]): RunnerScriptEngine {
  return {
    run: (input) => {
      log.push(`run ${input.source}`);
      return engine.run(input);
    },
    dispose: () => undefined,
  };
}

const input = (source: string, code: string): ScriptRunInput => ({
  phase: 'test',
  code,
  source,
  ctx: makeCtx(),
});

describe('batchedEngine', () => {
  it("runs the scripts asked for in one turn back to back, before any caller's next step", async () => {
    const log: string[] = [];
    const batched = batchedEngine(noting(log));
    // Two VUs, three requests each: a VU asks for its next script once its previous one has answered.
    const vu = async (name: string) => {
      for (let i = 0; i < 3; i++) {
        const r = await batched.run(input(`${name}${i}`, `pm.test('${name}${i}', () => {});`));
        log.push(`then ${r.assertions.map((a) => `${a.name}:${a.passed}`).join()}`);
      }
    };
    await Promise.all([vu('a'), vu('b')]);
    expect(log).toEqual([
      'run a0',
      'run b0',
      'then a0:true',
      'then b0:true',
      'run a1',
      'run b1',
      'then a1:true',
      'then b1:true',
      'run a2',
      'run b2',
      'then a2:true',
      'then b2:true',
    ]);
  });

  it('keeps the order and results of a batch whose first script awaits host work', async () => {
    const log: string[] = [];
    const batched = batchedEngine(noting(log));
    const [slow, quick] = await Promise.all([
      batched.run(input('slow', `await new Promise((r) => setTimeout(r, 20)); pm.test('slow', () => {});`)),
      batched.run(input('quick', `pm.test('quick', () => { throw new Error('no'); });`)),
    ]);
    expect(log).toEqual(['run slow', 'run quick']);
    expect(slow.assertions).toEqual([{ name: 'slow', passed: true, skipped: false }]);
    expect(quick.assertions).toMatchObject([{ name: 'quick', passed: false, error: 'no' }]);
  });

  it('fails only the run whose engine call throws; the rest of the batch still runs', async () => {
    const log: string[] = [];
    const real = noting(log);
    const batched = batchedEngine({
      run: (input) => {
        if (input.source === 'bad') {
          throw new Error('engine broke');
        }
        return real.run(input);
      },
      dispose: () => undefined,
    });
    const [bad, good] = await Promise.allSettled([
      batched.run(input('bad', '')),
      batched.run(input('good', `pm.test('good', () => {});`)),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('engine broke') });
    expect(good).toMatchObject({
      status: 'fulfilled',
      value: { assertions: [{ name: 'good', passed: true }] },
    });
    expect(log).toEqual(['run good']);
  });
});
