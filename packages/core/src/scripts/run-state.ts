import type { QuickJSDeferredPromise } from 'quickjs-emscripten';
import type { ScriptRunInput, TConsoleEntry, TScriptFailureKind, TScriptRunFailure } from './types';

const CONSOLE_LEVELS = new Set<TConsoleEntry['level']>(['log', 'info', 'warn', 'error', 'debug']);

/** Host-side bookkeeping of one script run. */
export class RunState {
  readonly console: TConsoleEntry[] = [];
  consoleChars = 0;
  failure: TScriptRunFailure | undefined;
  nextRequest: string | null | undefined;
  skipRequest = false;
  /** pm.visualizer.set (null: cleared). */
  visualizer: { template: string; data?: string } | null | undefined;
  /** The context must be rebuilt after this run (interrupted, out of memory). */
  broken = false;
  closed = false;
  readonly hostOps = new Set<Promise<void>>();
  readonly deferreds = new Set<QuickJSDeferredPromise>();
  readonly timers = new Map<number, { timer: ReturnType<typeof setTimeout>; settle: () => void }>();

  constructor(readonly input: ScriptRunInput) {}

  /**
   * Record a console entry within the run's budget of `maxChars`; past it, the entry is cut, a warning added and
   * the run failed: returns the failure message then (the engine stops the script), undefined otherwise.
   */
  log(levelText: string, text: string, maxChars: number): string | undefined {
    const level = CONSOLE_LEVELS.has(levelText as TConsoleEntry['level'])
      ? (levelText as TConsoleEntry['level'])
      : 'log';
    const room = maxChars - this.consoleChars;
    if (text.length <= room) {
      this.consoleChars += text.length;
      this.console.push({ level, message: text });
      return undefined;
    }
    if (room > 0) {
      this.console.push({ level, message: `${text.slice(0, room)}…` });
    }
    this.consoleChars = maxChars;
    const message = `Console output exceeded the limit of ${maxChars} characters; the script was stopped`;
    this.console.push({ level: 'warn', message });
    this.fail('console', message);
    return message;
  }

  fail(kind: TScriptFailureKind, message: string, line?: number): void {
    if (this.failure) {
      return;
    }
    this.failure = line === undefined ? { kind, message } : { kind, message, line };
  }
}

/** The user's line from a QuickJS stack (user code is compiled as 'user-script', see wasm-runtime.ts). */
export function lineFromStack(stack: string): number | undefined {
  const m = /user-script:(\d+)/.exec(stack);
  return m?.[1] ? Number(m[1]) : undefined;
}

export function classify(message: string): TScriptFailureKind {
  if (message.includes('out of memory')) {
    return 'memory';
  }
  if (message.includes('stack overflow')) {
    return 'stack';
  }
  return 'error';
}

export function failureMessage(kind: TScriptFailureKind, message: string, memoryBytes: number): string {
  switch (kind) {
    case 'memory':
      return `Script exceeded the memory limit of ${Math.round(memoryBytes / 1024 / 1024)} MB (${message})`;
    case 'stack':
      return `Maximum call stack size exceeded (${message})`;
    case 'timeout':
    case 'console':
    case 'syntax':
    case 'error':
      return message;
  }
}
