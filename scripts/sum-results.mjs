#!/usr/bin/env node
// Sums Vitest JSON reports and prints one line `N passed, N failed` (the last line CI reads).
// Usage: sum-results.mjs <report.json>... [--extra-failed N]  (extra failures: lint, type-check)
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let extraFailed = 0;
const files = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--extra-failed') {
    extraFailed = Number(args[i + 1] ?? 0);
    i += 1;
  } else {
    files.push(args[i]);
  }
}
let passed = 0;
let failed = extraFailed;
let skipped = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`missing report ${file}: counted as one failure`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(
    `${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`,
  );
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
