import type { TRunReportFormat, TStartRunRequest } from '@apiplay/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../query-keys';
import { cancelRun, downloadRunReport, getRun, listRuns, type RunFilter, startRun } from '../runs';

/** Start a collection run; resolves with its id. */
export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { collectionId: string; options: TStartRunRequest }) =>
      startRun(input.collectionId, input.options),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['runs'] }),
  });
}

/**
 * The run record. Live events drive progress; while `polling` (or, with 'while-going', while the run is queued or
 * running) this re-reads the record every 1.5 s as a safety
 * net (events late or missed), and a live event for the run invalidates it at once.
 */
export function useRun(runId: string | null, polling: boolean | 'while-going') {
  return useQuery({
    queryKey: qk.run(runId ?? ''),
    queryFn: () => getRun(runId ?? ''),
    enabled: runId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      const going = status === 'queued' || status === 'running';
      return polling === true || (polling === 'while-going' && going) ? 1500 : false;
    },
    retry: false,
  });
}

/** The workspace's runs, newest first, optionally of one collection or in one status. */
export function useRuns(wid: string | undefined, filter: Omit<RunFilter, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: [...qk.runs(wid ?? ''), filter.collectionId ?? '', filter.status ?? ''],
    queryFn: ({ pageParam }) =>
      listRuns(wid ?? '', {
        ...(pageParam ? { cursor: pageParam } : {}),
        limit: 50,
        ...(filter.collectionId ? { collectionId: filter.collectionId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(wid),
  });
}

/** Cancel a queued or running run; the run record and the runs list are re-read. */
export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => cancelRun(runId),
    onSuccess: (_r, runId) => {
      void qc.invalidateQueries({ queryKey: qk.run(runId) });
      void qc.invalidateQueries({ queryKey: ['runs'] });
    },
  });
}

/** A finished run's report file (JSON, JUnit XML or HTML) as the server renders it. */
export function useDownloadRunReport() {
  return useMutation({
    mutationFn: (input: { runId: string; format: TRunReportFormat }) =>
      downloadRunReport(input.runId, input.format),
  });
}
