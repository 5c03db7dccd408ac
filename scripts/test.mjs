#!/usr/bin/env node
// Runs every Vitest project once and ends with one line `N passed, N failed` (CI reads it).
// Extra arguments go to Vitest (e.g. `npm test -- --project core`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

process.env.TZ = 'UTC';
const outDir = '.vitest-results';
mkdirSync(outDir, { recursive: true });
const label = process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded';
const outFile = join(outDir, `${label}.json`);

const skipped = [];
if (!process.env.TEST_DATABASE_URL) {
  skipped.push('server suites on PostgreSQL (set TEST_DATABASE_URL=postgres://… to run them)');
}
if (!process.env.TEST_REDIS_URL) {
  skipped.push('BullMQ / Redis pub/sub / multi-instance suites (set TEST_REDIS_URL=redis://… to run them)');
}

const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${outFile}`,
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
let pending = 0;
try {
  const report = JSON.parse(readFileSync(outFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  pending = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} catch {
  failed += 1;
  console.error(`could not read ${outFile}: did Vitest start?`);
}
if (skipped.length > 0) {
  console.log(`\nSkipped on this machine (${label} mode):`);
  for (const s of skipped) {
    console.log(`  - ${s}`);
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${pending} skipped`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
