import { describe, expect, it } from 'vitest';
import { WriteBatcher } from './write-batcher';

/** Records cork depth the way a net.Socket tracks it. */
function wire() {
  return {
    depth: 0,
    uncorks: 0,
    cork() {
      this.depth += 1;
    },
    uncork() {
      this.depth -= 1;
      this.uncorks += 1;
    },
  };
}

describe('WriteBatcher', () => {
  it('corks each socket once per window and releases every held socket when the window ends', async () => {
    const batcher = new WriteBatcher(5);
    const a = wire();
    const b = wire();
    for (let i = 0; i < 10; i += 1) {
      batcher.hold(a);
      batcher.hold(b);
    }
    expect([a.depth, b.depth]).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 20));
    expect([a.depth, a.uncorks, b.depth, b.uncorks]).toEqual([0, 1, 0, 1]);
    batcher.hold(a);
    expect(a.depth).toBe(1);
    batcher.flush();
    expect([a.depth, a.uncorks]).toEqual([0, 2]);
  });
});
