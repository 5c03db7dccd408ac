import { z } from 'zod';
import { ZTimestamp } from './common';

// Load runs on the server: a collection as a load test (the CLI's `apiplay load` options as JSON), run as jobs,
// streamed live over `/ws` (`load.progress`) and saved with their per-second series and summary.

const duration = z.string().min(1).max(32);

/** `POST /api/collections/:id/load-runs`: the CLI's `apiplay load` options. */
export const ZStartLoadRunRequest = z.object({
  environmentId: z.uuid().optional().describe('Environment for {{variables}}'),
  vus: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('Virtual users (default 1; with `stages` those at start; with `rate` those created up front)'),
  duration: duration.optional().describe('How long to run, e.g. `30s`, `1m30s` (not with `stages`)'),
  stages: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('Ramps `<duration>:<target VUs>`, e.g. `["30s:50", "1m:200", "10s:0"]`'),
  rate: z
    .string()
    .min(1)
    .max(32)
    .optional()
    .describe('Arrival rate, e.g. `500/s`: iterations start at this rate whatever their latency'),
  maxVus: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('Most VUs at once (the pool `rate` may grow to; default 100 with `rate`)'),
  think: duration.optional().describe('Pause after each request, e.g. `100ms` or `50ms-200ms`'),
  thresholds: z
    .array(z.string().min(1).max(500))
    .max(50)
    .optional()
    .describe("Pass/fail criteria in k6's syntax, e.g. `http_req_duration:p(95)<200`"),
  folders: z.array(z.string().min(1)).max(100).optional().describe('Folder names or ids to run; empty = all'),
  iterationData: z
    .array(z.record(z.string(), z.unknown()))
    .max(10_000)
    .optional()
    .describe('Data rows, handed to iterations round-robin'),
  timeoutMs: z.number().int().min(0).max(30_000).optional().describe('Per-request timeout (capped at 30 s)'),
});
export type TStartLoadRunRequest = z.infer<typeof ZStartLoadRunRequest>;

export const ZLoadRunAccepted = z.object({
  loadRunId: z.uuid().describe('Follow at GET /api/load-runs/:id or over WS (`load.progress`)'),
  parts: z.number().int().describe('Workers the VUs are split across'),
});
export type TLoadRunAccepted = z.infer<typeof ZLoadRunAccepted>;

export const ZLoadRunStatus = z.enum(['queued', 'running', 'passed', 'failed', 'aborted']);
export type TLoadRunStatus = z.infer<typeof ZLoadRunStatus>;

const ms = z.number().nullable();

/** One second of a load run, all workers merged. */
export const ZLoadSample = z
  .object({
    t: z.number().describe('Seconds since the start at the end of the interval'),
    vus: z.number().int().describe('VUs running at the end of the interval'),
    requests: z.number().int(),
    rps: z.number().describe('Requests per second over the interval'),
    failed: z.number().int().describe('Network errors and responses with status ≥ 400'),
    checksPassed: z.number().int(),
    checksFailed: z.number().int(),
    iterations: z.number().int(),
    p50: ms.describe('Latency percentiles of the interval (ms; null when none completed)'),
    p95: ms,
    p99: ms,
  })
  .describe('Load sample');
export type TLoadSample = z.infer<typeof ZLoadSample>;

/** Per-request totals so far (the live table) or at the end. */
export const ZLoadRequestRow = z.object({
  name: z.string(),
  requests: z.number().int(),
  failed: z.number().int(),
  checksPassed: z.number().int(),
  checksFailed: z.number().int(),
  avg: ms,
  p50: ms,
  p95: ms,
  p99: ms,
  max: ms,
});
export type TLoadRequestRow = z.infer<typeof ZLoadRequestRow>;

export const ZLoadThresholdResult = z.object({
  source: z.string().describe('The threshold as given'),
  actual: z.number().nullable().describe('Measured value (null when nothing was measured)'),
  passed: z.boolean(),
});

/** A finished load run's totals (all workers merged from their HDR histograms). */
export const ZLoadSummary = z.object({
  durationMs: z.number(),
  requests: z.number().int(),
  failed: z.number().int(),
  rps: z.number(),
  checksPassed: z.number().int(),
  checksFailed: z.number().int(),
  iterations: z.number().int(),
  droppedIterations: z.number().int(),
  scriptErrors: z.number().int(),
  peakVus: z.number().int().describe('Sum of each worker’s peak'),
  latency: z.object({ avg: ms, min: ms, p50: ms, p90: ms, p95: ms, p99: ms, max: ms }),
  byRequest: z.array(ZLoadRequestRow),
  thresholds: z.array(ZLoadThresholdResult),
  errors: z.array(z.object({ message: z.string(), count: z.number().int() })).describe('Most frequent first'),
  histogram: z.string().describe('All request durations (µs) as an HdrHistogram compressed base64 encoding'),
});
export type TLoadSummary = z.infer<typeof ZLoadSummary>;

/** A load run as listed (no series). */
export const ZLoadRunListItem = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  collectionId: z.uuid(),
  collectionName: z.string(),
  status: ZLoadRunStatus,
  parts: z.number().int().describe('Workers the VUs were split across'),
  options: ZStartLoadRunRequest,
  reason: z.string().nullable().describe('Why it failed or was stopped, when not a threshold'),
  summary: ZLoadSummary.nullable().describe('Set when it ends'),
  createdBy: z.uuid().nullable(),
  createdAt: ZTimestamp,
  startedAt: ZTimestamp.nullable(),
  finishedAt: ZTimestamp.nullable(),
});
export type TLoadRunListItem = z.infer<typeof ZLoadRunListItem>;

export const ZLoadRun = ZLoadRunListItem.extend({
  series: z.array(ZLoadSample).describe('One merged sample per second'),
}).describe('Load run');
export type TLoadRun = z.infer<typeof ZLoadRun>;

export const ZLoadRunList = z.object({
  items: z.array(ZLoadRunListItem).describe('Newest first, at most 50'),
});
export type TLoadRunList = z.infer<typeof ZLoadRunList>;

export const ZLoadRunListQuery = z.object({
  collectionId: z.uuid().optional().describe('Only the load runs of this collection'),
});

/** The `load.progress` live event's data. */
export interface TLoadProgress {
  loadRunId: string;
  sample: TLoadSample;
  requests: TLoadRequestRow[];
}

/** `GET /api/requests/:id/insights?window=`: the latency and error rate of a saved request over time. */
export const ZInsightsQuery = z.object({
  window: z
    .enum(['day', 'week', 'month'])
    .default('day')
    .describe('The last 24 h in hours, the last 7 days in 6-hour buckets, or the last 30 days in days'),
});
export type TInsightsQuery = z.infer<typeof ZInsightsQuery>;

const ZInsightsPoint = z.object({
  count: z.number().int().describe('Executions'),
  errors: z.number().int().describe('No response, or status ≥ 400'),
  errorRate: z.number().nullable().describe('errors / count (null when none)'),
  p50: ms.describe('Latency percentiles (ms, continuous; null when no execution had a duration)'),
  p95: ms,
  p99: ms,
});

export const ZInsights = z
  .object({
    requestId: z.uuid(),
    window: z.enum(['day', 'week', 'month']),
    bucketSeconds: z.number().int(),
    from: ZTimestamp,
    to: ZTimestamp,
    total: ZInsightsPoint,
    buckets: z
      .array(ZInsightsPoint.extend({ start: ZTimestamp }))
      .describe('Oldest first; empty buckets left out'),
  })
  .describe('Request insights');
export type TInsights = z.infer<typeof ZInsights>;
