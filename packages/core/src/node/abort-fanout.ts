import type { AbortSource } from './buffered-dispatch';

/**
 * A caller's AbortSignal that outlives many sends (a load-test VU's, a run's) seen through one light source:
 * a single listener on the signal for its whole life, and each send's listener kept in a small array. Adding and
 * removing a listener on Node's EventTarget per send cost ≈2% of a loopback load test's CPU; a Set ≈1% (each send's
 * new listener needs an identity hash); an array of the few sends in flight on one signal next to nothing.
 */
class SignalFanout implements AbortSource {
  aborted: boolean;
  private listeners: (() => void)[] = [];

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
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) {
      listener();
    }
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) {
      this.listeners.push(listener);
    }
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.listeners.lastIndexOf(listener);
    if (at >= 0) {
      // Order does not matter: swap in the last one.
      const last = this.listeners.pop();
      if (last !== undefined && at < this.listeners.length) {
        this.listeners[at] = last;
      }
    }
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
