import type { TOAuth2Auth } from '@apiplay/core';
import { Field, Select } from '../../components/ui/input';
import { Text } from '../editor/text-field';
import type { VarInfo } from '../editor/url-editor';
import { GetTokenPanel } from './get-token-panel';

/** OAuth 2.0: the grant's settings and the access token (get, refresh, where it is stored). */
export function OAuth2Editor({
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
  const interactive = auth.grantType === 'authorization_code' || auth.grantType === 'implicit';
  return (
    <>
      <Field label="Grant type">
        <Select
          value={auth.grantType}
          disabled={readOnly}
          onChange={(e) => onChange({ ...auth, grantType: e.target.value as typeof auth.grantType })}
        >
          <option value="client_credentials">Client credentials</option>
          <option value="password">Password</option>
          <option value="authorization_code">Authorization code (+PKCE)</option>
          <option value="implicit">Implicit</option>
          <option value="refresh_token">Refresh token</option>
        </Select>
      </Field>
      <Text
        label="Access token URL"
        value={auth.accessTokenUrl}
        readOnly={readOnly}
        onChange={(accessTokenUrl) => onChange({ ...auth, accessTokenUrl })}
      />
      {interactive ? (
        <>
          <Text
            label="Authorization URL"
            value={auth.authUrl}
            readOnly={readOnly}
            onChange={(authUrl) => onChange({ ...auth, authUrl })}
          />
          <Text
            label="Redirect URI"
            value={auth.redirectUri}
            readOnly={readOnly}
            onChange={(redirectUri) => onChange({ ...auth, redirectUri })}
          />
          {auth.grantType === 'authorization_code' ? (
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={auth.usePkce ?? true}
                disabled={readOnly}
                onChange={(e) => onChange({ ...auth, usePkce: e.target.checked })}
              />
              Use PKCE
            </label>
          ) : null}
        </>
      ) : null}
      <Text
        label="Client ID"
        value={auth.clientId}
        readOnly={readOnly}
        onChange={(clientId) => onChange({ ...auth, clientId })}
      />
      <Text
        label="Client secret"
        secret
        value={auth.clientSecret}
        readOnly={readOnly}
        onChange={(clientSecret) => onChange({ ...auth, clientSecret })}
      />
      {auth.grantType === 'password' ? (
        <>
          <Text
            label="Username"
            value={auth.username}
            readOnly={readOnly}
            onChange={(username) => onChange({ ...auth, username })}
          />
          <Text
            label="Password"
            secret
            value={auth.password}
            readOnly={readOnly}
            onChange={(password) => onChange({ ...auth, password })}
          />
        </>
      ) : null}
      {auth.grantType === 'refresh_token' ? (
        <Text
          label="Refresh token"
          value={auth.refreshToken}
          readOnly={readOnly}
          onChange={(refreshToken) => onChange({ ...auth, refreshToken })}
        />
      ) : null}
      <Text
        label="Scope"
        value={auth.scope}
        readOnly={readOnly}
        onChange={(scope) => onChange({ ...auth, scope })}
      />
      <Field label="Send client credentials">
        <Select
          value={auth.clientAuthentication}
          disabled={readOnly}
          onChange={(e) =>
            onChange({ ...auth, clientAuthentication: e.target.value === 'body' ? 'body' : 'header' })
          }
        >
          <option value="header">As Basic auth header</option>
          <option value="body">In the body</option>
        </Select>
      </Field>
      <GetTokenPanel auth={auth} onChange={onChange} readOnly={readOnly} vars={vars} />
      <Text
        label="Access token (optional, already obtained)"
        value={auth.accessToken}
        readOnly={readOnly}
        onChange={(accessToken) => onChange({ ...auth, accessToken })}
      />
      <Text
        label="Header prefix"
        value={auth.headerPrefix}
        readOnly={readOnly}
        onChange={(headerPrefix) => onChange({ ...auth, headerPrefix })}
      />
    </>
  );
}
