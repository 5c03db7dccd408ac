import type { AbortSource } from './buffered-dispatch';

/**
 * A caller's AbortSignal that outlives many sends (a load-test VU's, a run's) seen through one light source:
 * a single listener on the signal for its whole life, and each send's listener kept in a Set. Adding and removing
 * a listener on Node's EventTarget per send cost ≈2% of a loopback load test's CPU; a Set costs next to nothing.
 */
class SignalFanout implements AbortSource {
  aborted: boolean;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly signal: AbortSignal) {
    this.aborted = signal.aborted;
    if (!this.aborted) {
      signal.addEventListener('abort', () => this.abort(), { once: true });
    }
  }

  get reason(): unknown {
    return this.signal.reason;
  }

  private abort(): void {
    this.aborted = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) {
      listener();
    }
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) {
      this.listeners.add(listener);
    }
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.delete(listener);
  }
}

// Weak: a source lives as long as its signal, no longer.
const fanouts = new WeakMap<AbortSignal, SignalFanout>();

/** The one light source of `signal` (made on first use). Listeners added after the abort are never called. */
export function abortFanout(signal: AbortSignal): AbortSource {
  let fanout = fanouts.get(signal);
  if (!fanout) {
    fanout = new SignalFanout(signal);
    fanouts.set(signal, fanout);
  }
  return fanout;
}
