import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Write a report file, creating folders; default path is ./apiplay-reports/<kind>-<timestamp>.<ext>. */
export async function writeExport(
  path: string | undefined,
  kind: string,
  ext: string,
  content: string,
): Promise<string> {
  const target =
    path ?? join('apiplay-reports', `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.${ext}`);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
  return target;
}

// Control characters other than tab/LF/CR are not allowed in XML 1.0 even when escaped.
const keepControl = (c: string): string => (c === '\t' || c === '\n' || c === '\r' ? c : '');

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
