#!/usr/bin/env node
// Thin launcher: the whole CLI (with @apiplay/core inlined) is one pre-built ESM file plus lazy chunks.
import { setFlagsFromString } from 'node:v8';

// Two WebAssembly modules run here: undici's HTTP parser (llhttp) and the QuickJS script sandbox. V8's optimizing
// wasm tier (TurboFan) compiles them in the background for ~50 MB of peak RSS and CPU a short run never earns back;
// the baseline tier (Liftoff) is enough. Must be set before either module is compiled. APIPLAY_WASM_TIERUP=1 opts out.
if (process.env.APIPLAY_WASM_TIERUP !== '1') {
  setFlagsFromString('--liftoff-only');
}

const { start } = await import('../dist/apiplay.js');
await start();
