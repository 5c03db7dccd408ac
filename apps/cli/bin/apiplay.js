#!/usr/bin/env node
// Thin launcher: the whole CLI (with @apiplay/core inlined) is one pre-built ESM file, for fast startup.
import { start } from '../dist/apiplay.js';

await start();
