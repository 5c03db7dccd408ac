// Per-request cost of prepareRequest + the Node transport vs a bare undici keep-alive loop (the floor), against a
// loopback echo server in a child process. Alternates A/B, 5 rounds, prints medians and the difference.
// Run: npx tsx bench/engine/transport-overhead.ts [requests=1000] [rounds=5]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { prepareRequest, VariableScopes } from '@apiplay/core';
import { createNodeTransport } from '@apiplay/core/node';
import { Agent } from 'undici';

const N = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);

const serverCode = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('LISTENING ' + s.address().port));
`;

async function startServer(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /LISTENING (\d+)/.exec(d.toString());
      if (m) {
        resolve(Number(m[1]));
      }
    });
  });
  return { port, stop: () => child.kill() };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const { port, stop } = await startServer();
  const origin = `http://127.0.0.1:${port}`;
  const agent = new Agent();
  const transport = createNodeTransport();
  const scopes = new VariableScopes({ environment: { baseUrl: origin, tenant: 'acme', apiKey: 'k-123' } });
  const item = {
    method: 'POST',
    url: '{{baseUrl}}/items?tenant={{tenant}}',
    headers: [{ key: 'X-Api-Key', value: '{{apiKey}}', enabled: true }],
    body: { mode: 'raw' as const, raw: '{"tenant":"{{tenant}}","n":1}', language: 'json' as const },
    auth: { type: 'inherit' as const },
  };

  const floor = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const res = await agent.request({
        origin,
        path: '/items?tenant=acme',
        method: 'POST',
        headers: { 'x-api-key': 'k-123', 'content-type': 'application/json' },
        body: '{"tenant":"acme","n":1}',
      });
      await res.body.text();
    }
    return (performance.now() - t0) / N;
  };
  const engine = async (): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const { prepared } = prepareRequest(item, [], scopes);
      const res = await transport.send(prepared);
      if (res.status !== 200) {
        throw new Error(`status ${res.status}`);
      }
    }
    return (performance.now() - t0) / N;
  };

  await floor();
  await engine();
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(await floor());
    b.push(await engine());
  }
  const ma = median(a);
  const mb = median(b);
  console.log(`requests per round: ${N}, rounds: ${ROUNDS} (medians, ms per request)`);
  console.log('| loop | ms/request |');
  console.log('|---|---|');
  console.log(`| floor: bare undici Agent.request | ${ma.toFixed(3)} |`);
  console.log(`| prepareRequest + NodeTransport.send | ${mb.toFixed(3)} |`);
  console.log(`| added by the engine | ${(mb - ma).toFixed(3)} (ratio ${(mb / ma).toFixed(2)}×) |`);
  await transport.close();
  await agent.close();
  stop();
}

void main();
