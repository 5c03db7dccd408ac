// Entry of a load thread (dist/load-thread.js, a worker_threads worker started by run-threads.ts): runs its share
// of the VUs with its own transport and script engine, and reports to the main thread as thread-protocol.ts says.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { RunnerScriptEngine } from '@apiplay/core';
import { createPartialEncoder, failedPartResult, partResult, runLoad } from '@apiplay/core/load';
import { transportFor } from '../run-inputs';
import type { MainMessage, ThreadInput, ThreadMessage } from './thread-protocol';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function runThread(port: MessagePort, input: ThreadInput): Promise<void> {
  const send = (m: ThreadMessage): void => port.postMessage(m);
  const controller = new AbortController();
  let go: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    go = resolve;
  });
  // An abort may come before the start (another thread failed to start, or Ctrl-C): the run then ends at once.
  const onMessage = (m: MainMessage): void => {
    if (m.type === 'abort') {
      controller.abort();
    }
    go();
  };
  port.on('message', onMessage);
  const transport = transportFor(input.transport);
  let engine: RunnerScriptEngine | undefined;
  try {
    try {
      if (input.scripts) {
        const { createSandboxEngine } = await import('../sandbox-engine');
        // This entry sits in dist/ next to sandbox/ (the libraries build.mjs wrote). QuickJS comes compiled by the
        // main thread (optimizing tier, up front), its code shared by every thread.
        engine = await createSandboxEngine(new URL('./sandbox/', import.meta.url), input.scripts.timeoutMs, {
          wasmModule: input.scripts.wasmModule,
        });
      }
    } catch (e) {
      send({ type: 'ready', error: `Script engine failed to start: ${message(e)}` });
      return;
    }
    send({ type: 'ready' });
    await started;
    const encode = createPartialEncoder(input.part.index);
    try {
      const result = await runLoad({
        ...input.run,
        part: input.part,
        transport,
        ...(engine ? { scriptEngine: engine } : {}),
        signal: controller.signal,
        onInterval: (sample, metrics) => send({ type: 'partial', partial: encode(sample, metrics) }),
      }).result;
      send({ type: 'result', result: partResult(result) });
    } catch (e) {
      send({ type: 'result', result: failedPartResult(message(e)) });
    }
  } finally {
    port.off('message', onMessage);
    await engine?.dispose();
    await transport.close();
  }
}

if (parentPort) {
  await runThread(parentPort, workerData as ThreadInput);
}
