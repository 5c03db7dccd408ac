import type { TAuth } from '@apiplay/core';
import { Field, Select } from '../../components/ui/input';
import { OAuth2Editor } from '../oauth2/oauth2-editor';
import { Text } from './text-field';
import type { VarInfo } from './url-editor';

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

/** Every auth kind; `inherit` shows which ancestor's auth applies. */
export function AuthEditor({
  auth,
  onChange,
  readOnly,
  inherited,
  allowInherit = true,
  vars,
}: {
  auth: TAuth;
  onChange: (auth: TAuth) => void;
  readOnly: boolean;
  inherited?: InheritedAuth | null;
  allowInherit?: boolean;
  /** Variables the page knows (resolves {{…}} in the OAuth 2 authorization URL). */
  vars?: readonly VarInfo[];
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
        return <OAuth2Editor auth={auth} onChange={onChange} readOnly={readOnly} vars={vars ?? []} />;
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
