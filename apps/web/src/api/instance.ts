import { config } from '../config';
import { type SessionUser, useAuthStore } from '../stores/auth-store';
import { toast } from '../stores/toast-store';
import { createApiClient } from './client';

let authLostNotified = false;

/** The app's one API client, wired to the auth store. */
export const api = createApiClient({
  baseUrl: config.apiBase,
  getTokens: () => useAuthStore.getState().tokens,
  setTokens: (tokens) => {
    authLostNotified = false;
    useAuthStore.getState().setTokens(tokens);
  },
  onAuthLost: () => {
    if (!authLostNotified) {
      authLostNotified = true;
      toast.info('Your session has expired. Sign in again — your drafts are kept.');
    }
    useAuthStore.getState().signOut(true);
  },
  onError: (error) => toast.error(error.message),
});

let restoring: Promise<boolean> | null = null;

/**
 * A freshly loaded page holds no access token: exchange the refresh cookie for one, once (a reload keeps you
 * signed in), and load who that is. When the cookie is gone or revoked and someone was signed in, sign-in says
 * the session expired.
 */
export function restoreSession(): Promise<boolean> {
  restoring ??= (async () => {
    const store = useAuthStore.getState;
    if (store().tokens !== null) {
      return true;
    }
    if (!(await api.refresh())) {
      if (store().user !== null) {
        store().signOut(true);
      }
      return false;
    }
    try {
      const me = await api.get<SessionUser>('/api/auth/me', { silent: true });
      store().setUser({ id: me.id, email: me.email, name: me.name });
    } catch {
      // The session is restored; the persisted user stays until the next sign-in.
    }
    return true;
  })();
  return restoring;
}
