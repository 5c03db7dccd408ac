import { setFlagsFromString } from 'node:v8';

/**
 * Runs `compile` with V8's WebAssembly optimizing tier off (Liftoff only, no tier-up) for the modules it compiles.
 * V8 reads the flag when a module is compiled, so it is switched back right after: modules compiled later keep
 * the optimizing tier. For large modules whose time goes elsewhere than into code the optimizer would speed up, or
 * in processes too short to earn back its compile (PGlite in the server, QuickJS in the CLI).
 */
export async function withBaselineWasmTier<T>(compile: () => Promise<T>): Promise<T> {
  setFlagsFromString('--liftoff-only');
  try {
    return await compile();
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}

/**
 * Runs `compile` with every function of the modules it compiles compiled by V8's optimizing tier up front (no lazy
 * compilation, no Liftoff first and tier-up later), then restores V8's defaults for later modules. For a module that
 * will run hot for long (QuickJS in a load test): the ≈0.4 s compile is paid before the run's clock starts,
 * instead of as seconds of slow warm-up while the functions tier up one by one inside the measured run.
 */
export async function withOptimizedWasmTier<T>(compile: () => Promise<T>): Promise<T> {
  setFlagsFromString('--no-wasm-dynamic-tiering');
  setFlagsFromString('--no-wasm-lazy-compilation');
  try {
    return await compile();
  } finally {
    setFlagsFromString('--wasm-dynamic-tiering');
    setFlagsFromString('--wasm-lazy-compilation');
  }
}
