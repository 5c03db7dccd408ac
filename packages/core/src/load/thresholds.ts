import { LoadInputError } from './errors';

/** The metrics a threshold may name (k6's names for the same measurements). */
export const THRESHOLD_METRICS = {
  http_req_duration: 'trend',
  http_req_waiting: 'trend',
  iteration_duration: 'trend',
  http_req_failed: 'rate',
  checks: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  dropped_iterations: 'counter',
} as const;
export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;
type MetricKind = (typeof THRESHOLD_METRICS)[ThresholdMetric];

/** Metrics that can be narrowed to one request with `{name:…}`. */
const PER_REQUEST: ReadonlySet<ThresholdMetric> = new Set([
  'http_req_duration',
  'http_req_waiting',
  'http_req_failed',
  'checks',
  'http_reqs',
]);

const AGGREGATIONS: Record<MetricKind, string> = {
  trend: 'avg, min, max, med, p(N)',
  rate: 'rate',
  counter: 'count, rate',
};

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type Aggregation =
  | { kind: 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' }
  | { kind: 'p'; percentile: number };

export interface Threshold {
  /** As given, e.g. `http_req_duration{name:Get user}:p(95)<200`. */
  source: string;
  metric: ThresholdMetric;
  /** The request name of a `{name:…}` tag. */
  name?: string;
  aggregation: Aggregation;
  op: ThresholdOp;
  value: number;
}

/** The numbers a threshold is checked against, per metric and aggregation. */
export type MetricValue = (metric: ThresholdMetric, aggregation: Aggregation, name?: string) => number;

export interface ThresholdResult {
  threshold: Threshold;
  /** The measured value (NaN when nothing was measured, e.g. no request of that name). */
  actual: number;
  passed: boolean;
}

const EXPR =
  /^\s*(avg|min|max|med|rate|count|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Parse one threshold in k6's syntax: `<metric>[{name:<request name>}]:<aggregation><op><number>`, e.g.
 * `http_req_duration:p(95)<200`, `http_req_failed:rate<0.01`, `checks:rate>0.99`,
 * `http_req_duration{name:Get user}:p(99)<300`. Throws `LoadInputError` naming what is wrong.
 */
export function parseThreshold(text: string): Threshold {
  const bad = (why: string): never => {
    throw new LoadInputError(`--threshold '${text}': ${why}`);
  };
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\{[^}]*\})?\s*:(.*)$/s.exec(text);
  if (!m) {
    return bad('expected <metric>:<expression>, e.g. http_req_duration:p(95)<200');
  }
  const metricName = m[1] ?? '';
  if (!(metricName in THRESHOLD_METRICS)) {
    return bad(`unknown metric "${metricName}" (known: ${Object.keys(THRESHOLD_METRICS).join(', ')})`);
  }
  const metric = metricName as ThresholdMetric;
  const kind = THRESHOLD_METRICS[metric];
  let name: string | undefined;
  if (m[2]) {
    const tag = /^\{\s*name\s*:\s*(.*?)\s*\}$/s.exec(m[2]);
    if (!tag) {
      return bad(`only the {name:<request name>} tag is supported, got ${m[2]}`);
    }
    if (!PER_REQUEST.has(metric)) {
      return bad(`${metric} has no per-request value, so it takes no {name:…} tag`);
    }
    name = tag[1] ?? '';
    if (name === '') {
      return bad('the {name:…} tag needs a request name');
    }
  }
  const e = EXPR.exec(m[3] ?? '');
  if (!e) {
    return bad(
      `malformed expression "${(m[3] ?? '').trim()}": expected <aggregation><op><number> with aggregation one of ${AGGREGATIONS[kind]} and op one of < <= > >= == !=`,
    );
  }
  const aggText = e[1] ?? '';
  let aggregation: Aggregation;
  if (aggText.startsWith('p(')) {
    const percentile = Number(e[2]);
    if (!(percentile >= 0 && percentile <= 100)) {
      return bad(`percentile ${e[2]} is outside 0–100`);
    }
    aggregation = { kind: 'p', percentile };
  } else {
    aggregation = { kind: aggText as 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' };
  }
  const allowed =
    kind === 'trend' ? ['avg', 'min', 'max', 'med', 'p'] : kind === 'rate' ? ['rate'] : ['count', 'rate'];
  if (!allowed.includes(aggregation.kind)) {
    return bad(`${metric} is a ${kind}: use ${AGGREGATIONS[kind]}, not ${aggText}`);
  }
  const op = (e[3] === '===' ? '==' : e[3]) as ThresholdOp;
  return {
    source: text.trim(),
    metric,
    ...(name === undefined ? {} : { name }),
    aggregation,
    op,
    value: Number(e[4]),
  };
}

function compare(actual: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** Check thresholds against measured values. A value that could not be measured (NaN) fails. */
export function evaluateThresholds(thresholds: readonly Threshold[], value: MetricValue): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const actual = value(threshold.metric, threshold.aggregation, threshold.name);
    return {
      threshold,
      actual,
      passed: !Number.isNaN(actual) && compare(actual, threshold.op, threshold.value),
    };
  });
}

/** `p(95)`, `avg`, … as written in a threshold. */
export function aggregationLabel(a: Aggregation): string {
  return a.kind === 'p' ? `p(${a.percentile})` : a.kind;
}
