import type { TLoadRun } from '@apiplay/core';
import { useQueryClient } from '@tanstack/react-query';
import { Gauge, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useLoadRun, useStartLoadRun, useStopLoadRun } from '../../api/hooks/load-runs';
import { qk } from '../../api/query-keys';
import { Button } from '../../components/ui/button';
import { Field, Input, Select } from '../../components/ui/input';
import { outcomeColor } from '../../lib/outcome-color';
import { liveSocket } from '../live/live-socket';
import { RunTargetFields, useRunTarget } from '../runner/run-target';
import { RunStatusBadge } from '../runs/run-status-badge';
import { LoadCharts, RequestTable } from './load-charts';
import {
  applyProgress,
  defaultLoadForm,
  emptyLive,
  type LiveLoad,
  type LoadForm,
  progressOf,
  toStartRequest,
} from './load-model';
import { SavedLoadRuns } from './saved-load-runs';

const TERMINAL = new Set(['passed', 'failed', 'aborted']);

function Summary({ run }: { run: TLoadRun }) {
  const s = run.summary;
  if (!s) {
    return null;
  }
  const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(0)} ms`);
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="load-summary">
      <p>
        <RunStatusBadge status={run.status} />
        {run.reason ? ` — ${run.reason}` : ''} · {s.requests} requests · {s.rps.toFixed(1)}/s · p50{' '}
        {ms(s.latency.p50)} · p95 {ms(s.latency.p95)} · p99 {ms(s.latency.p99)} · failed{' '}
        {s.requests === 0 ? '–' : `${((s.failed / s.requests) * 100).toFixed(1)}%`}
      </p>
      {s.thresholds.map((t) => (
        <p key={t.source} className={outcomeColor(t)}>
          {t.passed ? '✓' : '✗'} {t.source} (actual {t.actual === null ? '–' : t.actual.toFixed(3)})
        </p>
      ))}
    </div>
  );
}

/** Load testing: a collection as a load test on the server's workers, live charts, stop, saved runs, compare. */
export function LoadPage() {
  const { wid = '' } = useParams();
  const target = useRunTarget(wid);
  const collectionId = target.collectionId;
  const [form, setForm] = useState<LoadForm>(defaultLoadForm);
  const [runId, setRunId] = useState<string | null>(null);
  const [live, setLive] = useState<LiveLoad>(emptyLive);
  const start = useStartLoadRun(wid);
  const stop = useStopLoadRun();
  const qc = useQueryClient();
  const record = useLoadRun(runId, runId !== null);
  const run = record.data;
  const running = runId !== null && (!run || !TERMINAL.has(run.status));

  useEffect(() => {
    if (!runId) {
      return;
    }
    const unsub = liveSocket.subscribe(`workspace:${wid}`);
    const off = liveSocket.on((msg) => {
      const p = progressOf(msg, runId);
      if (p) {
        setLive((l) => applyProgress(l, p));
        return;
      }
      const ev =
        msg.type === 'event' ? (msg.event as { type?: string; data?: { loadRunId?: string } }) : null;
      if (ev?.type === 'load.finished' && ev.data?.loadRunId === runId) {
        void qc.invalidateQueries({ queryKey: qk.loadRun(runId) });
        void qc.invalidateQueries({ queryKey: qk.loadRuns(wid) });
      }
    });
    return () => {
      off();
      unsub();
    };
  }, [runId, wid, qc]);

  const set = (patch: Partial<LoadForm>) => setForm((f) => ({ ...f, ...patch }));
  const begin = async () => {
    setLive(emptyLive);
    try {
      const { loadRunId } = await start.mutateAsync({ collectionId, options: toStartRequest(form, target) });
      setRunId(loadRunId);
    } catch {
      // the API client showed the error (a 400 names the field)
    }
  };
  // Live seconds while running; the saved series once the run is over (it has every second).
  const samples = run && TERMINAL.has(run.status) ? run.series : live.samples;
  const rows = run?.summary && TERMINAL.has(run.status) ? run.summary.byRequest : live.rows;

  return (
    <div className="flex h-full min-h-0 flex-col gap-4 overflow-auto p-4">
      <section aria-label="Load test options" className="flex flex-col gap-3">
        {/* Labels on one line: fields align at the top (Folders, Stages and Thresholds are taller). */}
        <div className="flex flex-wrap items-start gap-3">
          <RunTargetFields target={target} />
          <Field label="Mode">
            <Select value={form.mode} onChange={(e) => set({ mode: e.target.value as LoadForm['mode'] })}>
              <option value="vus">Virtual users</option>
              <option value="stages">Ramping stages</option>
              <option value="rate">Arrival rate</option>
            </Select>
          </Field>
          {form.mode === 'vus' ? (
            <Field label="VUs">
              <Input value={form.vus} onChange={(e) => set({ vus: e.target.value })} className="w-20" />
            </Field>
          ) : null}
          {form.mode === 'rate' ? (
            <>
              <Field label="Rate">
                <Input value={form.rate} onChange={(e) => set({ rate: e.target.value })} className="w-24" />
              </Field>
              <Field label="Max VUs">
                <Input
                  value={form.maxVus}
                  onChange={(e) => set({ maxVus: e.target.value })}
                  className="w-20"
                />
              </Field>
            </>
          ) : null}
          {form.mode === 'stages' ? (
            <Field label="Stages (duration:VUs per line)">
              <textarea
                className="h-20 w-40 rounded border border-zinc-300 p-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
                value={form.stages}
                onChange={(e) => set({ stages: e.target.value })}
              />
            </Field>
          ) : (
            <Field label="Duration">
              <Input
                value={form.duration}
                onChange={(e) => set({ duration: e.target.value })}
                className="w-24"
              />
            </Field>
          )}
          <Field label="Think time">
            <Input
              value={form.think}
              placeholder="e.g. 50ms-200ms"
              onChange={(e) => set({ think: e.target.value })}
              className="w-40"
            />
          </Field>
          <Field label="Thresholds (k6 syntax, one per line)">
            <textarea
              className="h-20 w-80 rounded border border-zinc-300 p-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
              value={form.thresholds}
              onChange={(e) => set({ thresholds: e.target.value })}
            />
          </Field>
        </div>
        <div className="flex items-center gap-3">
          <Button
            variant="primary"
            onClick={() => void begin()}
            disabled={!collectionId || running || start.isPending}
          >
            <Gauge aria-hidden className="h-4 w-4" /> Start load test
          </Button>
          {running && runId ? (
            <Button variant="danger" onClick={() => stop.mutate(runId)} disabled={stop.isPending}>
              <Square aria-hidden className="h-4 w-4" /> Stop
            </Button>
          ) : null}
        </div>
      </section>
      {runId ? (
        <section aria-label="Load test" className="flex flex-col gap-3">
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="load-status">
            {run?.status ?? 'queued'}
            {run && run.parts > 1 ? ` · split across ${run.parts} workers` : ''}
            {samples.length > 0 ? ` · ${samples[samples.length - 1]?.t.toFixed(0)} s` : ''}
          </p>
          {run ? <Summary run={run} /> : null}
          <LoadCharts samples={samples} />
          <RequestTable rows={rows} />
        </section>
      ) : null}
      <SavedLoadRuns wid={wid} onOpen={(id) => setRunId(id)} />
    </div>
  );
}
