import { parseDuration } from './duration';
import { LoadInputError } from './errors';

/** Most VUs one process runs unless the caller sets another cap. */
export const DEFAULT_VU_CAP = 10_000;

export interface Stage {
  durationMs: number;
  /** VUs at the end of the stage (ramped linearly from the previous stage's target). */
  target: number;
}

/** How VUs and iterations are scheduled. */
export type LoadProfile =
  | {
      /** Closed model: each VU starts its next iteration when the previous one ends. */
      mode: 'vus';
      startVus: number;
      stages: Stage[];
      durationMs: number;
      /** The most VUs the stages ever ask for. */
      maxVus: number;
    }
  | {
      /** Open model (k6's constant-arrival-rate): iterations start at `ratePerSecond`, whatever their latency. */
      mode: 'rate';
      ratePerSecond: number;
      durationMs: number;
      /** VUs created up front. */
      preAllocatedVus: number;
      /** More VUs are created while none is free, up to this; beyond it an iteration is dropped. */
      maxVus: number;
      /**
       * When this part's first iteration is due, after the run's start (a split run's parts: see splitProfile).
       * Unset: at the start.
       */
      offsetMs?: number;
    };

/** The command line's view of a profile (strings as typed). */
export interface LoadProfileInput {
  vus?: number;
  duration?: string;
  stages?: readonly string[];
  rate?: string;
  maxVus?: number;
  /** The most VUs allowed at all (default `DEFAULT_VU_CAP`). */
  cap?: number;
}

/** Think time after each request: a fixed pause or a uniformly random one in [minMs, maxMs]. */
export interface ThinkTime {
  minMs: number;
  maxMs: number;
}

const NEVER = /^(inf|infinity|forever|never|-1|∞)$/i;

function count(n: number, what: string, cap: number): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new LoadInputError(`${what}: expected a whole number ≥ 0, got ${n}`);
  }
  if (n > cap) {
    throw new LoadInputError(`${what}: ${n} VUs is more than the cap of ${cap}`);
  }
  return n;
}

function finiteDuration(text: string, what: string): number {
  if (NEVER.test(text.trim())) {
    throw new LoadInputError(`${what}: "${text}" never ends; a load test needs a finite duration`);
  }
  return parseDuration(text, what);
}

/** `500/s`, `30/m`, `100/2s`, or a bare number (per second) → iterations per second. */
export function parseRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d*(?:\.\d+)?)\s*(ms|s|m|h)?)?\s*$/.exec(text);
  if (!m) {
    throw new LoadInputError(`--rate: "${text}" is not a rate (e.g. 500/s, 30/m, 100/2s)`);
  }
  const n = Number(m[1]);
  const per =
    m[2] === undefined && m[3] === undefined ? 1000 : parseDuration(`${m[2] || '1'}${m[3] ?? 's'}`, '--rate');
  if (!(n > 0) || !(per > 0)) {
    throw new LoadInputError(`--rate: "${text}" must be more than 0 iterations per period`);
  }
  return (n * 1000) / per;
}

/** `100ms` or a range `50ms-200ms` (also `50ms..200ms`). */
export function parseThink(text: string): ThinkTime {
  const parts = text.split(/\s*(?:\.\.|-)\s*/);
  if (parts.length > 2 || parts.some((p) => p === '')) {
    throw new LoadInputError(`--think: "${text}" is not a duration or a range (e.g. 100ms, 50ms-200ms)`);
  }
  const minMs = finiteDuration(parts[0] ?? '', '--think');
  const maxMs = parts.length === 2 ? finiteDuration(parts[1] ?? '', '--think') : minMs;
  if (maxMs < minMs) {
    throw new LoadInputError(`--think: the range "${text}" ends before it starts`);
  }
  return { minMs, maxMs };
}

