// Child process for compare.mjs: autocannon against the echo server, the same requests cycled per connection.
//   node autocannon-child.mjs <requests.json> <connections> <seconds>  → prints one JSON line { requests, rps, p50, p99 }
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [file, connections, seconds] = process.argv.slice(2);
const { url, requests } = JSON.parse(readFileSync(file, 'utf8'));
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests,
});
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / Number(seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  })}\n`,
);
