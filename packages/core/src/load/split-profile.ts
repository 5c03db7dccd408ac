import type { LoadProfile } from './profile';

/** Part `part` of `parts` equal shares of `n` (the first `n % parts` parts take one more). */
function share(n: number, parts: number, part: number): number {
  return Math.floor(n / parts) + (part < n % parts ? 1 : 0);
}

/** How many parts a run is split into: never more than it has VUs (a part with no VU would only wait). */
export function partsFor(profile: LoadProfile, configured: number): number {
  return Math.max(1, Math.min(configured, profile.maxVus));
}

/**
 * One worker's share of a load profile: every VU count (start, each stage target, the pool) and the arrival rate
 * divided so that the parts together run the whole profile over the same time.
 */
export function splitProfile(profile: LoadProfile, parts: number, part: number): LoadProfile {
  if (parts <= 1) {
    return profile;
  }
  if (profile.mode === 'vus') {
    return {
      mode: 'vus',
      startVus: share(profile.startVus, parts, part),
      stages: profile.stages.map((s) => ({ durationMs: s.durationMs, target: share(s.target, parts, part) })),
      durationMs: profile.durationMs,
      maxVus: share(profile.maxVus, parts, part),
    };
  }
  // Part k's arrivals come k whole-run intervals after the run's own: the parts interleave into one even rate
  // instead of all arriving together (N at a time at a rate low enough to see it).
  return {
    mode: 'rate',
    ratePerSecond: profile.ratePerSecond / parts,
    durationMs: profile.durationMs,
    preAllocatedVus: share(profile.preAllocatedVus, parts, part),
    maxVus: Math.max(1, share(profile.maxVus, parts, part)),
    offsetMs: (part * 1000) / profile.ratePerSecond,
  };
}
