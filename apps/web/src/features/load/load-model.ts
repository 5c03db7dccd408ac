import type { TLoadRequestRow, TLoadSample, TStartLoadRunRequest } from '@apiplay/core';
import { type RunTargetChoice, targetOptions } from '../runner/run-target-options';

/** The form as typed: strings, split into the API's fields (the server validates and names bad fields). */
export interface LoadForm {
  mode: 'vus' | 'stages' | 'rate';
  vus: string;
  duration: string;
  /** One `30s:50` per line. */
  stages: string;
  rate: string;
  maxVus: string;
  think: string;
  /** One threshold per line. */
  thresholds: string;
}

export const defaultLoadForm: LoadForm = {
  mode: 'vus',
  vus: '10',
  duration: '30s',
  stages: '10s:10\n20s:50\n10s:0',
  rate: '50/s',
  maxVus: '100',
  think: '',
  thresholds: 'http_req_duration:p(95)<500\nhttp_req_failed:rate<0.01',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const int = (text: string): number | undefined => {
  const n = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(n) ? undefined : n;
};

/** The start request for the chosen mode (fields of other modes are left out) and the run target. */
export function toStartRequest(
  f: LoadForm,
  target: RunTargetChoice = { environmentId: '', folders: [] },
): TStartLoadRunRequest {
  const thresholds = lines(f.thresholds);
  const common = {
    ...targetOptions(target),
    ...(f.think.trim() ? { think: f.think.trim() } : {}),
    ...(thresholds.length > 0 ? { thresholds } : {}),
  };
  const vus = int(f.vus);
  const maxVus = int(f.maxVus);
  switch (f.mode) {
    case 'vus':
      return { ...common, ...(vus === undefined ? {} : { vus }), duration: f.duration.trim() };
    case 'stages':
      return { ...common, stages: lines(f.stages) };
    case 'rate':
      return {
        ...common,
        rate: f.rate.trim(),
        duration: f.duration.trim(),
        ...(maxVus === undefined ? {} : { maxVus }),
      };
  }
}

/** What the live view shows: the merged seconds so far and the latest per-request table. */
export interface LiveLoad {
  samples: TLoadSample[];
  rows: TLoadRequestRow[];
}

export const emptyLive: LiveLoad = { samples: [], rows: [] };

/** A `load.progress` event's data for `loadRunId`, or null. */
export function progressOf(
  msg: Record<string, unknown>,
  loadRunId: string,
): { sample: TLoadSample; requests: TLoadRequestRow[] } | null {
  const ev = msg.type === 'event' && typeof msg.event === 'object' && msg.event !== null ? msg.event : null;
  if (!ev || (ev as { type?: unknown }).type !== 'load.progress') {
    return null;
  }
  const data = (ev as { data?: unknown }).data as Record<string, unknown> | undefined;
  if (
    !data ||
    data.loadRunId !== loadRunId ||
    typeof data.sample !== 'object' ||
    !Array.isArray(data.requests)
  ) {
    return null;
  }
  return { sample: data.sample as TLoadSample, requests: data.requests as TLoadRequestRow[] };
}

/** Appends a second (new array: the charts see new data) and takes the newest table. */
export function applyProgress(
  live: LiveLoad,
  p: { sample: TLoadSample; requests: TLoadRequestRow[] },
): LiveLoad {
  return { samples: [...live.samples, p.sample], rows: p.requests };
}
