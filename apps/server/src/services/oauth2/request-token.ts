import {
  AppError,
  buildCodeExchangeRequest,
  buildRefreshRequest,
  type OAuth2TokenDetails,
  parseTokenAnswer,
  type TOAuth2Auth,
  type TOAuth2TokenRequest,
} from '@apiplay/core';
import type { ExecutionDeps } from '../execute/execute-request';
import { loadExecutionScope } from '../execute/load-execution-scope';

/**
 * Sends the code exchange or refresh of "Get new access token" for the web app: built by core from the auth's
 * settings, {{variables}} (secrets included) resolved with the workspace's scopes, sent through the SSRF-guarded
 * transport without scripts. Unlike a Send it leaves no history row: the answer is the user's tokens.
 */
export async function requestToken(
  deps: ExecutionDeps,
  opts: { userId: string; input: TOAuth2TokenRequest },
): Promise<OAuth2TokenDetails> {
  const { input } = opts;
  const scope = await loadExecutionScope({
    db: deps.db,
    box: deps.box,
    workspaceId: input.workspaceId,
    environmentId: input.environmentId,
    collectionId: input.collectionId,
    globals: deps.globals,
  });
  const auth: TOAuth2Auth = {
    type: 'oauth2',
    grantType: 'authorization_code',
    accessTokenUrl: input.auth.accessTokenUrl,
    clientId: input.auth.clientId,
    clientSecret: input.auth.clientSecret,
    clientAuthentication: input.auth.clientAuthentication,
    headerPrefix: 'Bearer',
    ...(input.auth.scope === undefined ? {} : { scope: input.auth.scope }),
  };
  const request =
    input.grant.kind === 'authorization_code'
      ? buildCodeExchangeRequest(auth, input.grant)
      : buildRefreshRequest(auth, input.grant.refreshToken);
  const { execution } = await deps.scripts.execute(
    {
      request,
      ...(scope.collection
        ? { collection: { ...scope.collection, scripts: { preRequest: '', test: '' } } }
        : {}),
      folders: [],
      environment: scope.environment,
      globals: scope.globals,
      withScripts: false,
    },
    { userId: opts.userId, interactive: true },
  );
  if (execution.error !== undefined || execution.response === undefined) {
    const code = execution.error?.code === 'TARGET_FORBIDDEN' ? 'TARGET_FORBIDDEN' : 'UPSTREAM_FAILED';
    throw new AppError(
      code,
      `The token request could not be sent: ${execution.error?.message ?? 'no response'}`,
    );
  }
  try {
    return parseTokenAnswer(execution.response.status, execution.response.body);
  } catch (error) {
    // The provider's RFC 6749 §5.2 error (invalid_grant, …) is the user's to read; it holds no secret.
    throw new AppError('BAD_REQUEST', error instanceof Error ? error.message : 'The token request failed', {
      reason: 'token_refused',
    });
  }
}
