import type { TImportRequest } from '@apiplay/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchImportUrl, importContent } from '../import';
import { qk } from '../query-keys';

/** Import text (any supported format) into a workspace; refreshes its collections and environments. */
export function useImport(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TImportRequest) => importContent(wid, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: qk.collections(wid) });
      await qc.invalidateQueries({ queryKey: qk.environments(wid) });
    },
  });
}

/** Fetch a file to import from a URL, on the server (the browser's CSP and most sites' CORS forbid it here). */
export function useFetchImportUrl(wid: string) {
  return useMutation({ mutationFn: (url: string) => fetchImportUrl(wid, { url }) });
}
