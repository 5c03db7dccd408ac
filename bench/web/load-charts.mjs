#!/usr/bin/env node
// Live load charts stay smooth (issue 17, item 4): the Load page receives one `load.progress` update per second
// for a collection of 200 requests (five uPlot charts + the 200-row table) while Chromium records long tasks
// (PerformanceObserver 'longtask', > 50 ms on the main thread) and frame times (requestAnimationFrame deltas).
// A real server on embedded PGlite runs the load against its own /echo. Usage:
//   node bench/web/load-charts.mjs [--no-build] [--seconds 20]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const REQUESTS = 200;
const PASSWORD = 'Sturdy-Passw0rd!';
const at = process.argv.indexOf('--seconds');
const SECONDS = at > 0 ? Number(process.argv[at + 1]) : 20;

if (!existsSync(CHROMIUM)) {
  console.error(`bench/web: ${CHROMIUM} not found (apt-get install -y chromium)`);
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function api(baseUrl, token, method, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  }
  return json;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};

async function main() {
  if (!process.argv.includes('--no-build')) {
    execFileSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'ignore' });
    execFileSync('npm', ['run', 'build', '-w', 'apps/server'], { cwd: root, stdio: 'ignore' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'apiplay-bench-load-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: join(root, 'apps/web/dist'),
      AUTH_RATE_LIMIT_PER_IP: '10000',
    },
    stdio: 'ignore',
  });
  let browser;
  try {
    for (let i = 0; i < 400; i++) {
      if (
        await fetch(`${baseUrl}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      ) {
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    const email = `bench-${Date.now()}@example.com`;
    const reg = await api(baseUrl, '', 'POST', '/api/auth/register', {
      email,
      password: PASSWORD,
      name: 'Bench',
    });
    const ws = (await api(baseUrl, reg.accessToken, 'GET', '/api/workspaces')).items[0];
    await api(baseUrl, reg.accessToken, 'POST', `/api/workspaces/${ws.id}/collections`, {
      name: `${REQUESTS} requests`,
      items: Array.from({ length: REQUESTS }, (_, i) => ({
        type: 'request',
        id: `r${i}`,
        name: `Request ${String(i).padStart(3, '0')}`,
        url: `${baseUrl}/echo/get?i=${i}`,
      })),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const ctx = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    // Sign in through the UI (the refresh token is an HttpOnly cookie, the access token lives in memory).
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/w\//);
    page.on('pageerror', (e) => console.error('page error:', e.message));
    let lastRows = 0;
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        const m = /"type":"load.progress"/.test(String(payload)) ? JSON.parse(String(payload)) : null;
        if (m) {
          lastRows = m.event.data.requests.length;
        }
      }),
    );
    await page.getByRole('link', { name: 'Load' }).click();
    await page
      .getByRole('button', { name: 'Start load test' })
      .waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        await page.screenshot({ path: join(tmpdir(), 'load-charts-bench.png') });
        throw e;
      });
    // Registration seeds a sample collection: pick ours.
    await page
      .locator('section[aria-label="Load test options"] select')
      .first()
      .selectOption({ label: `${REQUESTS} requests` });
    await page.getByLabel('Duration', { exact: true }).fill(`${SECONDS + 15}s`);
    await page.getByLabel('VUs', { exact: true }).fill('10');
    // Noise floor: the same page, idle (this machine is shared; long tasks here are not ours).
    const idle = await page.evaluate(
      async (seconds) => {
        const long = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            long.push(e.duration);
          }
        });
        observer.observe({ type: 'longtask' });
        const frames = [];
        let last = performance.now();
        const t0 = last;
        await new Promise((resolve) => {
          const tick = (now) => {
            frames.push(now - last);
            last = now;
            if (now - t0 < seconds * 1000) {
              requestAnimationFrame(tick);
            } else {
              resolve();
            }
          };
          requestAnimationFrame(tick);
        });
        observer.disconnect();
        return { long, frames };
      },
      Math.min(10, SECONDS),
    );
    await page.getByRole('button', { name: 'Start load test' }).click();
    // Wait for the first merged second to be drawn, then measure a steady window of live updates.
    await page.waitForFunction(
      () => /· \d+ s/.test(document.querySelector('[data-testid="load-status"]')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
    const measured = await page.evaluate(async (seconds) => {
      // The table is virtualized: it knows every row, renders those in view.
      const rows = () =>
        Number(document.querySelector('table[aria-label="Per-request results"]')?.dataset.rows ?? 0);
      const status = () => document.querySelector('[data-testid="load-status"]')?.textContent ?? '';
      const long = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          long.push({ start: e.startTime, duration: e.duration });
        }
      });
      observer.observe({ type: 'longtask' });
      const t0 = performance.now();
      const firstStatus = status();
      const frames = [];
      let last = performance.now();
      let updates = 0;
      let prev = status();
      await new Promise((resolve) => {
        const tick = (now) => {
          frames.push(now - last);
          last = now;
          const s = status();
          if (s !== prev) {
            updates += 1;
            prev = s;
          }
          if (now - t0 < seconds * 1000) {
            requestAnimationFrame(tick);
          } else {
            resolve();
          }
        };
        requestAnimationFrame(tick);
      });
      observer.disconnect();
      return { frames, long, updates, rows: rows(), firstStatus, lastStatus: status() };
    }, SECONDS);
    const runs = await api(baseUrl, reg.accessToken, 'GET', `/api/workspaces/${ws.id}/load-runs`);
    const live = await api(baseUrl, reg.accessToken, 'GET', `/api/load-runs/${runs.items[0].id}`);
    const sent = live.series.reduce((n, x) => n + x.requests, 0);
    await page
      .getByRole('button', { name: 'Stop' })
      .click()
      .catch(() => undefined);
    const longest = measured.long.reduce((m, e) => Math.max(m, e.duration), 0);
    const table = [
      [
        'idle page (noise floor): long tasks, frame p95',
        `${idle.long.length} in ${Math.min(10, SECONDS)} s, ${pct(idle.frames, 95).toFixed(1)} ms`,
        'info',
      ],
      ['updates received (1/s)', `${measured.updates} in ${SECONDS} s`, `≈ ${SECONDS}`],
      ['per-request rows rendered', `${measured.rows} (last update carried ${lastRows})`, String(REQUESTS)],
      ['requests sent by the load run', `${sent} in ${live.series.length} s`, '–'],
      ['long tasks (> 50 ms) while updating', String(measured.long.length), '0'],
      ['longest long task', measured.long.length ? `${longest.toFixed(0)} ms` : '–', '–'],
      [
        'frame time p50 / p95 / max',
        `${pct(measured.frames, 50).toFixed(1)} / ${pct(measured.frames, 95).toFixed(1)} / ${Math.max(...measured.frames).toFixed(1)} ms`,
        '≤ 16.7 ms p95',
      ],
    ];
    console.log(`bench/web/load-charts: ${REQUESTS} requests, 5 live uPlot charts, ${SECONDS} s window`);
    for (const [k, v, target] of table) {
      console.log(`${k.padEnd(40)} │ ${v.padEnd(28)} │ ${target}`);
    }
  } finally {
    await browser?.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
