import { describe, expect, it } from 'vitest';
import { RoundTripBarrier } from './notice-barrier';

// The barrier's contract: a waiter is released only by a round trip SENT after its ticket was taken, round trips
// are shared by everyone who waits meanwhile, and a dead channel releases everyone with false.

/** Round trips that the test answers one by one. */
function channel() {
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  return {
    pending,
    sent: () => pending.length,
    roundTrip: () =>
      new Promise<void>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  };
}

const tick = () => new Promise((r) => setImmediate(r));
/** Limits no test reaches unless it means to. */
const SLOW = { patienceMs: 60_000, deadMs: 60_000 };

describe('RoundTripBarrier', () => {
  it('a waiter is not released by the round trip already in flight, but by the next one, shared', async () => {
    const c = channel();
    const barrier = new RoundTripBarrier(c.roundTrip, SLOW);
    const first = barrier.wait(barrier.ticket());
    expect(c.sent()).toBe(1);
    // Three requests arrive while round trip #1 is in flight: #1 may predate their notices.
    const late = barrier.ticket();
    const results: boolean[] = [];
    const laters = [barrier.wait(late), barrier.wait(late), barrier.wait(barrier.ticket())];
    for (const w of laters) {
      void w.then((ok) => results.push(ok));
    }
    expect(c.sent()).toBe(1); // one at a time
    c.pending[0]?.resolve();
    expect(await first).toBe(true);
    await tick();
    expect(results).toEqual([]);
    expect(barrier.passed(late)).toBe(false);
    expect(c.sent()).toBe(2); // the next one went out at once, for all three
    c.pending[1]?.resolve();
    expect(await Promise.all(laters)).toEqual([true, true, true]);
    expect(barrier.passed(late)).toBe(true);
    // Nobody waits: nothing is sent.
    await tick();
    expect(c.sent()).toBe(2);
    // A ticket already passed resolves without a round trip.
    expect(await barrier.wait(late)).toBe(true);
    expect(c.sent()).toBe(2);
  });

  it('a failed round trip releases its waiters with false and reports; the next wait sends again', async () => {
    const c = channel();
    const failures: string[] = [];
    const barrier = new RoundTripBarrier(c.roundTrip, SLOW, (e) => failures.push(e.message));
    const w = barrier.wait(barrier.ticket());
    c.pending[0]?.reject(new Error('connection terminated'));
    expect(await w).toBe(false);
    expect(failures).toEqual(['connection terminated']);
    const again = barrier.wait(barrier.ticket());
    expect(c.sent()).toBe(2);
    c.pending[1]?.resolve();
    expect(await again).toBe(true);
  });

  it('a stalled round trip costs one patience wait: later waiters give up at once until it is back', async () => {
    const c = channel();
    const barrier = new RoundTripBarrier(c.roundTrip, { patienceMs: 20, deadMs: 60_000 });
    const ticket = barrier.ticket();
    const started = Date.now();
    expect(await barrier.wait(ticket)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const again = Date.now();
    expect(await barrier.wait(barrier.ticket())).toBe(false);
    expect(Date.now() - again).toBeLessThan(15);
    expect(c.sent()).toBe(1); // nothing piles up behind the stalled one
    c.pending[0]?.resolve(); // it comes back: the channel is usable again
    await tick();
    expect(barrier.passed(ticket)).toBe(true);
    const next = barrier.wait(barrier.ticket());
    expect(c.sent()).toBe(2);
    c.pending[1]?.resolve();
    expect(await next).toBe(true);
  });

  it('a round trip that hangs past the deadline fails the channel, and its late answer counts for nothing', async () => {
    const c = channel();
    const failures: string[] = [];
    const barrier = new RoundTripBarrier(c.roundTrip, { patienceMs: 60_000, deadMs: 20 }, (e) =>
      failures.push(e.message),
    );
    const ticket = barrier.ticket();
    expect(await barrier.wait(ticket)).toBe(false);
    expect(failures).toEqual(['no answer within 20 ms']);
    c.pending[0]?.resolve();
    await tick();
    expect(barrier.passed(ticket)).toBe(false);
  });

  it('fail() releases every waiter with false at once (the listening connection was lost)', async () => {
    const c = channel();
    const barrier = new RoundTripBarrier(c.roundTrip, SLOW);
    const t = barrier.ticket();
    const waits = [barrier.wait(t), barrier.wait(t)];
    barrier.fail();
    expect(await Promise.all(waits)).toEqual([false, false]);
    c.pending[0]?.resolve(); // the old connection's answer, after the loss
    await tick();
    expect(barrier.passed(t)).toBe(false);
  });
});
