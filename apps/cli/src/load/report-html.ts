import { type IntervalSample, type LoadResult, summarize } from '@apiplay/core/load';
import { escapeHtml as h } from '../reporters/write-export';
import { ms, overallRps, pct, thresholdLine } from './format';

interface Line {
  label: string;
  color: string;
  values: readonly (number | null)[];
}

const W = 640;
const H = 200;
const PAD = { l: 56, r: 12, t: 12, b: 28 };

function niceMax(v: number): number {
  if (v <= 0) {
    return 1;
  }
  const p = 10 ** Math.floor(Math.log10(v));
  const n = v / p;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * p;
}

/** An inline SVG line chart over the run's seconds (no script, no CDN). */
export function lineChart(
  title: string,
  t: readonly number[],
  lines: readonly Line[],
  unit: (v: number) => string,
): string {
  const maxT = Math.max(1, ...t);
  const maxV = niceMax(Math.max(0, ...lines.flatMap((l) => l.values.filter((v): v is number => v !== null))));
  const x = (v: number): number => PAD.l + ((W - PAD.l - PAD.r) * v) / maxT;
  const y = (v: number): number => H - PAD.b - ((H - PAD.t - PAD.b) * v) / maxV;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const yy = y(maxV * f).toFixed(1);
      return `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${yy}" y2="${yy}" class="grid"/><text x="${PAD.l - 6}" y="${yy}" class="ylab">${h(unit(maxV * f))}</text>`;
    })
    .join('');
  const xt = [0, 0.5, 1]
    .map(
      (f) => `<text x="${x(maxT * f).toFixed(1)}" y="${H - 8}" class="xlab">${(maxT * f).toFixed(0)}s</text>`,
    )
    .join('');
  const paths = lines
    .map((l) => {
      let d = '';
      let pen = 'M';
      l.values.forEach((v, i) => {
        if (v === null) {
          pen = 'M';
          return;
        }
        d += `${pen}${x(t[i] ?? 0).toFixed(1)},${y(v).toFixed(1)}`;
        pen = 'L';
      });
      return `<path d="${d}" fill="none" stroke="${l.color}" stroke-width="2"><title>${h(l.label)}</title></path>`;
    })
    .join('');
  const legend = lines.map((l) => `<span style="color:${l.color}">━ ${h(l.label)}</span>`).join(' ');
  return `<figure><figcaption>${h(title)} <span class="legend">${legend}</span></figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${h(title)}">${grid}${xt}${paths}</svg></figure>`;
}

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328;background:#fff;max-width:1400px}
h1{font-size:1.4rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#1a7f37}.fail{color:#cf222e}.dim{color:#656d76}
.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem}
figcaption{font-weight:600;margin-bottom:.3rem}.legend{font-weight:400;font-size:12px;margin-left:.5rem}
svg .grid{stroke:#eaeef2}svg text{font-size:11px;fill:#656d76}svg .ylab{text-anchor:end;dominant-baseline:middle}svg .xlab{text-anchor:middle}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600}.badge.pass{background:#dafbe1}.badge.fail{background:#ffebe9}`;

const count = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** A single-file HTML report: summary, thresholds, charts over time, a per-request table. */
export function loadReportHtml(result: LoadResult, collectionName: string): string {
  const m = result.metrics;
  const series: readonly IntervalSample[] = m.series;
  const t = series.map((s) => s.t);
  const total = summarize(m.total.duration);
  const checks = m.total.checksPassed + m.total.checksFailed;
  const thresholds = result.thresholds
    .map(
      (r) =>
        `<tr><td class="${r.passed ? 'pass' : 'fail'}">${r.passed ? '✓' : '✗'}</td><td><code>${h(r.threshold.source)}</code></td><td>${h(thresholdLine(r))}</td></tr>`,
    )
    .join('');
  const rows = [...m.byName]
    .map(([name, s]) => {
      const l = summarize(s.duration);
      const c = s.checksPassed + s.checksFailed;
      return `<tr><td>${h(name)}</td><td class="n">${s.requests}</td><td class="n">${pct(s.failed, s.requests)}</td><td class="n">${c === 0 ? '–' : pct(s.checksPassed, c)}</td><td class="n">${ms(l.avg)}</td><td class="n">${ms(l.med)}</td><td class="n">${ms(l.p95)}</td><td class="n">${ms(l.p99)}</td><td class="n">${ms(l.max)}</td></tr>`;
    })
    .join('');
  const errors = [...result.errors]
    .sort((a, b) => b[1] - a[1])
    .map(([message, n]) => `<tr><td class="n">${n}</td><td>${h(message)}</td></tr>`)
    .join('');
  const verdict =
    result.thresholds.length === 0
      ? ''
      : result.passed
        ? '<span class="badge pass">thresholds passed</span>'
        : '<span class="badge fail">thresholds failed</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(collectionName)} — load test</title><style>${style}</style></head><body>
<h1>${h(collectionName)} — load test ${verdict}</h1>
<p class="dim">${h(result.startedAt)} → ${h(result.finishedAt)} · ${(result.durationMs / 1000).toFixed(1)} s · peak ${result.peakVus} VUs · ${h(result.profile.mode === 'rate' ? `arrival rate ${result.profile.ratePerSecond}/s` : 'virtual users')}</p>
<table><tbody>
<tr><th>requests</th><td class="n">${m.total.requests}</td><th>req/s</th><td class="n">${overallRps(result).toFixed(1)}</td></tr>
<tr><th>failed</th><td class="n">${m.total.failed} (${pct(m.total.failed, m.total.requests)})</td><th>checks</th><td class="n">${checks === 0 ? '–' : `${pct(m.total.checksPassed, checks)} of ${checks}`}</td></tr>
<tr><th>latency p50 / p95 / p99</th><td class="n">${ms(total.med)} / ${ms(total.p95)} / ${ms(total.p99)}</td><th>avg / max</th><td class="n">${ms(total.avg)} / ${ms(total.max)}</td></tr>
<tr><th>iterations</th><td class="n">${m.iterations}</td><th>dropped / script errors</th><td class="n">${m.droppedIterations} / ${m.scriptErrors}</td></tr>
</tbody></table>
${thresholds ? `<h2>Thresholds</h2><table><thead><tr><th></th><th>threshold</th><th>measured</th></tr></thead><tbody>${thresholds}</tbody></table>` : ''}
<h2>Over time</h2>
<div class="charts">
${lineChart('Requests per second', t, [{ label: 'req/s', color: '#0969da', values: series.map((s) => s.rps) }], count)}
${lineChart(
  'Latency',
  t,
  [
    { label: 'p50', color: '#1a7f37', values: series.map((s) => s.p50) },
    { label: 'p95', color: '#bf8700', values: series.map((s) => s.p95) },
    { label: 'p99', color: '#cf222e', values: series.map((s) => s.p99) },
  ],
  ms,
)}
${lineChart('Virtual users', t, [{ label: 'VUs', color: '#8250df', values: series.map((s) => s.vus) }], (v) => v.toFixed(0))}
${lineChart(
  'Errors and failed checks per second',
  t,
  [
    { label: 'failed requests', color: '#cf222e', values: series.map((s) => s.failed) },
    { label: 'failed checks', color: '#bf8700', values: series.map((s) => s.checksFailed) },
  ],
  count,
)}
</div>
<h2>Requests</h2>
<table><thead><tr><th>request</th><th>count</th><th>failed</th><th>checks</th><th>avg</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody>${rows}</tbody></table>
${errors ? `<h2>Errors</h2><table><thead><tr><th>count</th><th>error</th></tr></thead><tbody>${errors}</tbody></table>` : ''}
</body></html>
`;
}
