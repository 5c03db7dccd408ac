import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TCollection } from '@apiplay/core';
import { CliError } from './exit-codes';

/**
 * `run --server`: the collection's bodies may name files stored on the server (`stored-file:<id>`). Each is
 * downloaded once into a temp folder (removed when the process exits) and the body points at the copy, so the
 * CLI sends the same bytes as the server's own runs. A file the key may not read fails the run before anything
 * is sent.
 */
export async function withServerFiles(
  collection: TCollection,
  server: string,
  apiKey: string,
): Promise<TCollection> {
  const { storedFileId, treeFileSources, bindTreeFiles } = await import('@apiplay/core/schema');
  const sources = [...new Set(treeFileSources(collection.items))].filter((s) => storedFileId(s) !== null);
  if (sources.length === 0) {
    return collection;
  }
  const dir = mkdtempSync(join(tmpdir(), 'apiplay-files-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const base = server.endsWith('/') ? server : `${server}/`;
  const get = async (path: string): Promise<Response> => {
    const url = new URL(path, base);
    try {
      return await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
    } catch (e) {
      throw new CliError(`Cannot reach ${url.origin}: ${(e as Error).message}`);
    }
  };
  const paths = new Map<string, string>();
  for (const [n, src] of sources.entries()) {
    const id = storedFileId(src) ?? '';
    const meta = await get(`api/files/${id}`);
    const content = meta.ok ? await get(`api/files/${id}/content`) : meta;
    if (!content.ok) {
      throw new CliError(`Server refused stored file ${id} (HTTP ${content.status}); attach the file again`);
    }
    const { name } = (await meta.json()) as { name?: unknown };
    const folder = join(dir, String(n));
    mkdirSync(folder);
    // The server keeps plain names; basename() guards against anything else.
    const path = join(folder, basename(typeof name === 'string' && name !== '' ? name : 'file'));
    writeFileSync(path, Buffer.from(await content.arrayBuffer()));
    paths.set(src, path);
  }
  return { ...collection, items: bindTreeFiles(collection.items, paths) };
}
