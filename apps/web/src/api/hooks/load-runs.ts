import type { TInsightsQuery, TStartLoadRunRequest } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getInsights, getLoadRun, listLoadRuns, startLoadRun, stopLoadRun } from '../load-runs';
import { qk } from '../query-keys';

/** Start a load run; resolves with its id. */
export function useStartLoadRun(wid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { collectionId: string; options: TStartLoadRunRequest }) =>
      startLoadRun(input.collectionId, input.options),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.loadRuns(wid) }),
  });
}

/** A load run; re-read every 2 s while `polling` (live events carry the seconds in between). */
export function useLoadRun(id: string | null, polling = false) {
  return useQuery({
    queryKey: qk.loadRun(id ?? ''),
    queryFn: () => getLoadRun(id ?? ''),
    enabled: id !== null && id !== '',
    refetchInterval: polling ? 2000 : false,
    retry: false,
  });
}

/** The workspace's saved load runs, newest first. */
export function useLoadRuns(wid: string) {
  return useQuery({ queryKey: qk.loadRuns(wid), queryFn: () => listLoadRuns(wid), enabled: wid !== '' });
}

export function useStopLoadRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => stopLoadRun(id),
    onSuccess: (_r, id) => qc.invalidateQueries({ queryKey: qk.loadRun(id) }),
  });
}

/** A saved request's insights over a window (day, week, month). */
export function useInsights(requestId: string | null, window: TInsightsQuery['window']) {
  return useQuery({
    queryKey: qk.insights(requestId ?? '', window),
    queryFn: () => getInsights(requestId ?? '', window),
    enabled: requestId !== null && requestId !== '',
  });
}
