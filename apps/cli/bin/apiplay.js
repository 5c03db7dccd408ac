#!/usr/bin/env node
// Thin launcher: the whole CLI (with @apiplay/core inlined) is one pre-built ESM file plus lazy chunks.
// QuickJS (the script sandbox) is compiled for V8's baseline wasm tier only, by the sandbox engine; undici's
// llhttp parser keeps the optimizing tier (≈−0.05–0.09 ms per request on the runner benchmark).
const { start } = await import('../dist/apiplay.js');
await start();
