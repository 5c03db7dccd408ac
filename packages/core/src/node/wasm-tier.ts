import { setFlagsFromString } from 'node:v8';

/**
 * Runs `compile` with V8's WebAssembly optimizing tier off (Liftoff only, no tier-up) for the modules it compiles.
 * V8 reads the flag when a module is compiled, so it is switched back right after: modules compiled later keep
 * the optimizing tier. For large modules whose time goes elsewhere than into code the optimizer would speed up, or
 * in processes too short to earn back its compile (PGlite in the server, QuickJS in the CLI).
 */
export function withBaselineWasmTier<T>(compile: () => Promise<T>): Promise<T> {
  return withV8Flags(['--liftoff-only'], ['--no-liftoff-only'], compile);
}

/**
 * Runs `compile` with every function of the modules it compiles compiled by V8's optimizing tier up front (no lazy
 * compilation, no Liftoff first and tier-up later), then restores V8's defaults for later modules. For a module that
 * will run hot for long (QuickJS in a load test): the ≈0.4 s compile is paid before the run's clock starts,
 * instead of as seconds of slow warm-up while the functions tier up one by one inside the measured run.
 */
export function withOptimizedWasmTier<T>(compile: () => Promise<T>): Promise<T> {
  return withV8Flags(
    ['--no-wasm-dynamic-tiering', '--no-wasm-lazy-compilation'],
    ['--wasm-dynamic-tiering', '--wasm-lazy-compilation'],
    compile,
  );
}

/** `compile` with V8 flags `during` set, and `after` set once it has settled (V8's defaults for later modules). */
async function withV8Flags<T>(during: string[], after: string[], compile: () => Promise<T>): Promise<T> {
  for (const flag of during) {
    setFlagsFromString(flag);
  }
  try {
    return await compile();
  } finally {
    for (const flag of after) {
      setFlagsFromString(flag);
    }
  }
}
