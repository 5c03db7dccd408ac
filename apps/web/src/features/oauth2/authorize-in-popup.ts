import {
  buildAuthorizationUrl,
  newOAuth2Attempt,
  type OAuth2Attempt,
  type OAuth2Redirect,
  readOAuth2Redirect,
  type TOAuth2Auth,
} from '@apiplay/core';
import { config } from '../../config';

/** The server page the provider sends the popup back to (register it at the provider). */
export function defaultRedirectUri(): string {
  return `${config.apiBase || window.location.origin}/api/oauth2/callback`;
}

/** How long the popup may take (a person signs in there). */
const POPUP_TIMEOUT_MS = 5 * 60_000;

/**
 * Opens the authorization URL in a popup and waits for the callback page to hand back the redirect (over a
 * BroadcastChannel: the provider's pages sever `window.opener`). The answer must carry this attempt's state.
 */
export async function authorizeInPopup(
  auth: TOAuth2Auth,
  redirectUri: string,
): Promise<{ attempt: OAuth2Attempt; redirect: OAuth2Redirect }> {
  const attempt = newOAuth2Attempt(auth);
  const url = await buildAuthorizationUrl(auth, attempt, redirectUri);
  const channel = new BroadcastChannel('apiplay-oauth2');
  try {
    const answer = new Promise<OAuth2Redirect>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('No answer from the authorization server')),
        POPUP_TIMEOUT_MS,
      );
      channel.onmessage = (event: MessageEvent) => {
        const data = event.data as { type?: unknown; search?: unknown; hash?: unknown };
        if (data.type !== 'apiplay-oauth2-redirect') {
          return;
        }
        const redirect = readOAuth2Redirect(
          auth,
          attempt,
          String(data.search ?? ''),
          String(data.hash ?? ''),
        );
        // Another tab's attempt answers with another state: keep waiting for ours.
        if (redirect.kind === 'error' && /state/.test(redirect.message)) {
          return;
        }
        clearTimeout(timer);
        resolve(redirect);
      };
    });
    const popup = window.open(url, 'apiplay-oauth2', 'popup,width=520,height=700');
    if (popup === null) {
      throw new Error('The browser blocked the popup; allow popups for this site');
    }
    return { attempt, redirect: await answer };
  } finally {
    channel.close();
  }
}
