import {
  type OAuth2TokenDetails,
  type TOAuth2Auth,
  type TOAuth2TokenRequest,
  type TVariable,
  withObtainedToken,
} from '@apiplay/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useEnvironment, useEnvironmentMutations } from '../../api/hooks/environments';
import { useTokenRequest } from '../../api/hooks/oauth2';
import { useActiveEnvironment } from '../../api/hooks/workspaces';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import type { VarInfo } from '../editor/url-editor';
import { authorizeInPopup, defaultRedirectUri } from './authorize-in-popup';
import { TokenDetails } from './token-details';

/** `{{name}}` → the value of a non-secret variable the page knows; secrets stay for the server to resolve. */
function resolveKnown(text: string | undefined, vars: readonly VarInfo[]): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (all, name: string) => {
    const v = vars.find((x) => x.key === name);
    return v === undefined || v.secret ? all : v.value;
  });
}

function resolvedAuth(auth: TOAuth2Auth, vars: readonly VarInfo[]): TOAuth2Auth {
  return {
    ...auth,
    authUrl: resolveKnown(auth.authUrl, vars),
    accessTokenUrl: resolveKnown(auth.accessTokenUrl, vars) ?? auth.accessTokenUrl,
    clientId: resolveKnown(auth.clientId, vars) ?? auth.clientId,
    scope: resolveKnown(auth.scope, vars),
  };
}

/**
 * "Get new access token" for the interactive grants (popup → the server's callback page → token), "Refresh" with
 * a stored refresh token, and where the token goes: this request's auth, or a variable of the active environment
 * (the auth then reads `{{name}}`).
 */
export function GetTokenPanel({
  auth,
  onChange,
  readOnly,
  vars,
}: {
  auth: TOAuth2Auth;
  onChange: (auth: TOAuth2Auth) => void;
  readOnly: boolean;
  vars: readonly VarInfo[];
}) {
  const { wid = '' } = useParams();
  // The active environment is kept per member on the server (h14-contract's preferences).
  const { envId } = useActiveEnvironment(wid);
  const env = useEnvironment(envId);
  const { update } = useEnvironmentMutations(wid);
  const tokenRequest = useTokenRequest();
  const [target, setTarget] = useState<'auth' | 'env'>('auth');
  const [varName, setVarName] = useState('accessToken');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const interactive = auth.grantType === 'authorization_code' || auth.grantType === 'implicit';
  const redirectUri = auth.redirectUri || defaultRedirectUri();

  // The server resolves {{variables}} (secrets too) with the workspace and the active environment.
  const tokenInput = (grant: TOAuth2TokenRequest['grant']): TOAuth2TokenRequest => ({
    workspaceId: wid,
    ...(envId === null ? {} : { environmentId: envId }),
    auth: {
      accessTokenUrl: auth.accessTokenUrl,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      clientAuthentication: auth.clientAuthentication,
      ...(auth.scope ? { scope: auth.scope } : {}),
    },
    grant,
  });

  const store = async (token: OAuth2TokenDetails) => {
    const next = withObtainedToken(auth, token);
    if (target === 'env' && envId !== null && env.data) {
      const others = env.data.variables.filter((v) => v.key !== varName);
      const variable: TVariable = { key: varName, value: token.accessToken, enabled: true, secret: true };
      await update.mutateAsync({ id: envId, patch: { variables: [...others, variable] } });
      next.accessToken = `{{${varName}}}`;
    }
    onChange(next);
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Something went wrong');
    } finally {
      setBusy(false);
    }
  };

  const getNew = () =>
    run(async () => {
      const a = resolvedAuth(auth, vars);
      const { attempt, redirect } = await authorizeInPopup(a, redirectUri);
      if (redirect.kind === 'error') {
        throw new Error(redirect.message);
      }
      if (redirect.kind === 'token') {
        await store(redirect.token);
        return;
      }
      await store(
        await tokenRequest.mutateAsync(
          tokenInput({
            kind: 'authorization_code',
            code: redirect.code,
            redirectUri,
            ...(attempt.codeVerifier === undefined ? {} : { codeVerifier: attempt.codeVerifier }),
          }),
        ),
      );
    });

  const refresh = () =>
    run(async () => {
      await store(
        await tokenRequest.mutateAsync(
          tokenInput({ kind: 'refresh_token', refreshToken: auth.refreshToken ?? '' }),
        ),
      );
    });

  const storedIn = /^\{\{(.+)\}\}$/.exec(auth.accessToken ?? '')?.[1];
  return (
    <section
      aria-label="Access token"
      className="flex flex-col gap-2 rounded border border-zinc-200 p-2 dark:border-zinc-800"
    >
      <h3 className="font-medium">Access token</h3>
      <TokenDetails auth={auth} storedIn={storedIn ? `environment variable ${storedIn}` : 'this request'} />
      {readOnly ? null : (
        <>
          <div className="flex flex-wrap items-end gap-2">
            <Field label="Store the token in">
              <Select value={target} onChange={(e) => setTarget(e.target.value === 'env' ? 'env' : 'auth')}>
                <option value="auth">This request’s auth</option>
                <option value="env" disabled={envId === null}>
                  {envId === null
                    ? 'An environment variable (select an environment)'
                    : 'An environment variable'}
                </option>
              </Select>
            </Field>
            {target === 'env' ? (
              <Field label="Variable">
                <Input className="font-mono" value={varName} onChange={(e) => setVarName(e.target.value)} />
              </Field>
            ) : null}
          </div>
          {interactive ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Redirect URI to register at the provider: <span className="font-mono">{redirectUri}</span>
            </p>
          ) : null}
          <div className="flex gap-2">
            {interactive ? (
              <Button variant="primary" disabled={busy} onClick={getNew}>
                Get new access token
              </Button>
            ) : null}
            {auth.refreshToken ? (
              <Button disabled={busy} onClick={refresh}>
                Refresh
              </Button>
            ) : null}
            {auth.accessToken ? (
              <Button
                disabled={busy}
                onClick={() => {
                  const { accessTokenExpiresAt: _e, refreshToken: _r, ...rest } = auth;
                  onChange({ ...rest, accessToken: '' });
                }}
              >
                Forget token
              </Button>
            ) : null}
          </div>
        </>
      )}
      {error ? (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      ) : null}
    </section>
  );
}
