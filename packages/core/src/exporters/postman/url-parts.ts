/** Postman's structured URL. */
export interface PostmanUrl {
  raw: string;
  protocol?: string;
  host?: string[];
  port?: string;
  path?: string[];
  query?: { key: string; value: string | null }[];
  hash?: string;
}

/**
 * Split a raw URL that may contain `{{variables}}` into Postman's parts. WHATWG URL cannot parse
 * `{{baseUrl}}/items`, and Postman's own runtime (postman-collection) reads the parts, not `raw`, so they must agree.
 */
export function toPostmanUrl(raw: string): PostmanUrl {
  const out: PostmanUrl = { raw };
  if (raw === '') {
    return out;
  }
  let rest = raw;
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) {
    out.hash = rest.slice(hashAt + 1);
    rest = rest.slice(0, hashAt);
  }
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) {
    const qs = rest.slice(queryAt + 1);
    rest = rest.slice(0, queryAt);
    out.query = qs === '' ? [] : qs.split('&').map(splitParam);
  }
  const proto = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (proto?.[1]) {
    out.protocol = proto[1];
    rest = rest.slice(proto[0].length);
  }
  const slash = rest.indexOf('/');
  let hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const pathText = slash >= 0 ? rest.slice(slash + 1) : undefined;
  const portMatch = /:(\d+|\{\{[^}]+\}\})$/.exec(hostPort);
  if (portMatch?.[1]) {
    out.port = portMatch[1];
    hostPort = hostPort.slice(0, portMatch.index);
  }
  out.host = hostPort.startsWith('{{') && hostPort.endsWith('}}') ? [hostPort] : hostPort.split('.');
  if (pathText !== undefined) {
    out.path = pathText.split('/');
  }
  return out;
}

function splitParam(pair: string): { key: string; value: string | null } {
  const eq = pair.indexOf('=');
  return eq < 0 ? { key: pair, value: null } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
}
