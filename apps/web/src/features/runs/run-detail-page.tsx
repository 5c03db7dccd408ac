import type { TStartRunRequest } from '@apiplay/core';
import { ArrowLeft, RotateCcw, Square } from 'lucide-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCancelRun, useRun, useStartRun } from '../../api/hooks/runs';
import { Button } from '../../components/ui/button';
import { confirmAction } from '../../stores/confirm-store';
import { toast } from '../../stores/toast-store';
import { formatDuration, formatWhen } from './format-time';
import { RunReportButtons } from './run-report-buttons';
import { RunResults } from './run-results';
import { RunStatusBadge } from './run-status-badge';

/** One run: progress while it goes, results, re-run with the same options, cancel, report downloads. */
export function RunDetailPage() {
  const { wid = '', runId = '' } = useParams();
  const navigate = useNavigate();
  // Live events re-read the record at once; polling is the safety net while the run goes.
  const run = useRun(runId, 'while-going');
  const cancel = useCancelRun();
  const start = useStartRun();
  const data = run.data;
  if (run.isError) {
    return <p className="p-6 text-red-700 dark:text-red-400">This run could not be loaded.</p>;
  }
  if (!data) {
    return (
      <p className="p-6 text-zinc-600 dark:text-zinc-400" role="status">
        Loading…
      </p>
    );
  }
  const going = data.status === 'queued' || data.status === 'running';
  const assertions = data.executions.flatMap((e) => e.assertions);
  const rerun = async () => {
    const { runId: next } = await start.mutateAsync({
      collectionId: data.collectionId,
      options: data.options as TStartRunRequest,
    });
    toast.success('Run started');
    navigate(`/w/${wid}/runs/${next}`);
  };
  const stop = async () => {
    if (
      await confirmAction({
        title: 'Cancel this run?',
        message: 'Requests already sent stay recorded; the rest are not sent.',
        confirmLabel: 'Cancel run',
        danger: true,
      })
    ) {
      await cancel.mutateAsync(runId);
      toast.info('Run cancelled');
    }
  };
  const pct = data.total > 0 ? Math.min(100, (data.completed / data.total) * 100) : going ? 0 : 100;
  return (
    <div className="flex h-full min-h-0 flex-col gap-4 overflow-auto p-6">
      <Link
        to={`/w/${wid}/runs`}
        className="inline-flex items-center gap-1 self-start text-sm text-zinc-600 hover:underline dark:text-zinc-400"
      >
        <ArrowLeft aria-hidden className="h-4 w-4" /> All runs
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{data.collectionName}</h1>
        <RunStatusBadge status={data.status} />
        <div className="ml-auto flex flex-wrap gap-2">
          {going ? (
            <Button variant="danger" onClick={() => void stop()} disabled={cancel.isPending}>
              <Square aria-hidden className="h-4 w-4" /> Cancel
            </Button>
          ) : (
            <Button onClick={() => void rerun()} disabled={start.isPending}>
              <RotateCcw aria-hidden className="h-4 w-4" /> Re-run
            </Button>
          )}
          {data.report ? <RunReportButtons runId={runId} name={data.collectionName} /> : null}
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4" data-testid="run-facts">
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Started</dt>
          <dd>{formatWhen(data.startedAt ?? data.createdAt)}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Duration</dt>
          <dd>{formatDuration(data.startedAt, data.finishedAt)}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Requests</dt>
          <dd>
            {data.completed}
            {data.total ? ` / ${data.total}` : ''} ·{' '}
            <span className={data.failed ? 'text-red-700 dark:text-red-400' : ''}>{data.failed} failed</span>
          </dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Assertions</dt>
          <dd>
            {assertions.filter((a) => a.passed).length} / {assertions.length} passed
          </dd>
        </div>
      </dl>
      {data.reason ? <p className="text-sm text-amber-800 dark:text-amber-300">{data.reason}</p> : null}
      {data.report?.warnings?.map((w) => (
        <p key={w} role="status" className="text-sm text-amber-800 dark:text-amber-300">
          {w}
        </p>
      ))}
      {going ? (
        <div
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(pct)}
          className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-2 bg-sky-500" style={{ width: `${pct}%` }} />
        </div>
      ) : null}
      <RunResults executions={data.executions} />
    </div>
  );
}
