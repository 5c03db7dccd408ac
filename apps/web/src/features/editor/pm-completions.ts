import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';

/** Members of the Postman-compatible `pm` API, by object path. */
const members: Record<string, [string, string][]> = {
  pm: [
    ['test', 'pm.test(name, fn)'],
    ['expect', 'pm.expect(value) — chai BDD'],
    ['response', 'the response'],
    ['request', 'the request'],
    ['environment', 'environment variables'],
    ['globals', 'global variables'],
    ['collectionVariables', 'collection variables'],
    ['variables', 'all scopes, narrowest wins'],
    ['iterationData', 'current data row'],
    ['info', 'run information'],
    ['sendRequest', 'pm.sendRequest(req, cb)'],
    ['cookies', 'cookie jar'],
  ],
  'pm.response': [
    ['code', 'status code'],
    ['status', 'status text'],
    ['headers', 'response headers'],
    ['responseTime', 'milliseconds'],
    ['responseSize', 'bytes'],
    ['json', 'json() — parsed body'],
    ['text', 'text() — body text'],
    ['to', 'pm.response.to.have.status(200)'],
  ],
  'pm.request': [
    ['url', 'request URL'],
    ['method', 'HTTP method'],
    ['headers', 'request headers'],
    ['body', 'request body'],
  ],
  'pm.environment': [
    ['get', 'get(name)'],
    ['set', 'set(name, value)'],
    ['unset', 'unset(name)'],
    ['has', 'has(name)'],
    ['toObject', 'toObject()'],
  ],
  'pm.info': [
    ['requestName', 'name'],
    ['iteration', 'index'],
    ['iterationCount', 'total'],
    ['eventName', 'prerequest | test'],
  ],
};
members['pm.globals'] = members['pm.environment'] ?? [];
members['pm.collectionVariables'] = members['pm.environment'] ?? [];
members['pm.variables'] = members['pm.environment'] ?? [];

/** Completion for `pm.` paths, `postman.setNextRequest` and `console`. */
export function pmCompletions(ctx: CompletionContext): CompletionResult | null {
  const word = ctx.matchBefore(/[\w.]*$/);
  if (!word || (word.from === word.to && !ctx.explicit)) {
    return null;
  }
  const text = word.text;
  const dot = text.lastIndexOf('.');
  if (dot < 0) {
    return {
      from: word.from,
      options: [
        { label: 'pm', type: 'variable', detail: 'Postman API' },
        { label: 'postman', type: 'variable', detail: 'postman.setNextRequest(name)' },
        { label: 'console', type: 'variable' },
      ],
    };
  }
  const base = text.slice(0, dot);
  const list =
    base === 'postman'
      ? [['setNextRequest', 'setNextRequest(name | null)'] as [string, string]]
      : base === 'console'
        ? (['log', 'info', 'warn', 'error'].map((m) => [m, '']) as [string, string][])
        : members[base];
  if (!list) {
    return null;
  }
  return {
    from: word.from + dot + 1,
    options: list.map(([label, detail]) => ({ label, detail, type: 'property' })),
    validFor: /^\w*$/,
  };
}
