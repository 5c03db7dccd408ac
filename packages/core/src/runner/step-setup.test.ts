import { describe, expect, it } from 'vitest';
import { startScriptEngine } from './step-setup';
import type { RunnerScriptEngine } from './types';

describe('startScriptEngine', () => {
  const engine = {} as RunnerScriptEngine;

  it('no engine: no scripts and no error', async () => {
    expect(await startScriptEngine(undefined)).toEqual({ engine: undefined, runError: undefined });
  });

  it('takes a given engine or makes one with the factory', async () => {
    expect((await startScriptEngine(engine)).engine).toBe(engine);
    expect((await startScriptEngine(async () => engine)).engine).toBe(engine);
  });

  it("a factory that fails becomes the run's error instead of throwing", async () => {
    expect(
      await startScriptEngine(async () => {
        throw new Error('no QuickJS');
      }),
    ).toEqual({ engine: undefined, runError: 'Script engine failed to start: no QuickJS' });
  });
});
