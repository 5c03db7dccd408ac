import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useCollections } from '../../api/hooks/collections';
import { useEnvironments } from '../../api/hooks/environments';
import { useRun, useStartRun } from '../../api/hooks/runs';
import { useActiveEnvironment } from '../../api/hooks/workspaces';
import { qk } from '../../api/query-keys';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import { liveSocket } from '../live/live-socket';
import { Histogram, LatencyChart } from './charts';
import { parseDataFile } from './data-file';
import {
  applyRunEvent,
  emptyRun,
  executionFailed,
  extractRunEvent,
  fromReport,
  type RunView,
  toJUnit,
} from './run-model';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function save(name: string, text: string, type: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Collection runner: options, live progress over the WebSocket, results, charts, JUnit/JSON downloads. */
export function RunnerPage() {
  const { wid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: collections = [] } = useCollections(wid);
  const { data: envs = [] } = useEnvironments(wid);
  // The Runner follows the environment chosen at the top until the user picks another one here.
  const { envId: activeEnv } = useActiveEnvironment(wid);
  const [envChoice, setEnvChoice] = useState<string | null>(null);
  const envId = envChoice ?? (activeEnv !== null && envs.some((e) => e.id === activeEnv) ? activeEnv : '');
  const [iterations, setIterations] = useState(1);
  const [delayMs, setDelayMs] = useState(0);
  const [bail, setBail] = useState(false);
  const [dataFile, setDataFile] = useState<{ name: string; text: string } | null>(null);
  const [run, setRun] = useState<RunView>(emptyRun);
  const [runId, setRunId] = useState<string | null>(null);
  const cid = params.get('collection') ?? collections[0]?.id ?? '';
  const qc = useQueryClient();
  const startRun = useStartRun();
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
          ...(envId ? { environmentId: envId } : {}),
          iterations,
          delayMs,
          bail,
          ...(dataFile ? { iterationData: parseDataFile(dataFile.name, dataFile.text) } : {}),
        },
      });
      setRunId(id);
    } catch {
      setRun(emptyRun);
    }
  };

  const latencies = run.executions.map((e) => e.response?.timings.total ?? 0);
  const done = run.executions.length;
  const failed = run.executions.filter(executionFailed).length;
  const assertions = run.executions.flatMap((e) => e.assertions);
  const pct = run.total > 0 ? Math.min(100, (done / run.total) * 100) : run.status === 'running' ? 0 : 100;

  return (
    <div className="flex h-full min-h-0 flex-col gap-4 overflow-auto p-4">
      <section aria-label="Run options" className="flex flex-wrap items-end gap-3">
        <Field label="Collection">
          <Select value={cid} onChange={(e) => setParams({ collection: e.target.value })}>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Environment">
          <Select value={envId} onChange={(e) => setEnvChoice(e.target.value)}>
            <option value="">None</option>
            {envs.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Iterations">
          <Input
            type="number"
            min={1}
            max={1000}
            className="w-24"
            value={iterations}
            onChange={(e) => setIterations(Math.max(1, Number(e.target.value)))}
          />
        </Field>
        <Field label="Delay (ms)">
          <Input
            type="number"
            min={0}
            className="w-24"
            value={delayMs}
            onChange={(e) => setDelayMs(Math.max(0, Number(e.target.value)))}
          />
        </Field>
        <Field label="Data file (CSV/JSON)">
          <input
            type="file"
            accept=".csv,.json"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setDataFile(f ? { name: f.name, text: await f.text() } : null);
            }}
          />
        </Field>
        <label className="flex items-center gap-1 pb-1">
          <input type="checkbox" checked={bail} onChange={(e) => setBail(e.target.checked)} />
          Stop on first failure
        </label>
        <Button variant="primary" disabled={!cid || run.status === 'running'} onClick={start}>
          {run.status === 'running' ? 'Running…' : 'Run collection'}
        </Button>
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
            <span className={failed ? 'text-red-600' : 'text-green-600'}>{failed} failed</span>
            <span>
              {assertions.filter((a) => a.passed).length}/{assertions.length} assertions passed
            </span>
            {run.current && run.status === 'running' ? (
              <span className="truncate text-zinc-500">{run.current}</span>
            ) : null}
            {run.reason ? <span className="text-red-600">{run.reason}</span> : null}
            {run.report ? (
              <span className="ml-auto flex gap-2">
                <Button
                  size="sm"
                  onClick={() => run.report && save('run.junit.xml', toJUnit(run.report), 'application/xml')}
                >
                  Download JUnit
                </Button>
                <Button
                  size="sm"
                  onClick={() =>
                    run.report && save('run.json', JSON.stringify(run.report, null, 2), 'application/json')
                  }
                >
                  Download JSON
                </Button>
              </span>
            ) : null}
          </div>
          {run.report?.warnings?.map((w) => (
            <p key={w} role="status" className="text-sm text-amber-700" data-testid="run-warning">
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
          <table className="w-full text-sm" aria-label="Run results">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th>#</th>
                <th>Request</th>
                <th>Status</th>
                <th>Time</th>
                <th>Tests</th>
              </tr>
            </thead>
            <tbody>
              {run.executions.map((e, i) => (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: executions repeat across iterations
                  key={i}
                  className={`border-t border-zinc-200 align-top dark:border-zinc-800 ${executionFailed(e) ? 'bg-red-50 dark:bg-red-950/40' : ''}`}
                >
                  <td className="pr-2 text-zinc-400">{i + 1}</td>
                  <td>
                    <span className="font-mono text-xs">{e.request.method}</span>{' '}
                    {[...e.path, e.name].join(' / ')}
                    {e.iteration > 0 ? (
                      <span className="ml-1 text-xs text-zinc-400">iter {e.iteration + 1}</span>
                    ) : null}
                  </td>
                  <td>
                    {e.response ? (
                      e.response.status
                    ) : (
                      <span className="text-red-600">{e.error?.message ?? 'error'}</span>
                    )}
                  </td>
                  <td>{e.response ? `${e.response.timings.total.toFixed(0)} ms` : ''}</td>
                  <td>
                    {e.assertions.map((a, j) => (
                      <div
                        // biome-ignore lint/suspicious/noArrayIndexKey: names repeat
                        key={j}
                        className={
                          a.passed
                            ? 'text-green-700 dark:text-green-400'
                            : a.skipped
                              ? 'text-zinc-400'
                              : 'text-red-600'
                        }
                      >
                        {a.passed ? '✓' : a.skipped ? '–' : '✗'} {a.name}
                        {a.error ? ` — ${a.error}` : ''}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
