import { describe, expect, it } from 'vitest';
import { useAuthStore } from './auth-store';

const user = { id: 'u1', email: 'ada@example.test', name: 'Ada' };

describe('auth store', () => {
  it('never writes a token to localStorage (one script injection must not reach every token)', () => {
    useAuthStore.getState().signIn(user, { accessToken: 'eyJ.secret-access.sig' });
    useAuthStore.getState().setTokens({ accessToken: 'eyJ.rotated-access.sig' });
    const saved = localStorage.getItem('apiplay.auth') ?? '';
    expect(saved).toContain('ada@example.test');
    expect(saved).not.toContain('secret-access');
    expect(saved).not.toContain('rotated-access');
    expect(saved).not.toContain('tokens');
    expect(useAuthStore.getState().tokens).toEqual({ accessToken: 'eyJ.rotated-access.sig' });
  });

  it('drops the tokens an older version kept in localStorage', async () => {
    useAuthStore.setState({ tokens: null, user: null });
    localStorage.setItem(
      'apiplay.auth',
      JSON.stringify({
        state: { tokens: { accessToken: 'old-access', refreshToken: 'rt_old' }, user, expired: false },
        version: 1,
      }),
    );
    await useAuthStore.persist.rehydrate();
    expect(useAuthStore.getState().tokens).toBeNull();
    expect(useAuthStore.getState().user).toEqual(user);
    expect(localStorage.getItem('apiplay.auth') ?? '').not.toContain('rt_old');
  });
});
