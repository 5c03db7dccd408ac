import type { TWorkspaceRole } from '@apiplay/core';
import { describe, expect, it } from 'vitest';
import { MembershipCache } from './membership-cache';

const ws = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';

/** A loader that counts its calls and answers whatever `role` holds at call time. */
function loader(initial: TWorkspaceRole | null) {
  const state = { role: initial, calls: 0 };
  return {
    state,
    load: async () => {
      state.calls++;
      return state.role;
    },
  };
}

describe('MembershipCache', () => {
  it('reads a membership once, then answers from memory until the workspace is invalidated', async () => {
    const cache = new MembershipCache(true);
    const l = loader('editor');
    expect(await cache.resolve(ws, 'u1', l.load)).toBe('editor');
    expect(await cache.resolve(ws, 'u1', l.load)).toBe('editor');
    expect(l.state.calls).toBe(1);

    l.state.role = 'viewer';
    cache.invalidate(other);
    expect(await cache.resolve(ws, 'u1', l.load)).toBe('editor');
    cache.invalidate(ws);
    expect(await cache.resolve(ws, 'u1', l.load)).toBe('viewer');
    expect(l.state.calls).toBe(2);
  });

  it('never caches "not a member", so a new member is seen at once', async () => {
    const cache = new MembershipCache(true);
    const l = loader(null);
    expect(await cache.resolve(ws, 'u1', l.load)).toBeNull();
    l.state.role = 'viewer';
    expect(await cache.resolve(ws, 'u1', l.load)).toBe('viewer');
  });

  it('drops a lookup that started before an invalidation (no stale role after a concurrent change)', async () => {
    const cache = new MembershipCache(true);
    let release: (role: TWorkspaceRole) => void = () => undefined;
    const slow = cache.resolve(
      ws,
      'u1',
      () =>
        new Promise<TWorkspaceRole>((r) => {
          release = r;
        }),
    );
    cache.invalidate(ws); // the role changes while the old value is in flight
    release('owner');
    expect(await slow).toBe('owner');
    expect(cache.get(ws, 'u1')).toBeUndefined();
  });

  it('is a pass-through when disabled (server mode: other instances change memberships)', async () => {
    const cache = new MembershipCache(false);
    const l = loader('admin');
    await cache.resolve(ws, 'u1', l.load);
    await cache.resolve(ws, 'u1', l.load);
    expect(l.state.calls).toBe(2);
    expect(cache.get(ws, 'u1')).toBeUndefined();
  });
});
