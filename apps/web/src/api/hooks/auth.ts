import type { TLoginRequest, TRegisterRequest } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { config } from '../../config';
import { useAuthStore } from '../../stores/auth-store';
import {
  confirmPasswordReset,
  getMe,
  getSignInOptions,
  login,
  logout,
  register,
  requestPasswordReset,
  sendEmailVerification,
  verifyEmail,
} from '../auth';
import { qk } from '../query-keys';

/** The signed-in user as the server sees them now (e.g. whether they are an instance admin). */
export function useMe() {
  return useQuery({ queryKey: qk.me, queryFn: getMe, staleTime: 60_000 });
}

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

/** How this instance lets people sign in (cached for the page's life: it changes only with the server's config). */
export function useSignInOptions() {
  return useQuery({
    queryKey: qk.signInOptions,
    queryFn: getSignInOptions,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The password-reset and email-verification steps of emailed links. */
export function useEmailLinks() {
  return {
    requestReset: useMutation({ mutationFn: requestPasswordReset }),
    confirmReset: useMutation({ mutationFn: confirmPasswordReset }),
    verify: useMutation({ mutationFn: verifyEmail }),
    sendVerification: useMutation({ mutationFn: sendEmailVerification }),
  };
}

/** Where "Sign in with <provider>" goes: the server redirects to the provider and back into `returnTo`. */
export const ssoStartUrl = (providerId: string, returnTo: string) =>
  `${config.apiBase}/api/auth/sso/${encodeURIComponent(providerId)}/start?returnTo=${encodeURIComponent(returnTo)}`;
