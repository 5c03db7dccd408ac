import type { TStartRunRequest } from '@apiplay/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { qk } from '../query-keys';
import { getRun, startRun } from '../runs';

/** Start a collection run; resolves with its id. */
export function useStartRun() {
  return useMutation({
    mutationFn: (input: { collectionId: string; options: TStartRunRequest }) =>
      startRun(input.collectionId, input.options),
  });
}

/**
 * The run record. Live events drive progress; while `polling` this re-reads the record every 1.5 s as a safety
 * net (events late or missed), and a live event for the run invalidates it at once.
 */
export function useRun(runId: string | null, polling: boolean) {
  return useQuery({
    queryKey: qk.run(runId ?? ''),
    queryFn: () => getRun(runId ?? ''),
    enabled: runId !== null,
    refetchInterval: polling ? 1500 : false,
    retry: false,
  });
}
