import { type SessionUser, useAuthStore } from '../stores/auth-store';
import { getMe, refreshSession } from './auth';

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
    if (!(await refreshSession())) {
      if (store().user !== null) {
        store().signOut(true);
      }
      return false;
    }
    try {
      const me: SessionUser = await getMe();
      store().setUser({ id: me.id, email: me.email, name: me.name });
    } catch {
      // The session is restored; the persisted user stays until the next sign-in.
    }
    return true;
  })();
  return restoring;
}
