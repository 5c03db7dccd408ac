import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { TokenPair } from '../api/client';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

interface AuthState {
  tokens: TokenPair | null;
  user: SessionUser | null;
  /** Set when the session ended on its own (refresh rejected), so sign-in can say why. */
  expired: boolean;
  signIn: (user: SessionUser, tokens: TokenPair) => void;
  setTokens: (tokens: TokenPair) => void;
  setUser: (user: SessionUser) => void;
  signOut: (expired?: boolean) => void;
}

/** Session tokens, persisted so a reload keeps you signed in. Drafts live elsewhere and survive sign-out. */
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
    { name: 'apiplay.auth', version: 1 },
  ),
);
