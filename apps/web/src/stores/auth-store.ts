import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { TokenPair } from '../api/client';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

interface AuthState {
  /** In memory only: a reload restores it from the HttpOnly refresh cookie (`restoreSession`). */
  tokens: TokenPair | null;
  user: SessionUser | null;
  /** Set when the session ended on its own (refresh rejected), so sign-in can say why. */
  expired: boolean;
  signIn: (user: SessionUser, tokens: TokenPair) => void;
  setTokens: (tokens: TokenPair) => void;
  setUser: (user: SessionUser) => void;
  signOut: (expired?: boolean) => void;
}

/**
 * The session. Only the user (not a credential) is persisted, so a reload knows a session may be restored; the
 * access token never reaches localStorage, and the refresh token is an HttpOnly cookie no script can read.
 * Drafts live elsewhere and survive sign-out.
 */
export const useAuthStore = create<AuthState>()(
  persist(
    (set) => ({
      tokens: null,
      user: null,
      expired: false,
      signIn: (user, tokens) => set({ user, tokens, expired: false }),
      setTokens: (tokens) => set({ tokens }),
      setUser: (user) => set({ user }),
      signOut: (expired = false) => set({ tokens: null, user: null, expired }),
    }),
    {
      name: 'apiplay.auth',
      version: 2,
      partialize: (s) => ({ user: s.user }),
      // Version 1 kept both tokens in localStorage: drop them.
      migrate: (persisted) => {
        const user = (persisted as { user?: SessionUser | null } | undefined)?.user ?? null;
        return { user };
      },
    },
  ),
);
