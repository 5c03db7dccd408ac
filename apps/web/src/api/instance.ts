import { config } from '../config';
import { useAuthStore } from '../stores/auth-store';
import { toast } from '../stores/toast-store';
import { createApiClient } from './client';

let authLostNotified = false;

/**
 * The app's one API client, wired to the auth store. Only the fetchers in `api/<resource>.ts` use it; screens call
 * the hooks in `api/hooks/`.
 */
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
