// Import the largest OpenAPI fixture (Stripe, 4.2 MB) with our importer vs openapi-to-postmanv2, in the same
// process, alternating A/B each round; prints medians and the ratio. Target: ours ≤ 3 s and faster.
// Run: npx tsx bench/import/openapi-import.ts [rounds=5] [file=../shared/fixtures/openapi/stripe-spec3-2022-04-12.json]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importAny } from '@apiplay/core';

const ROUNDS = Number(process.argv[2] ?? 5);
const FILE = resolve(process.argv[3] ?? '../shared/fixtures/openapi/stripe-spec3-2022-04-12.json');

interface O2PResult {
  result: boolean;
  reason?: string;
  output?: { data: { item?: unknown[] } }[];
}
interface O2P {
  convert(
    input: { type: 'string'; data: string },
    options: Record<string, unknown>,
    cb: (error: unknown, result: O2PResult) => void,
  ): void;
}

if (!existsSync(FILE)) {
  console.log(`fixture not found: ${FILE} — benchmark skipped`);
  process.exit(0);
}
const text = readFileSync(FILE, 'utf8');
const require = createRequire(import.meta.url);
const o2p = require('openapi-to-postmanv2') as O2P;

async function ours(): Promise<number> {
  const t0 = performance.now();
  const r = await importAny(text);
  const ms = performance.now() - t0;
  if (!r.ok) {
    throw r.error;
  }
  return ms;
}

function theirs(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    o2p.convert({ type: 'string', data: text }, {}, (error, result) => {
      const ms = performance.now() - t0;
      if (error || !result.result) {
        reject(error ?? new Error(result.reason));
        return;
      }
      resolvePromise(ms);
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const a: number[] = [];
const b: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate who goes first so warm-up and GC pressure do not favour one side.
  if (round % 2 === 0) {
    a.push(await ours());
    b.push(await theirs());
  } else {
    b.push(await theirs());
    a.push(await ours());
  }
  console.log(
    `round ${round + 1}: ours ${a.at(-1)?.toFixed(0)} ms, openapi-to-postmanv2 ${b.at(-1)?.toFixed(0)} ms`,
  );
}
const ma = median(a);
const mb = median(b);
console.log('');
console.log(
  `file: ${FILE} (${(statSync(FILE).size / 1e6).toFixed(1)} MB), rounds: ${ROUNDS}, node ${process.version}`,
);
console.log('| importer | median ms | min ms | max ms |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| apiplay importAny | ${ma.toFixed(0)} | ${Math.min(...a).toFixed(0)} | ${Math.max(...a).toFixed(0)} |`,
);
console.log(
  `| openapi-to-postmanv2 | ${mb.toFixed(0)} | ${Math.min(...b).toFixed(0)} | ${Math.max(...b).toFixed(0)} |`,
);
console.log(`| ratio (ours / theirs) | ${(ma / mb).toFixed(2)} | | |`);
console.log(
  `target ≤ 3000 ms: ${ma <= 3000 ? 'met' : 'MISSED'}; faster than openapi-to-postmanv2: ${ma < mb ? 'yes' : 'NO'}`,
);
