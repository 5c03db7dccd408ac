import type { TLoginRequest, TRegisterRequest } from '@apiplay/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useAuthStore } from '../../stores/auth-store';
import { login, logout, register } from '../auth';

/** Sign in or sign up; on success the query cache starts empty for the new session. */
export function useSignIn() {
  const qc = useQueryClient();
  const signIn = useAuthStore((s) => s.signIn);
  return useMutation({
    mutationFn: (
      input: { mode: 'signin'; body: TLoginRequest } | { mode: 'signup'; body: TRegisterRequest },
    ) => (input.mode === 'signin' ? login(input.body) : register(input.body)),
    onSuccess: (res) => {
      qc.clear();
      signIn(
        { id: res.user.id, email: res.user.email, name: res.user.name },
        { accessToken: res.accessToken },
      );
    },
  });
}

/** Sign out: the server revokes the refresh family; locally the session ends whatever the server said. */
export function useSignOut() {
  const qc = useQueryClient();
  const signOut = useAuthStore((s) => s.signOut);
  return async () => {
    try {
      await logout();
    } catch {
      // Signing out locally matters more than telling the server.
    }
    signOut();
    qc.clear();
  };
}
