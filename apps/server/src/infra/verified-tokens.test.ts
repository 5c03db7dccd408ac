import { describe, expect, it } from 'vitest';
import type { users } from '../db/schema';
import type { NoticeFreshness } from './notice-barrier';
import { UserCache } from './user-cache';
import { VerifiedTokens } from './verified-tokens';

// The races the server-mode auth caches guard against: a read that started before a revocation (or a profile
// change) and finishes after its notice must not put the old answer back; a cached entry answers only after the
// freshness barrier, so a notice that arrives while a request waits for it is applied first.

/** Fresh at once while `live()`; `settle` runs `during` first (a notice arriving while the request waits). */
function freshness(live: () => boolean = () => true, during: () => void = () => undefined): NoticeFreshness {
  return {
    live,
    ticket: () => 1,
    settled: () => false,
    settle: async () => {
      await new Promise((r) => setImmediate(r));
      during();
      return live();
    },
  };
}
describe('VerifiedTokens', () => {
  const deferred = () => {
    let resolve: (v: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };

  it('caches "not revoked" and drops it on the user\'s notice', async () => {
    const cache = new VerifiedTokens(freshness());
    let checks = 0;
    const check = async () => {
      checks++;
      return false;
    };
    expect(await cache.revoked('u1', 'j1', check)).toBe(false);
    expect(await cache.revoked('u1', 'j1', check)).toBe(false);
    expect(checks).toBe(1);
    cache.invalidate('u2');
    expect(await cache.revoked('u1', 'j1', async () => true)).toBe(false);
    cache.invalidate('u1');
    expect(await cache.revoked('u1', 'j1', async () => true)).toBe(true);
  });

  it('a check that overlaps a notice is not kept', async () => {
    const cache = new VerifiedTokens(freshness());
    const slow = deferred();
    const pending = cache.revoked('u1', 'j1', () => slow.promise);
    cache.invalidate('u1'); // the revocation's notice arrives while the check is in flight
    slow.resolve(false);
    expect(await pending).toBe(false);
    expect(cache.size).toBe(0);
    const cleared = deferred();
    const again = cache.revoked('u1', 'j1', () => cleared.promise);
    cache.clear(); // a subscription gap
    cleared.resolve(false);
    await again;
    expect(cache.size).toBe(0);
  });

  it('a notice that arrives while the request waits for the barrier is applied before the cached verdict', async () => {
    let during: () => void = () => undefined;
    const cache = new VerifiedTokens(freshness(undefined, () => during()));
    await cache.revoked('u1', 'j1', async () => false);
    expect(cache.size).toBe(1);
    expect(await cache.revoked('u1', 'j1', async () => true)).toBe(false);
    during = () => cache.invalidate('u1'); // the logout's notice, read during the barrier's round trip
    expect(await cache.revoked('u1', 'j1', async () => true)).toBe(true);
  });

  it('is bypassed while notices cannot arrive, and entries expire', async () => {
    let live = true;
    const cache = new VerifiedTokens(
      freshness(() => live),
      50,
    );
    await cache.revoked('u1', 'j1', async () => false);
    live = false;
    expect(await cache.revoked('u1', 'j1', async () => true)).toBe(true);
    live = true;
    await cache.revoked('u2', 'j2', async () => false);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.revoked('u2', 'j2', async () => true)).toBe(true);
  });
});

describe('UserCache', () => {
  const row = (name: string) =>
    ({ id: 'u1', name, email: 'a@b.c', active: true }) as typeof users.$inferSelect;

  it('a read that overlaps an invalidation does not store the old row', async () => {
    const cache = new UserCache(freshness());
    let release: () => void = () => undefined;
    const pending = cache.resolve('u1', async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return row('old');
    });
    cache.invalidate('u1');
    release();
    expect((await pending)?.name).toBe('old');
    expect(cache.peek('u1')).toBeUndefined();
    await cache.resolve('u1', async () => row('new'));
    expect(cache.peek('u1')?.name).toBe('new');
  });

  it('is bypassed while notices cannot arrive', async () => {
    let enabled = false;
    const cache = new UserCache(freshness(() => enabled));
    await cache.resolve('u1', async () => row('x'));
    enabled = true;
    expect(cache.peek('u1')).toBeUndefined();
    await cache.resolve('u1', async () => row('y'));
    expect((await cache.resolve('u1', async () => row('z')))?.name).toBe('y');
    enabled = false;
    expect((await cache.resolve('u1', async () => row('z')))?.name).toBe('z');
  });

  it('a notice that arrives while the request waits for the barrier is applied before the cached row', async () => {
    let during: () => void = () => undefined;
    const cache = new UserCache(freshness(undefined, () => during()));
    await cache.resolve('u1', async () => row('old'));
    during = () => cache.invalidate('u1');
    expect((await cache.resolve('u1', async () => row('renamed')))?.name).toBe('renamed');
  });
});

describe('UserCache in server mode', () => {
  it('entries expire after maxAgeMs (a change whose notice was forgotten shows within that time)', async () => {
    const cache = new UserCache(freshness(), 10, 30);
    await cache.resolve('u1', async () => ({ id: 'u1', name: 'n' }) as typeof users.$inferSelect);
    expect(cache.peek('u1')?.name).toBe('n');
    await new Promise((r) => setTimeout(r, 40));
    expect(cache.peek('u1')).toBeUndefined();
  });
});
