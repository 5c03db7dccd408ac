import { useQueryClient } from '@tanstack/react-query';
import { ListChecks, Play, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCancelRun, useRun, useStartRun } from '../../api/hooks/runs';
import { qk } from '../../api/query-keys';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Field, fileInputClass, NumberField } from '../../components/ui/input';
import { liveSocket } from '../live/live-socket';
import { RunReportButtons } from '../runs/run-report-buttons';
import { RunResults } from '../runs/run-results';
import { Histogram, LatencyChart } from './charts';
import { parseDataFile } from './data-file';
import {
  applyRunEvent,
  emptyRun,
  executionFailed,
  extractRunEvent,
  fromReport,
  type RunView,
} from './run-model';
import { RunTargetFields, useRunTarget } from './run-target';
import { targetOptions } from './run-target-options';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collection runner: options, live progress over the WebSocket, results, charts, report downloads. */
export function RunnerPage() {
  const { wid = '' } = useParams();
  const target = useRunTarget(wid);
  const cid = target.collectionId;
  const [iterations, setIterations] = useState(1);
  const [delayMs, setDelayMs] = useState(0);
  const [bail, setBail] = useState(false);
  const [parallel, setParallel] = useState(1);
  const [timeoutMs, setTimeoutMs] = useState(0);
  const [dataFile, setDataFile] = useState<{ name: string; text: string } | null>(null);
  const [run, setRun] = useState<RunView>(emptyRun);
  const [runId, setRunId] = useState<string | null>(null);
  const qc = useQueryClient();
  const startRun = useStartRun();
  const cancelRun = useCancelRun();
  // The run record is the safety net behind live events: polled while the run is in progress.
  const record = useRun(runId, run.status === 'running');

  // Live progress: WebSocket events; an event about this run also re-reads its record at once.
  useEffect(() => {
    if (!runId) {
      return;
    }
    const unsub = liveSocket.subscribe(`run:${runId}`);
    const off = liveSocket.on((msg) => {
      const ev = extractRunEvent(msg, runId);
      if (ev) {
        setRun((r) => applyRunEvent(r, ev));
      }
      const live = msg.type === 'event' && isRecord(msg.event) ? msg.event : null;
      if (live && isRecord(live.data) && live.data.runId === runId) {
        void qc.invalidateQueries({ queryKey: qk.run(runId) });
      }
    });
    return () => {
      off();
      unsub();
    };
  }, [runId, qc]);

  // Fold the polled record in: the final report, or progress when live events are late or missing.
  useEffect(() => {
    const data = record.data;
    if (!data) {
      return;
    }
    if (data.report) {
      const report = data.report;
      setRun((r) => (r.report === report ? r : { ...fromReport(report), reason: data.reason }));
      return;
    }
    setRun((r) =>
      r.status === 'running' && data.executions.length >= r.executions.length
        ? { ...r, executions: data.executions, total: Math.max(r.total, data.total) }
        : r,
    );
  }, [record.data]);

  const start = async () => {
    setRun({ ...emptyRun, status: 'running' });
    try {
      const { runId: id } = await startRun.mutateAsync({
        collectionId: cid,
        options: {
          ...targetOptions(target),
          iterations,
          delayMs,
          bail,
          ...(parallel > 1 ? { parallel } : {}),
          ...(timeoutMs > 0 ? { timeoutMs } : {}),
          ...(dataFile ? { iterationData: parseDataFile(dataFile.name, dataFile.text) } : {}),
        },
      });
      setRunId(id);
    } catch {
      setRun(emptyRun);
    }
  };

  // Ctrl/⌘ + Enter runs the collection from anywhere on this page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && cid && run.status !== 'running') {
        e.preventDefault();
        void start();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const latencies = run.executions.map((e) => e.response?.timings.total ?? 0);
  const done = run.executions.length;
  const failed = run.executions.filter(executionFailed).length;
  const assertions = run.executions.flatMap((e) => e.assertions);
  const pct = run.total > 0 ? Math.min(100, (done / run.total) * 100) : run.status === 'running' ? 0 : 100;

  return (
    <div className="flex h-full min-h-0 flex-col gap-4 overflow-auto p-4">
      <section aria-label="Run options" className="flex flex-col gap-3">
        {/* Labels on one line: fields align at the top (the Folders list is taller than the rest). */}
        <div className="flex flex-wrap items-start gap-3">
          <RunTargetFields target={target} />
          <NumberField label="Iterations" min={1} max={1000} value={iterations} onChange={setIterations} />
          <NumberField label="Delay (ms)" min={0} value={delayMs} onChange={setDelayMs} />
          <Field label="Data file (CSV/JSON)">
            <input
              type="file"
              accept=".csv,.json"
              className={fileInputClass}
              onChange={async (e) => {
                const f = e.target.files?.[0];
                setDataFile(f ? { name: f.name, text: await f.text() } : null);
              }}
            />
          </Field>
          <NumberField label="Concurrency" min={1} max={20} value={parallel} onChange={setParallel} />
          <NumberField
            label="Timeout per request (ms, 0 = default)"
            min={0}
            max={30_000}
            className="w-28"
            value={timeoutMs}
            onChange={setTimeoutMs}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={bail} onChange={(e) => setBail(e.target.checked)} />
            Stop on first failure
          </label>
          <Button
            variant="primary"
            disabled={!cid || run.status === 'running'}
            onClick={start}
            title="Run collection (Ctrl/⌘ + Enter)"
          >
            <Play aria-hidden className="h-4 w-4" />
            {run.status === 'running' ? 'Running…' : 'Run collection'}
          </Button>
          {run.status === 'running' && runId ? (
            <Button
              variant="danger"
              disabled={cancelRun.isPending}
              onClick={() => void cancelRun.mutateAsync(runId)}
            >
              <Square aria-hidden className="h-4 w-4" /> Cancel
            </Button>
          ) : null}
        </div>
      </section>

      {run.status !== 'idle' ? (
        <section aria-label="Run progress" className="flex flex-col gap-2">
          <div className="flex items-center gap-4 text-sm" data-testid="run-summary">
            <span className="font-semibold" data-testid="run-status">
              {run.status === 'running'
                ? 'Running'
                : run.status === 'passed'
                  ? 'Passed'
                  : run.status === 'failed'
                    ? 'Failed'
                    : 'Aborted'}
            </span>
            <span>
              {done}
              {run.total ? ` / ${run.total}` : ''} requests
            </span>
            <span
              className={failed ? 'text-red-600 dark:text-red-400' : 'text-green-700 dark:text-green-400'}
            >
              {failed} failed
            </span>
            <span>
              {assertions.filter((a) => a.passed).length}/{assertions.length} assertions passed
            </span>
            {run.current && run.status === 'running' ? (
              <span className="truncate text-zinc-500 dark:text-zinc-400">{run.current}</span>
            ) : null}
            {run.reason ? <span className="text-red-600 dark:text-red-400">{run.reason}</span> : null}
            {runId ? (
              <Link className="text-orange-800 underline dark:text-orange-300" to={`/w/${wid}/runs/${runId}`}>
                Open run
              </Link>
            ) : null}
            {run.report && runId ? (
              <span className="ml-auto">
                <RunReportButtons runId={runId} name={run.report.collection.name} />
              </span>
            ) : null}
          </div>
          {run.report?.warnings?.map((w) => (
            <p
              key={w}
              role="status"
              className="text-sm text-amber-700 dark:text-amber-400"
              data-testid="run-warning"
            >
              {w}
            </p>
          ))}
          <div
            role="progressbar"
            aria-label="Run progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(pct)}
            className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
          >
            <div className={`h-2 ${failed ? 'bg-red-500' : 'bg-green-500'}`} style={{ width: `${pct}%` }} />
          </div>
          <div className="flex flex-wrap gap-6">
            <LatencyChart values={latencies} />
            <Histogram values={latencies} />
          </div>
          <RunResults executions={run.executions} />
        </section>
      ) : (
        <EmptyState icon={ListChecks} title="No run yet">
          Choose the options above and run the collection (Ctrl/⌘ + Enter): progress, charts, every request's
          result and the JUnit, JSON and HTML reports appear here. Past runs are on the Runs page.
        </EmptyState>
      )}
    </div>
  );
}
