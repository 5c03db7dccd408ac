import type { LoadMetrics } from './metrics';
import { nextTurn } from './next-turn';
import { type LoadProfile, targetVus } from './profile';
import type { VirtualUser } from './virtual-user';

export interface ScheduleContext {
  profile: LoadProfile;
  /** The run's start on the `now` clock. */
  t0: number;
  now: () => number;
  /** Aborted by the scheduler itself once the profile's duration is over. */
  stop: AbortController;
  newVu: () => VirtualUser;
  /** Registers work the run must wait for before it reports. */
  track: (p: Promise<void>) => void;
  vuStarted: () => void;
  vuEnded: () => void;
  metrics: LoadMetrics;
}

/**
 * Starts VUs as the profile asks and returns the timer that keeps doing so; the caller clears it once `stop`
 * aborts. The timer is a short poll rather than one timer per event so stages and rates follow the `now` clock
 * (which tests may slow down) instead of wall-clock timeouts.
 */
export function startSchedule(ctx: ScheduleContext): ReturnType<typeof setInterval> {
  return ctx.profile.mode === 'vus' ? startClosedModel(ctx, ctx.profile) : startOpenModel(ctx, ctx.profile);
}

/**
 * Lets timers run. An iteration whose requests all fail without I/O (a target the transport refuses at once: the
 * server's SSRF guard, a malformed URL) settles in microtasks only, and VUs looping on it would starve the event
 * loop: the stop timer and the sampler would never fire. VUs yield only when the scheduler's own timer has not run
 * for `STARVED_MS` (real time): yielding after every iteration cost ~3× the throughput of a healthy run.
 */
const STARVED_MS = 100;
const yieldToTimers = (): Promise<void> => new Promise((resolve) => nextTurn(resolve));

/** Closed model: keep `targetVus(t)` VUs looping; surplus VUs retire after their current iteration. */
function startClosedModel(
  { t0, now, stop, newVu, track, vuStarted, vuEnded }: ScheduleContext,
  profile: Extract<LoadProfile, { mode: 'vus' }>,
): ReturnType<typeof setInterval> {
  const endAt = t0 + profile.durationMs;
  const slots: { alive: boolean; retired: boolean }[] = [];
  let timerRanAt = performance.now();
  const loop = async (slot: { alive: boolean; retired: boolean }): Promise<void> => {
    const vu = newVu();
    vuStarted();
    try {
      while (!stop.signal.aborted && !slot.retired) {
        await vu.iterate();
        if (performance.now() - timerRanAt > STARVED_MS) {
          await yieldToTimers();
        }
      }
    } finally {
      vuEnded();
      vu.dispose();
      slot.alive = false;
    }
  };
  const adjust = (): void => {
    timerRanAt = performance.now();
    const t = now();
    if (t >= endAt) {
      stop.abort();
      return;
    }
    const target = targetVus(profile, t - t0);
    for (let id = 0; id < Math.max(target, slots.length); id++) {
      let slot = slots[id];
      if (!slot) {
        slot = { alive: false, retired: false };
        slots[id] = slot;
      }
      if (id >= target) {
        slot.retired = true;
      } else if (slot.alive) {
        // A retiring VU still finishing its iteration is asked to stay.
        slot.retired = false;
      } else {
        slot.alive = true;
        slot.retired = false;
        track(loop(slot));
      }
    }
  };
  adjust();
  return setInterval(adjust, 50);
}

/** Open model: iterations start on schedule; a free VU takes each, new VUs up to maxVus, else dropped. */
function startOpenModel(
  { t0, now, stop, newVu, track, vuStarted, vuEnded, metrics }: ScheduleContext,
  profile: Exclude<LoadProfile, { mode: 'vus' }>,
): ReturnType<typeof setInterval> {
  const endAt = t0 + profile.durationMs;
  const idle: VirtualUser[] = [];
  let created = 0;
  const create = (): VirtualUser => {
    created += 1;
    return newVu();
  };
  for (let n = 0; n < profile.preAllocatedVus; n++) {
    idle.push(create());
  }
  let started = 0;
  const intervalMs = 1000 / profile.ratePerSecond;
  const offsetMs = profile.offsetMs ?? 0;
  const tickRate = (): void => {
    const t = now();
    if (t >= endAt) {
      stop.abort();
      return;
    }
    const since = t - t0 - offsetMs;
    const due = since < 0 ? 0 : Math.floor(since / intervalMs) + 1;
    while (started < due) {
      started += 1;
      const vu = idle.pop() ?? (created < profile.maxVus ? create() : undefined);
      if (!vu) {
        metrics.droppedIterations += 1;
        continue;
      }
      vuStarted();
      track(
        vu.iterate().finally(() => {
          vuEnded();
          idle.push(vu);
        }),
      );
    }
  };
  tickRate();
  // Tick at least twice per arrival interval (capped at 20 ms) so starts stay close to their due time.
  return setInterval(tickRate, Math.max(1, Math.min(20, intervalMs / 2)));
}
