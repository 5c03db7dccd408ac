// Control characters other than tab/LF/CR are not allowed in XML 1.0 even when escaped.
const keepControl = (c: string): string => (c === '\t' || c === '\n' || c === '\r' ? c : '');

/** Text made safe inside XML/HTML text and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\p{Cc}/gu, keepControl);
}

export const escapeHtml = escapeXml;
