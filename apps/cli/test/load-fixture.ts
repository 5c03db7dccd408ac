import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EchoServer, startEchoServer } from '@apiplay/core/test-support/echo-server';
import { afterAll, beforeAll } from 'vitest';

/** What the load tests read of a run's JSON report (`--out json=…`). */
export interface LoadJsonReport {
  passed: boolean;
  aborted: boolean;
  runError?: string;
  peakVus: number;
  totals: LoadStats & {
    failed: number;
    iterations: number;
    droppedIterations: number;
    checks: { passed: number; failed: number };
  };
  requests: (LoadStats & { name: string })[];
  thresholds: { threshold: string; passed: boolean; actual: number | null }[];
  series: { t: number; vus: number; requests: number; iterations: number; p95: number | null }[];
}

interface LoadStats {
  requests: number;
  /** HDR histogram, compressed base64. */
  histogram: string;
  latency: { med: number; p90: number; p95: number; p99: number; count: number };
}

export const readLoadReport = (path: string): LoadJsonReport =>
  JSON.parse(readFileSync(path, 'utf8')) as LoadJsonReport;

/** A loopback echo server and a scratch folder for one test file, ready once its `beforeAll` has run. */
export function useLoadFixture(prefix: string): { readonly echo: EchoServer; readonly dir: string } {
  const fixture = {} as { echo: EchoServer; dir: string };
  beforeAll(async () => {
    fixture.echo = await startEchoServer();
    fixture.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await fixture.echo.close();
  });
  return fixture;
}
