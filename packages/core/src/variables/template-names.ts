/** `{{name}}` as the resolver reads it (resolve-template.ts): no braces inside. */
const TEMPLATE = /\{\{([^{}]+)\}\}/g;

/** The variable names a text refers to, in order of first appearance, case kept. */
export function templateNames(text: string): string[] {
  if (!text.includes('{{')) {
    return [];
  }
  const names: string[] = [];
  for (const m of text.matchAll(TEMPLATE)) {
    const name = m[1] ?? '';
    if (!names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

/**
 * Names still written as `{{name}}` in a prepared URL's host: such a request cannot be sent anywhere (a resolver
 * would lower-case the name and answer "not found"), so the runner reports the variable instead. Empty when the
 * host is resolved.
 */
export function unresolvedInHost(url: string): string[] {
  const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(url);
  const rest = scheme ? url.slice(scheme[0].length) : url;
  const end = rest.search(/[/?#]/);
  return templateNames(end === -1 ? rest : rest.slice(0, end));
}
