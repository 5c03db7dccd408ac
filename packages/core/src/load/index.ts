// `@apiplay/core/load`: a collection as a load test (VUs, stages, arrival rate, thresholds, HDR histograms).
export { formatDuration, parseDuration } from './duration';
export { LoadInputError } from './errors';
export { LiveMerger, type LiveMergerOptions } from './live-merger';
export {
  addCounts,
  countsOf,
  decodeHistogram,
  encodeHistogram,
  type IntervalSample,
  type LatencySummary,
  LoadMetrics,
  newHistogram,
  type RequestCounts,
  RequestStats,
  summarize,
} from './metrics';
export {
  failedPartResult,
  type LoadPartResult,
  mergePartResults,
  mergeParts,
  partResult,
  type WholeRun,
} from './part-results';
export { createPartialEncoder, IntervalDiff, type LoadPartial } from './partials';
export {
  buildProfile,
  DEFAULT_VU_CAP,
  type LoadProfile,
  type LoadProfileInput,
  parseRate,
  parseThink,
  type Stage,
  type ThinkTime,
  targetVus,
} from './profile';
export { type LoadHandle, type LoadResult, planLoad, type RunLoadOptions, runLoad } from './run-load';
export { partsFor, splitProfile } from './split-profile';
export {
  type Aggregation,
  aggregationLabel,
  evaluateThresholds,
  parseThreshold,
  THRESHOLD_METRICS,
  type Threshold,
  type ThresholdMetric,
  type ThresholdResult,
} from './thresholds';
