import { AppError, type TCollection, type TStartLoadRunRequest } from '@apiplay/core';
import {
  buildProfile,
  LoadInputError,
  type LoadProfile,
  parseThink,
  parseThreshold,
  planLoad,
  type ThinkTime,
  type Threshold,
} from '@apiplay/core/load';

/** The workspace caps (config `LOAD_*`). */
export interface LoadCaps {
  maxVus: number;
  maxRate: number;
  maxDurationMs: number;
}

export interface CheckedLoadOptions {
  profile: LoadProfile;
  thresholds: Threshold[];
  think: ThinkTime | undefined;
  /** The request names the run sends (per-request thresholds must name one of them). */
  names: string[];
}

/** A 400 naming the body field, in the shape schema validation failures have. */
export function invalidField(field: string, message: string): AppError {
  const path = `body.${field}`;
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ field: path, message }] });
}

// core's option parsers name the CLI flags; the API names the JSON fields.
const FLAG_TO_FIELD: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^--stage #(\d+)/, (m) => `stages.${Number(m[1]) - 1}`],
  [/^--stage\b/, () => 'stages'],
  [/^--max-vus\b/, () => 'maxVus'],
  [/^--vus\b/, () => 'vus'],
  [/^--rate\b/, () => 'rate'],
  [/^--duration\b/, () => 'duration'],
  [/^--think\b/, () => 'think'],
];
const FLAG_NAMES: [RegExp, string][] = [
  [/--max-vus/g, 'maxVus'],
  [/--vus/g, 'vus'],
  [/--stage/g, 'stages'],
  [/--rate/g, 'rate'],
  [/--duration/g, 'duration'],
  [/--think/g, 'think'],
];

function profileError(e: LoadInputError): AppError {
  let field = 'vus';
  for (const [re, name] of FLAG_TO_FIELD) {
    const m = re.exec(e.message);
    if (m) {
      field = name(m);
      break;
    }
  }
  let message = e.message.replace(/^--[a-z-]+(?: #\d+ "[^"]*")?:\s*/, '');
  for (const [re, name] of FLAG_NAMES) {
    message = message.replace(re, name);
  }
  return invalidField(field, message);
}

/**
 * Everything wrong with a load run's options, found before a request is sent: the profile (a stage list that never
 * ends, more VUs than the cap), thresholds (unknown metric, malformed expression, a request name the run does not
 * send), think time, and a collection with no requests. Throws a 400 naming the field.
 */
export function validateLoadOptions(
  input: TStartLoadRunRequest,
  collection: TCollection,
  caps: LoadCaps,
): CheckedLoadOptions {
  let profile: LoadProfile;
  try {
    profile = buildProfile({
      ...(input.vus === undefined ? {} : { vus: input.vus }),
      ...(input.duration === undefined ? {} : { duration: input.duration }),
      stages: input.stages ?? [],
      ...(input.rate === undefined ? {} : { rate: input.rate }),
      ...(input.maxVus === undefined ? {} : { maxVus: input.maxVus }),
      cap: caps.maxVus,
    });
  } catch (e) {
    throw e instanceof LoadInputError ? profileError(e) : e;
  }
  if (profile.durationMs > caps.maxDurationMs) {
    throw invalidField(
      input.stages?.length ? 'stages' : 'duration',
      `the run lasts ${profile.durationMs / 1000} s, more than this server's limit of ${caps.maxDurationMs / 1000} s`,
    );
  }
  if (profile.mode === 'rate' && profile.ratePerSecond > caps.maxRate) {
    throw invalidField(
      'rate',
      `${profile.ratePerSecond} iterations/s is more than this server's cap of ${caps.maxRate}/s per workspace`,
    );
  }
  let think: ThinkTime | undefined;
  if (input.think !== undefined) {
    try {
      think = parseThink(input.think);
    } catch (e) {
      throw e instanceof LoadInputError ? profileError(e) : e;
    }
  }
  let names: string[];
  try {
    names = [...new Set(planLoad(collection, input.folders ?? []).map((step) => step.item.name))];
  } catch (e) {
    throw e instanceof LoadInputError
      ? invalidField(input.folders?.length ? 'folders' : 'collectionId', e.message)
      : e;
  }
  const thresholds = (input.thresholds ?? []).map((source, i) => {
    let t: Threshold;
    try {
      t = parseThreshold(source);
    } catch (e) {
      if (!(e instanceof LoadInputError)) {
        throw e;
      }
      const prefix = `--threshold '${source}': `;
      const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      throw invalidField(`thresholds.${i}`, message);
    }
    if (t.name !== undefined && !names.includes(t.name)) {
      throw invalidField(
        `thresholds.${i}`,
        `no request named "${t.name}" in the run (requests: ${names.slice(0, 20).join(', ')})`,
      );
    }
    return t;
  });
  if (input.iterationData !== undefined && input.iterationData.length === 0) {
    throw invalidField('iterationData', 'has no rows');
  }
  return { profile, thresholds, think, names };
}
