import { type TRequest, type TScripts, templateNames } from '@apiplay/core';

/** Names a script sets (`pm.variables.set('x', …)`, `pm.environment.set("x", …)`, …): known only at send time. */
function namesSetByScripts(scripts: readonly TScripts[]): Set<string> {
  const names = new Set<string>();
  for (const s of scripts) {
    for (const m of s.preRequest.matchAll(/\.set\(\s*(['"`])([^'"`]+)\1/g)) {
      names.add(m[2] ?? '');
    }
  }
  return names;
}

/**
 * The `{{names}}` a request uses (URL, enabled headers, auth, body) that no visible scope defines and no
 * pre-request script sets, case kept, in order; dynamic variables (`{{$guid}}`) are always defined.
 */
export function unresolvedVariables(
  request: Pick<TRequest, 'url' | 'headers' | 'auth' | 'body' | 'scripts'>,
  known: readonly { key: string }[],
  scripts: readonly TScripts[],
): string[] {
  const defined = new Set(known.map((v) => v.key));
  const setLater = namesSetByScripts([...scripts, request.scripts]);
  const text = [
    request.url,
    ...request.headers.filter((h) => h.enabled !== false).flatMap((h) => [h.key, h.value]),
    JSON.stringify(request.auth),
    JSON.stringify(request.body),
  ].join('\n');
  return templateNames(text).filter((n) => !n.startsWith('$') && !defined.has(n) && !setLater.has(n));
}
