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

export { escapeHtml, escapeXml } from '@apiplay/core/reports';
