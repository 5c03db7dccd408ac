import { afterAll, beforeAll } from 'vitest';
import { createNodeScriptEngine } from '../src/node/script-modules';
import { createNodeTransport, type NodeTransport } from '../src/node/transport';
import type { ScriptEngine } from '../src/scripts/types';
import { type EchoServer, startEchoServer } from './echo-server';

export interface LoopbackRuntime {
  readonly echo: EchoServer;
  readonly transport: NodeTransport;
  readonly engine: ScriptEngine;
}

/**
 * For a test file that runs requests: a loopback echo server, a Node transport and a script engine, started in
 * beforeAll and closed in afterAll. Read them through the returned object once the file's tests run.
 */
export function useLoopbackRuntime(): LoopbackRuntime {
  let started: { echo: EchoServer; transport: NodeTransport; engine: ScriptEngine } | undefined;
  beforeAll(async () => {
    const echo = await startEchoServer();
    const transport = createNodeTransport();
    started = { echo, transport, engine: await createNodeScriptEngine() };
  });
  afterAll(async () => {
    started?.engine.dispose();
    await started?.transport.close();
    await started?.echo.close();
  });
  const get = () => {
    if (!started) {
      throw new Error('useLoopbackRuntime: read it inside a test, after beforeAll');
    }
    return started;
  };
  return {
    get echo() {
      return get().echo;
    },
    get transport() {
      return get().transport;
    },
    get engine() {
      return get().engine;
    },
  };
}