/** Validate the scheduling options and build the profile; throws `LoadInputError` naming the option. */
export function buildProfile(input: LoadProfileInput): LoadProfile {
  const cap = input.cap ?? DEFAULT_VU_CAP;
  if (input.maxVus !== undefined) {
    count(input.maxVus, '--max-vus', cap);
    if (input.maxVus < 1) {
      throw new LoadInputError('--max-vus: must be at least 1');
    }
  }
  // --max-vus caps every VU count of the run (and sizes the pool in rate mode).
  const limit = input.maxVus ?? cap;
  const limitName = input.maxVus === undefined ? 'the cap' : '--max-vus';
  const within = (n: number, what: string): number => {
    count(n, what, cap);
    if (n > limit) {
      throw new LoadInputError(`${what}: ${n} VUs is more than ${limitName} (${limit})`);
    }
    return n;
  };
  const stages = input.stages ?? [];
  if (input.rate !== undefined) {
    if (stages.length > 0) {
      throw new LoadInputError(
        '--rate and --stage cannot be combined (ramping arrival rates are not supported)',
      );
    }
    const ratePerSecond = parseRate(input.rate);
    if (input.duration === undefined) {
      throw new LoadInputError('--rate needs --duration (a load test must end)');
    }
    const durationMs = finiteDuration(input.duration, '--duration');
    if (durationMs <= 0) {
      throw new LoadInputError('--duration: must be more than 0');
    }
    const maxVus = input.maxVus ?? Math.min(cap, 100);
    const preAllocatedVus = input.vus === undefined ? Math.min(maxVus, 10) : within(input.vus, '--vus');
    return { mode: 'rate', ratePerSecond, durationMs, preAllocatedVus, maxVus };
  }
  if (stages.length > 0) {
    if (input.duration !== undefined) {
      throw new LoadInputError('--duration and --stage cannot be combined: the stages set the duration');
    }
    const parsed = stages.map((s, i): Stage => {
      const what = `--stage #${i + 1} "${s}"`;
      const m = /^\s*([^:]+?)\s*:\s*(\S+)\s*$/.exec(s);
      if (!m) {
        throw new LoadInputError(`${what}: expected <duration>:<target VUs>, e.g. 30s:50`);
      }
      const target = Number(m[2]);
      if (!Number.isInteger(target)) {
        throw new LoadInputError(`${what}: the target "${m[2]}" is not a whole number of VUs`);
      }
      return { durationMs: finiteDuration(m[1] ?? '', what), target: within(target, what) };
    });
    const durationMs = parsed.reduce((sum, s) => sum + s.durationMs, 0);
    if (durationMs <= 0) {
      throw new LoadInputError('--stage: the stages last 0s in total; give at least one stage a duration');
    }
    const startVus = input.vus === undefined ? 0 : within(input.vus, '--vus');
    const maxVus = Math.max(startVus, ...parsed.map((s) => s.target));
    if (maxVus === 0) {
      throw new LoadInputError('--stage: no stage has a VU target above 0, so nothing would run');
    }
    return { mode: 'vus', startVus, stages: parsed, durationMs, maxVus };
  }
  if (input.duration === undefined) {
    throw new LoadInputError('give --duration (e.g. 30s) or --stage (e.g. 30s:50): a load test must end');
  }
  const durationMs = finiteDuration(input.duration, '--duration');
  if (durationMs <= 0) {
    throw new LoadInputError('--duration: must be more than 0');
  }
  const vus = within(input.vus ?? 1, '--vus');
  if (vus < 1) {
    throw new LoadInputError('--vus: must be at least 1');
  }
  return { mode: 'vus', startVus: vus, stages: [{ durationMs, target: vus }], durationMs, maxVus: vus };
}

/** The VUs a `vus` profile asks for `atMs` into the run (linear ramps between stage targets). */
export function targetVus(profile: Extract<LoadProfile, { mode: 'vus' }>, atMs: number): number {
  let from = profile.startVus;
  let t = atMs;
  for (const s of profile.stages) {
    if (t < s.durationMs) {
      return Math.round(from + ((s.target - from) * t) / s.durationMs);
    }
    t -= s.durationMs;
    from = s.target;
  }
  return from;
}
