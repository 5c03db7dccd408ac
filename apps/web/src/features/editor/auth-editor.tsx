import type { TAuth } from '@apiplay/core';
import { Field, Input, Select } from '../../components/ui/input';

export interface InheritedAuth {
  auth: TAuth;
  /** Name of the folder or collection it comes from. */
  from: string;
}

const kinds: { id: TAuth['type']; label: string }[] = [
  { id: 'inherit', label: 'Inherit from parent' },
  { id: 'none', label: 'No auth' },
  { id: 'basic', label: 'Basic' },
  { id: 'bearer', label: 'Bearer token' },
  { id: 'apikey', label: 'API key' },
  { id: 'digest', label: 'Digest' },
  { id: 'oauth2', label: 'OAuth 2.0' },
  { id: 'awsv4', label: 'AWS Signature v4' },
];

function defaults(type: TAuth['type']): TAuth {
  switch (type) {
    case 'none':
    case 'inherit':
      return { type };
    case 'basic':
    case 'digest':
      return { type, username: '', password: '' };
    case 'bearer':
      return { type, token: '' };
    case 'apikey':
      return { type, key: 'X-API-Key', value: '', in: 'header' };
    case 'oauth2':
      return {
        type,
        grantType: 'client_credentials',
        accessTokenUrl: '',
        clientId: '',
        clientSecret: '',
        clientAuthentication: 'header',
        headerPrefix: 'Bearer',
      };
    case 'awsv4':
      return { type, accessKeyId: '', secretAccessKey: '', region: 'us-east-1', service: 'execute-api' };
    default: {
      const never: never = type;
      return never;
    }
  }
}

function describe(auth: TAuth): string {
  return kinds.find((k) => k.id === auth.type)?.label ?? auth.type;
}

function Text({
  label,
  value,
  onChange,
  readOnly,
  secret,
}: {
  label: string;
  value: string | undefined;
  onChange: (v: string) => void;
  readOnly: boolean;
  secret?: boolean;
}) {
  return (
    <Field label={label}>
      <Input
        type={secret ? 'password' : 'text'}
        className="font-mono"
        value={value ?? ''}
        readOnly={readOnly}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** Every auth kind; `inherit` shows which ancestor's auth applies. */
export function AuthEditor({
  auth,
  onChange,
  readOnly,
  inherited,
  allowInherit = true,
}: {
  auth: TAuth;
  onChange: (auth: TAuth) => void;
  readOnly: boolean;
  inherited?: InheritedAuth | null;
  allowInherit?: boolean;
}) {
  const body = (() => {
    switch (auth.type) {
      case 'inherit':
        return (
          <p className="text-zinc-600 dark:text-zinc-400" data-testid="inherited-auth">
            {inherited && inherited.auth.type !== 'none' && inherited.auth.type !== 'inherit'
              ? `Uses ${describe(inherited.auth)} from “${inherited.from}”.`
              : 'No auth is inherited from the folder or collection.'}
          </p>
        );
      case 'none':
        return <p className="text-zinc-500 dark:text-zinc-400">No auth is sent.</p>;
      case 'basic':
      case 'digest':
        return (
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
        );
      case 'bearer':
        return (
          <Text
            label="Token"
            value={auth.token}
            readOnly={readOnly}
            onChange={(token) => onChange({ ...auth, token })}
          />
        );
      case 'apikey':
        return (
          <>
            <Text
              label="Key"
              value={auth.key}
              readOnly={readOnly}
              onChange={(key) => onChange({ ...auth, key })}
            />
            <Text
              label="Value"
              value={auth.value}
              readOnly={readOnly}
              onChange={(value) => onChange({ ...auth, value })}
            />
            <Field label="Add to">
              <Select
                value={auth.in}
                disabled={readOnly}
                onChange={(e) => onChange({ ...auth, in: e.target.value === 'query' ? 'query' : 'header' })}
              >
                <option value="header">Header</option>
                <option value="query">Query params</option>
              </Select>
            </Field>
          </>
        );
      case 'oauth2':
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
                <option value="refresh_token">Refresh token</option>
              </Select>
            </Field>
            <Text
              label="Access token URL"
              value={auth.accessTokenUrl}
              readOnly={readOnly}
              onChange={(accessTokenUrl) => onChange({ ...auth, accessTokenUrl })}
            />
            {auth.grantType === 'authorization_code' ? (
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
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={auth.usePkce ?? true}
                    disabled={readOnly}
                    onChange={(e) => onChange({ ...auth, usePkce: e.target.checked })}
                  />
                  Use PKCE
                </label>
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
      case 'awsv4':
        return (
          <>
            <Text
              label="Access key ID"
              value={auth.accessKeyId}
              readOnly={readOnly}
              onChange={(accessKeyId) => onChange({ ...auth, accessKeyId })}
            />
            <Text
              label="Secret access key"
              secret
              value={auth.secretAccessKey}
              readOnly={readOnly}
              onChange={(secretAccessKey) => onChange({ ...auth, secretAccessKey })}
            />
            <Text
              label="Session token"
              value={auth.sessionToken}
              readOnly={readOnly}
              onChange={(sessionToken) => onChange({ ...auth, sessionToken })}
            />
            <Text
              label="Region"
              value={auth.region}
              readOnly={readOnly}
              onChange={(region) => onChange({ ...auth, region })}
            />
            <Text
              label="Service"
              value={auth.service}
              readOnly={readOnly}
              onChange={(service) => onChange({ ...auth, service })}
            />
          </>
        );
      default: {
        const never: never = auth;
        return never;
      }
    }
  })();
  return (
    <div className="flex max-w-xl flex-col gap-3">
      <Field label="Auth type">
        <Select
          value={auth.type}
          disabled={readOnly}
          onChange={(e) => onChange(defaults(e.target.value as TAuth['type']))}
        >
          {kinds
            .filter((k) => allowInherit || k.id !== 'inherit')
            .map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
        </Select>
      </Field>
      {body}
    </div>
  );
}

/** The auth an `inherit` request gets: the nearest ancestor (folder, then collection) with a concrete auth. */
export function resolveInherited(ancestors: { name: string; auth: TAuth }[]): InheritedAuth | null {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a && a.auth.type !== 'inherit') {
      return { auth: a.auth, from: a.name };
    }
  }
  return null;
}
