import { beforeEach, describe, expect, it } from 'vitest';
import { blankRequest } from '../lib/request-defaults';
import { useAuthStore } from './auth-store';
import { isDirty, useTabsStore } from './tabs-store';

describe('tabs and drafts', () => {
  beforeEach(() => {
    useTabsStore.setState({ tabs: [], activeId: null });
  });

  it('opens a saved request once and marks edits as unsaved', () => {
    const saved = blankRequest({ id: 'item-1', name: 'Get user', url: 'https://x.test/u' });
    const id = useTabsStore.getState().openItem('w1', 'c1', saved);
    expect(useTabsStore.getState().openItem('w1', 'c1', saved)).toBe(id);
    expect(useTabsStore.getState().tabs).toHaveLength(1);
    const dirty = () => {
      const tab = useTabsStore.getState().tabs[0];
      return tab ? isDirty(tab) : null;
    };
    expect(dirty()).toBe(false);
    useTabsStore.getState().updateDraft(id, { url: 'https://x.test/u?id=1' });
    expect(dirty()).toBe(true);
  });

  it('persists drafts to localStorage and restores them after a reload', async () => {
    const id = useTabsStore.getState().openNew('w1', { url: 'https://draft.test' });
    useTabsStore.getState().updateDraft(id, { method: 'POST' });
    const stored = JSON.parse(localStorage.getItem('apiplay.tabs') ?? '{}');
    expect(stored.state.tabs[0].draft).toMatchObject({ url: 'https://draft.test', method: 'POST' });
    // Simulate a reload: wipe memory (which also writes), put the saved text back, rehydrate from storage.
    const saved = localStorage.getItem('apiplay.tabs') ?? '';
    useTabsStore.setState({ tabs: [], activeId: null });
    expect(useTabsStore.getState().tabs).toHaveLength(0);
    localStorage.setItem('apiplay.tabs', saved);
    await useTabsStore.persist.rehydrate();
    expect(useTabsStore.getState().tabs[0]?.draft).toMatchObject({
      url: 'https://draft.test',
      method: 'POST',
    });
    expect(useTabsStore.getState().activeId).toBe(id);
  });

  it('keeps drafts when the session expires', () => {
    useAuthStore.getState().signIn({ id: 'u', email: 'a@b.c', name: 'A' }, { accessToken: 'a' });
    useTabsStore.getState().openNew('w1', { url: 'https://keep.me' });
    useAuthStore.getState().signOut(true);
    expect(useAuthStore.getState().tokens).toBeNull();
    expect(useAuthStore.getState().expired).toBe(true);
    expect(useTabsStore.getState().tabs[0]?.draft.url).toBe('https://keep.me');
  });

  it("follows a teammate's save when clean, keeps local edits field by field when dirty", () => {
    const saved = blankRequest({ id: 'item-1', url: 'https://v1' });
    const a = useTabsStore.getState().openItem('w1', 'c1', saved);
    useTabsStore.getState().syncBase('item-1', { ...saved, url: 'https://v2' });
    expect(useTabsStore.getState().tabs[0]?.draft.url).toBe('https://v2');
    useTabsStore.getState().updateDraft(a, { url: 'https://mine' });
    useTabsStore.getState().syncBase('item-1', { ...saved, url: 'https://v3', name: 'Renamed by teammate' });
    const tab = useTabsStore.getState().tabs[0];
    expect(tab?.draft.url).toBe('https://mine');
    expect(tab?.draft.name).toBe('Renamed by teammate');
    expect(tab?.base?.url).toBe('https://v3');
  });

  it('closing the active tab activates a neighbour; deleted items become unsaved drafts', () => {
    const a = useTabsStore.getState().openItem('w1', 'c1', blankRequest({ id: 'i-a' }));
    const b = useTabsStore.getState().openNew('w1');
    useTabsStore.getState().close(b);
    expect(useTabsStore.getState().activeId).toBe(a);
    useTabsStore.getState().detach('i-a');
    const tab = useTabsStore.getState().tabs[0];
    expect(tab?.itemId).toBeNull();
    expect(tab && isDirty(tab)).toBe(true);
  });
});
