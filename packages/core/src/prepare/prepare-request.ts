import { applyAuth, effectiveAuth } from '../auth/apply-auth';
import { hasHeader } from '../http/headers';
import type { PreparedBody, PreparedHeader, PreparedPart, PreparedRequest } from '../http/types';
import type { TAuth, TBody, TKeyValue, TRawLanguage, TVariable } from '../schema';
import { resolveInto } from '../variables/resolve-template';
import type { VariableScopes } from '../variables/variable-scopes';

/** The parts of a request item `prepareRequest` reads (a saved request or a tree item both fit). */
export interface PreparableRequest {
  method: string;
  url: string;
  headers: readonly TKeyValue[];
  body: TBody;
  auth: TAuth;
}

/** A collection or folder above the request (root first). Only `auth` and `variables` matter here. */
export interface RequestAncestor {
  type?: string;
  auth: TAuth;
  variables?: readonly TVariable[];
}

export interface PrepareOptions {
  /** Scheme added when the URL has none (Postman adds http://). */
  defaultScheme?: 'http' | 'https';
}

export interface PrepareResult {
  prepared: PreparedRequest;
  /** Unresolved variables, cycles, bad GraphQL variables… one message each. */
  warnings: string[];
}

const contentTypeByLanguage: Record<TRawLanguage, string> = {
  json: 'application/json',
  text: 'text/plain',
  xml: 'application/xml',
  html: 'text/html',
  javascript: 'application/javascript',
};

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function resolveRows(
  rows: readonly TKeyValue[],
  scopes: VariableScopes,
  warnings: string[],
): PreparedHeader[] {
  const out: PreparedHeader[] = [];
  for (const row of rows) {
    if (row.enabled === false || row.key === '') {
      continue;
    }
    out.push({
      key: resolveInto(row.key, scopes, warnings),
      value: resolveInto(row.value, scopes, warnings),
    });
  }
  return out;
}

function prepareBody(
  body: TBody,
  headers: PreparedHeader[],
  scopes: VariableScopes,
  warnings: string[],
): PreparedBody | undefined {
  switch (body.mode) {
    case 'none':
      return undefined;
    case 'raw': {
      // An empty raw body gets no Content-Type, as in Postman.
      if (body.raw !== '' && !hasHeader(headers, 'content-type')) {
        headers.push({ key: 'Content-Type', value: contentTypeByLanguage[body.language] });
      }
      return { kind: 'text', text: resolveInto(body.raw, scopes, warnings) };
    }
    case 'urlencoded': {
      if (!hasHeader(headers, 'content-type')) {
        headers.push({ key: 'Content-Type', value: 'application/x-www-form-urlencoded' });
      }
      return { kind: 'urlencoded', fields: resolveRows(body.urlencoded, scopes, warnings) };
    }
    case 'formdata': {
      const parts: PreparedPart[] = [];
      for (const f of body.formdata) {
        if (f.enabled === false || f.key === '') {
          continue;
        }
        const name = resolveInto(f.key, scopes, warnings);
        if (f.type === 'file') {
          const path = resolveInto(f.src ?? '', scopes, warnings);
          if (path === '') {
            warnings.push(`Form field "${name}" has no file selected`);
            continue;
          }
          parts.push(
            f.contentType
              ? { kind: 'file', name, path, contentType: f.contentType }
              : { kind: 'file', name, path },
          );
          continue;
        }
        const value = resolveInto(f.value, scopes, warnings);
        parts.push(
          f.contentType
            ? { kind: 'text', name, value, contentType: f.contentType }
            : { kind: 'text', name, value },
        );
      }
      return { kind: 'multipart', parts };
    }
    case 'binary': {
      const path = resolveInto(body.file.src, scopes, warnings);
      if (path === '') {
        warnings.push('Binary body has no file selected');
        return undefined;
      }
      return { kind: 'file', path };
    }
    case 'graphql': {
      const query = resolveInto(body.graphql.query, scopes, warnings);
      const varsText = resolveInto(body.graphql.variables, scopes, warnings).trim();
      let variables: unknown = {};
      if (varsText !== '') {
        try {
          variables = JSON.parse(varsText);
        } catch {
          warnings.push('GraphQL variables are not valid JSON; sent as {}');
        }
      }
      if (!hasHeader(headers, 'content-type')) {
        headers.push({ key: 'Content-Type', value: 'application/json' });
      }
      return { kind: 'text', text: JSON.stringify({ query, variables }) };
    }
  }
}

/**
 * Turn a saved request into what goes on the wire: variables resolved in URL, headers, body and auth; auth
 * inherited down the tree and applied (digest, OAuth 2 and SigV4 are finished by the transport); disabled rows
 * skipped; a Content-Type derived from the body when the request sets none.
 */
export function prepareRequest(
  item: PreparableRequest,
  ancestors: readonly RequestAncestor[],
  scopes: VariableScopes,
  opts: PrepareOptions = {},
): PrepareResult {
  const warnings: string[] = [];
  let url = resolveInto(item.url, scopes, warnings).trim();
  if (url !== '' && !SCHEME.test(url)) {
    url = `${opts.defaultScheme ?? 'http'}://${url}`;
  }
  const headers = resolveRows(item.headers, scopes, warnings);
  const body = prepareBody(item.body, headers, scopes, warnings);
  const prepared: PreparedRequest = { method: item.method.toUpperCase(), url, headers };
  if (body) {
    prepared.body = body;
  }
  const auth = effectiveAuth(item.auth, ancestors);
  applyAuth(prepared, auth, scopes, warnings);
  return { prepared, warnings };
}
