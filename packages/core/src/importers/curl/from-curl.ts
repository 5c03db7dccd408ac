import type { TAuth, TBody, TItem, TKeyValue, TRequestSettings } from '../../schema';
import type { ImportOutput } from '../types';
import { fail, isObject, kv, plainCollection, requestItem, str } from '../util';

/** Looks like shell text starting with a curl command (after comments/blank lines and an optional `$ `). */
export function looksLikeCurl(text: string): boolean {
  for (const line of text.split('\n', 200)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) {
      continue;
    }
    return /^(\$\s*)?curl(\s|$)/.test(t);
  }
  return false;
}

/**
 * Split text holding several commands into one chunk per `curl` line. Continuation lines, heredoc bodies and
 * comments stay with the command before them; the shell parsing itself is curlconverter's.
 */
export function splitCurlCommands(text: string): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let continued = false;
  for (const line of text.split(/\r?\n/)) {
    const starts = /^\s*(\$\s*)?curl(\s|$)/.test(line);
    if (starts && !continued && current.some((l) => /^\s*(\$\s*)?curl(\s|$)/.test(l))) {
      chunks.push(current.join('\n'));
      current = [];
    }
    current.push(starts ? line.replace(/^\s*\$\s*/, '') : line);
    continued = /\\$/.test(line);
  }
  if (current.some((l) => /^\s*curl(\s|$)/.test(l))) {
    chunks.push(current.join('\n'));
  }
  return chunks;
}

interface CurlJson {
  url: string;
  raw_url: string;
  method: string;
  cookies?: Record<string, string>;
  headers?: Record<string, string | null>;
  data?: unknown;
  files?: Record<string, string>;
  insecure?: boolean;
  auth?: { user: string; password: string };
  auth_type?: string;
  follow_redirects?: boolean;
  max_redirects?: number;
  timeout?: number;
}

function formValues(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => str(v)) : [str(value)];
}

function bodyOf(json: CurlJson, headers: TKeyValue[]): TBody {
  const contentType = headers.find((h) => h.key.toLowerCase() === 'content-type')?.value.toLowerCase() ?? '';
  if (json.files && Object.keys(json.files).length > 0) {
    const data = isObject(json.data) ? json.data : {};
    return {
      mode: 'formdata',
      formdata: [
        ...Object.entries(data).flatMap(([key, v]) =>
          formValues(v).map((value) => ({ key, type: 'text' as const, value, enabled: true })),
        ),
        ...Object.entries(json.files).map(([key, src]) => ({
          key,
          type: 'file' as const,
          value: '',
          src,
          enabled: true,
        })),
      ],
    };
  }
  if (json.data === undefined) {
    return { mode: 'none' };
  }
  if (typeof json.data === 'string') {
    const language = /json/.test(contentType) ? 'json' : /xml/.test(contentType) ? 'xml' : 'text';
    return { mode: 'raw', raw: json.data, language };
  }
  if (/x-www-form-urlencoded/.test(contentType) && isObject(json.data)) {
    return {
      mode: 'urlencoded',
      urlencoded: Object.entries(json.data).flatMap(([key, v]) =>
        formValues(v).map((value) => kv(key, value)),
      ),
    };
  }
  return { mode: 'raw', raw: JSON.stringify(json.data), language: 'json' };
}

function authOf(json: CurlJson, where: string, warnings: string[]): TAuth {
  if (!json.auth) {
    return { type: 'inherit' };
  }
  const type = json.auth_type ?? 'basic';
  if (type === 'digest') {
    return { type: 'digest', username: json.auth.user, password: json.auth.password };
  }
  if (type !== 'basic') {
    warnings.push(`${where}: ${type} auth imported as basic`);
  }
  return { type: 'basic', username: json.auth.user, password: json.auth.password };
}

function toRequest(json: CurlJson, index: number, warnings: string[]): TItem {
  const where = `command ${index + 1}`;
  const headers: TKeyValue[] = Object.entries(json.headers ?? {})
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => kv(k, v));
  if (json.cookies && Object.keys(json.cookies).length > 0) {
    const cookie = Object.entries(json.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    headers.push(kv('Cookie', cookie));
  }
  const settings: TRequestSettings = {};
  if (json.insecure !== undefined) {
    settings.strictSSL = false;
  }
  if (json.follow_redirects !== undefined) {
    settings.followRedirects = json.follow_redirects;
  }
  if (typeof json.max_redirects === 'number' && json.max_redirects >= 0 && json.max_redirects <= 50) {
    settings.maxRedirects = Math.floor(json.max_redirects);
  }
  if (typeof json.timeout === 'number' && json.timeout >= 0) {
    settings.timeoutMs = Math.round(json.timeout * 1000);
  }
  const method = json.method.toUpperCase();
  let name = json.raw_url;
  try {
    const u = new URL(json.raw_url);
    name = `${method} ${u.host}${u.pathname}`;
  } catch {
    name = `${method} ${json.raw_url}`;
  }
  return requestItem({
    name,
    method: /^[A-Za-z][A-Za-z0-9_-]*$/.test(method) ? method : 'GET',
    url: json.raw_url,
    headers,
    body: bodyOf(json, headers),
    auth: authOf(json, where, warnings),
    settings,
  });
}

/** Import one or many curl commands (shell text) with curlconverter; each becomes a request in one collection. */
export async function fromCurl(text: string, filename?: string): Promise<ImportOutput> {
  // Loaded on demand, and hidden from bundlers: curlconverter brings a native tree-sitter bash grammar that only
  // the curl path needs, so browser bundles of core stay free of it (cURL import runs on the server/CLI).
  const specifier = 'curlconverter';
  const { toJsonObjectWarn } = (await import(/* @vite-ignore */ specifier)) as typeof import('curlconverter');
  const commands = splitCurlCommands(text);
  if (commands.length === 0) {
    fail('line 1', 'no curl command found');
  }
  const warnings: string[] = [];
  const items: TItem[] = [];
  for (const [i, command] of commands.entries()) {
    try {
      const [json, ws] = toJsonObjectWarn(command);
      for (const w of ws) {
        warnings.push(`command ${i + 1}: ${w[1]}`);
      }
      items.push(toRequest(json as CurlJson, i, warnings));
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const line = text.slice(0, text.indexOf(command.split('\n')[0] ?? '')).split('\n').length;
      if (commands.length === 1) {
        fail(`line ${line}`, `could not parse curl command: ${message}`);
      }
      warnings.push(`command ${i + 1} (line ${line}) skipped: ${message}`);
    }
  }
  if (items.length === 0) {
    fail('line 1', 'no curl command could be parsed');
  }
  return { collections: [plainCollection(filename ?? 'cURL import', items)], environments: [], warnings };
}
