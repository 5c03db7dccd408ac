import type { TExecution, TRunReport } from '../schema';
import { escapeHtml as h } from './escape-markup';

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
.pass{color:#1a7f37}.fail{color:#cf222e}.dim{color:#656d76}details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:24rem;white-space:pre-wrap;word-break:break-all}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600}.badge.pass{background:#dafbe1}.badge.fail{background:#ffebe9}`;

function execution(e: TExecution): string {
  const failed =
    !!e.error || e.scriptFailures.length > 0 || e.assertions.some((a) => !a.passed && !a.skipped);
  const status = e.response
    ? `${e.response.status} ${h(e.response.statusText)}`
    : `error: ${h(e.error?.code ?? '')}`;
  const asserts = e.assertions
    .map(
      (a) =>
        `<li class="${a.skipped ? 'dim' : a.passed ? 'pass' : 'fail'}">${a.skipped ? '–' : a.passed ? '✓' : '✗'} ${h(a.name)}${a.error ? ` — ${h(a.error)}` : ''}</li>`,
    )
    .join('');
  const scripts = e.scriptFailures
    .map(
      (f) =>
        `<li class="fail">${h(f.phase)} script of ${h(f.source)}: ${h(f.message)}${f.line === undefined ? '' : ` (line ${f.line})`}</li>`,
    )
    .join('');
  const consoleLines = e.console.map((c) => `[${c.level}] ${c.message}`).join('\n');
  const headers = e.request.headers.map((x) => `${x.key}: ${x.value}`).join('\n');
  const resHeaders = e.response?.headers.map((x) => `${x.key}: ${x.value}`).join('\n') ?? '';
  return `<details${failed ? ' open' : ''}><summary><span class="badge ${failed ? 'fail' : 'pass'}">${failed ? 'FAIL' : 'PASS'}</span> ${h([...e.path, e.name].join(' / '))} <span class="dim">#${e.iteration + 1} · ${h(e.request.method)} ${h(e.request.url)} · ${status}${e.response ? ` · ${Math.round(e.response.timings.total)} ms` : ''}</span></summary>
<ul>${asserts}${scripts}</ul>
${e.error ? `<p class="fail">${h(e.error.code)}: ${h(e.error.message)}</p>` : ''}
<details><summary>Request</summary><pre>${h(`${e.request.method} ${e.request.url}\n${headers}${e.request.body ? `\n\n${e.request.body}` : ''}`)}</pre></details>
${e.response ? `<details><summary>Response</summary><pre>${h(`${resHeaders}\n\n${e.response.bodyEncoding === 'base64' ? '<binary body>' : e.response.body}`)}</pre></details>` : ''}
${consoleLines ? `<details><summary>Console</summary><pre>${h(consoleLines)}</pre></details>` : ''}
</details>`;
}

/** One self-contained HTML file: summary, then every request with its assertions; all user text escaped. */
export function renderHtml(report: TRunReport): string {
  const s = report.stats;
  const row = (label: string, total: number, failed: number) =>
    `<tr><th>${label}</th><td>${total}</td><td class="${failed > 0 ? 'fail' : 'pass'}">${failed}</td></tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(report.collection.name)} — apiplay run</title><style>${style}</style></head>
<body><h1>${h(report.collection.name)} <span class="badge ${report.status === 'passed' ? 'pass' : 'fail'}">${h(report.status)}</span></h1>
<p class="dim">Started ${h(report.startedAt)} · finished ${h(report.finishedAt)}${report.environment ? ` · environment ${h(report.environment.name)}` : ''}</p>
<table><tr><th></th><th>executed</th><th>failed</th></tr>
${row('iterations', s.iterations, 0)}${row('requests', s.requests.total, s.requests.failed)}${row('assertions', s.assertions.total, s.assertions.failed)}${row('scripts', s.scripts.failed, s.scripts.failed)}
</table>
${report.executions.map(execution).join('\n')}
</body></html>
`;
}
