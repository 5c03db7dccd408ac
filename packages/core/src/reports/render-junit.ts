import type { TExecution, TRunReport } from '../schema';
import { escapeXml } from './escape-markup';

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function suite(
  e: TExecution,
  collection: string,
  timestamp: string,
): { xml: string; tests: number; failures: number; errors: number; time: number } {
  const time = (e.response?.timings.total ?? 0) / 1000;
  const name = [...e.path, e.name].join(' / ');
  const classname = [collection, ...e.path, e.name].map((s) => s.replace(/\./g, '_')).join('.');
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (e.error) {
    errors += 1;
    cases.push(
      `    <testcase name="${escapeXml(`${e.request.method} ${e.request.url}`)}" classname="${escapeXml(classname)}" time="${time.toFixed(3)}">\n      <error type="${escapeXml(e.error.code)}" message="${escapeXml(e.error.message)}">${cdata(e.error.message)}</error>\n    </testcase>`,
    );
  }
  for (const f of e.scriptFailures) {
    errors += 1;
    const label = `${f.phase === 'preRequest' ? 'pre-request' : 'test'} script of ${f.source}`;
    cases.push(
      `    <testcase name="${escapeXml(label)}" classname="${escapeXml(classname)}" time="0.000">\n      <error type="ScriptError" message="${escapeXml(f.message)}">${cdata(`${f.message}${f.line === undefined ? '' : ` (line ${f.line})`}`)}</error>\n    </testcase>`,
    );
  }
  for (const a of e.assertions) {
    const open = `    <testcase name="${escapeXml(a.name)}" classname="${escapeXml(classname)}" time="${time.toFixed(3)}"`;
    if (a.skipped) {
      cases.push(`${open}>\n      <skipped/>\n    </testcase>`);
    } else if (a.passed) {
      cases.push(`${open}/>`);
    } else {
      failures += 1;
      const message = a.error ?? 'assertion failed';
      cases.push(
        `${open}>\n      <failure type="AssertionFailure" message="${escapeXml(message)}">${cdata(message)}</failure>\n    </testcase>`,
      );
    }
  }
  if (cases.length === 0) {
    // A request without tests still appears, so the suite count matches the requests run.
    cases.push(
      `    <testcase name="${escapeXml(`${e.request.method} ${e.request.url}`)}" classname="${escapeXml(classname)}" time="${time.toFixed(3)}"/>`,
    );
  }
  const tests = cases.length;
  const xml = `  <testsuite name="${escapeXml(name)}" timestamp="${escapeXml(timestamp)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${e.assertions.filter((a) => a.skipped).length}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  return { xml, tests, failures, errors, time };
}

/** JUnit XML (one testsuite per executed request, one testcase per assertion) as Jenkins and GitLab read it. */
export function renderJunit(report: TRunReport): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let time = 0;
  const suites = report.executions.map((e) => {
    const s = suite(e, report.collection.name, report.startedAt);
    tests += s.tests;
    failures += s.failures;
    errors += s.errors;
    time += s.time;
    return s.xml;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(report.collection.name)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
