/** Bodies above this are shown as they are: parsing and re-printing them would block the UI thread. */
export const PRETTY_INLINE_LIMIT = 256 * 1024;

/** `text` indented when it is JSON and small enough to re-print on the UI thread; otherwise `text` itself. */
export function prettyJson(text: string, limit = PRETTY_INLINE_LIMIT): string {
  if (text.length > limit) {
    return text;
  }
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    return text;
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
