import type { TImportRequest } from '@apiplay/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { importContent } from '../import';
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
