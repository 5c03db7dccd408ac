import type { LoadResult } from '@apiplay/core/load';
import { escapeXml as x } from '../reporters/write-export';
import { thresholdLine } from './format';

/** JUnit XML: one test case per threshold (a failed threshold is a failed test case). */
export function loadReportJunit(result: LoadResult, collectionName: string): string {
  const failures = result.thresholds.filter((r) => !r.passed).length;
  const seconds = (result.durationMs / 1000).toFixed(3);
  const cases = result.thresholds
    .map((r) => {
      const body = r.passed
        ? ''
        : `<failure message="${x(thresholdLine(r))}" type="threshold">${x(`${r.threshold.source}: ${thresholdLine(r)}`)}</failure>`;
      return `    <testcase classname="apiplay.load.thresholds" name="${x(r.threshold.source)}" time="${seconds}">${body}</testcase>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${x(collectionName)}" tests="${result.thresholds.length}" failures="${failures}" time="${seconds}">
  <testsuite name="${x(`${collectionName} — load thresholds`)}" tests="${result.thresholds.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${x(result.startedAt)}">
${cases}
  </testsuite>
</testsuites>
`;
}
