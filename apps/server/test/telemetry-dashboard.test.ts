import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWorkerMetrics } from '../src/infra/telemetry/metrics-server';
import { buildUser, createSelfTargetApp, type TestApp } from '../src/test';

// deploy/grafana/dashboard.json may only query metrics the server exports: every PromQL expression is parsed with
// Prometheus's own grammar (@prometheus-io/lezer-promql) and each metric name it selects must be declared by a
// real /metrics scrape of the app (histograms as their _bucket/_sum/_count series).

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
let t: TestApp & { base: string };

/** Every sample name the scrape can produce, from its `# TYPE` lines. */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (name === undefined) {
      continue;
    }
    if (type === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) {
        names.add(`${name}${suffix}`);
      }
    } else if (type === 'summary') {
      names.add(name).add(`${name}_sum`).add(`${name}_count`);
    } else {
      names.add(name);
    }
  }
  return names;
}

/** The metric names a PromQL expression selects; throws on a syntax error. */
function selectedMetrics(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        error = node.from;
      }
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.push(expr.slice(node.from, node.to));
      }
    },
  });
  if (error !== undefined) {
    throw new Error(`PromQL syntax error at ${error}: ${expr}`);
  }
  return names;
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}

beforeAll(async () => {
  // With a token, so /metrics answers in server mode (PostgreSQL run) too.
  t = await createSelfTargetApp({ env: { METRICS_TOKEN: 'dashboard-test-token-1' } });
});
afterAll(() => t.close());

describe('telemetry: metrics, dashboard, scrape config', () => {
  it('every query of the Grafana dashboard uses a metric /metrics exports', async () => {
    // Some traffic first, so the scrape is that of a working server (the names are declared either way).
    const owner = await buildUser(t);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers: owner.headers,
      payload: {
        workspaceId: owner.personalWorkspaceId,
        request: { v: 1, id: 'x', url: `${t.base}/echo/get` },
      },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const scrape = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer dashboard-test-token-1' },
    });
    expect(scrape.statusCode).toBe(200);
    const exported = exportedNames(scrape.body);
    expect(scrape.body).toMatch(/apiplay_executions_total\{kind="send",outcome="ok"\} 1/);

    const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboard.json'), 'utf8')) as {
      panels: Panel[];
    };
    const queried = new Map<string, string>();
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets?.length ?? 0, `panel "${panel.title}" has no query`).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        const names = selectedMetrics(target.expr);
        expect(names.length, `no metric in "${target.expr}"`).toBeGreaterThan(0);
        for (const name of names) {
          queried.set(name, panel.title);
        }
      }
    }
    const missing = [...queried].filter(([name]) => !exported.has(name)).map(([n, p]) => `${n} (${p})`);
    expect(missing).toEqual([]);
    // What item 6 asks the dashboard to show.
    for (const name of [
      'apiplay_executions_total',
      'apiplay_execution_duration_seconds_bucket',
      'apiplay_runs_finished_total',
      'apiplay_jobs_queued',
      'apiplay_jobs_finished_total',
      'apiplay_job_wait_seconds_bucket',
      'apiplay_ws_connections',
      'apiplay_ws_events_sent_total',
      'apiplay_history_writer_pending',
      'apiplay_script_workers',
    ]) {
      expect(queried.has(name), name).toBe(true);
    }
  });

  it('the checker itself rejects an unknown metric and bad PromQL', () => {
    expect(selectedMetrics('sum(rate(apiplay_nope_total[5m])) / on() group_left up')).toEqual([
      'apiplay_nope_total',
      'up',
    ]);
    expect(() => selectedMetrics('sum(rate(x[5m])')).toThrow(/syntax error/);
  });

  it("a worker's metrics endpoint answers only with the token", async () => {
    const server = await serveWorkerMetrics({
      registry: t.ctx.metrics.registry,
      token: 'worker-metrics-token-123',
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const port = (server.address() as { port: number }).port;
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-000000' } })).status).toBe(
        401,
      );
      const ok = await fetch(url, { headers: { authorization: 'Bearer worker-metrics-token-123' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE apiplay_jobs_finished_total counter');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
