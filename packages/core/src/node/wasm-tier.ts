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
