import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createSelfTargetApp, type TestApp, type TestUser } from '../src/test';

// OpenTelemetry and Sentry, each opt-in, against loopback receivers this test starts: an OTLP/HTTP collector
// (the exporter posts OTLP JSON to /v1/traces) and a Sentry DSN endpoint (envelopes at /api/<project>/envelope/).

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

const spans: OtlpSpan[] = [];
const services = new Set<string>();
const envelopes: string[] = [];
let collector: Server;
let sentry: Server;
let t: TestApp & { base: string };
let owner: TestUser;

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) {
    chunks.push(c as Buffer);
  }
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : Object.values(v)[0];
};

beforeAll(async () => {
  collector = createServer(async (req, res) => {
    const text = (await body(req)).toString('utf8');
    if (req.method === 'POST' && req.url === '/v1/traces') {
      expect(req.headers['content-type']).toMatch(/application\/json/);
      expect(req.headers['x-collector-key']).toBe('k1');
      const payload = JSON.parse(text) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: OtlpSpan[] }[];
        }[];
      };
      for (const rs of payload.resourceSpans) {
        services.add(rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '');
        for (const ss of rs.scopeSpans) {
          spans.push(...ss.spans);
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  sentry = createServer(async (req, res) => {
    const text = (await body(req)).toString('utf8');
    if (req.method === 'POST' && req.url?.startsWith('/api/42/envelope/')) {
      envelopes.push(text);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const [otlpPort, sentryPort] = [await listen(collector), await listen(sentry)];
  t = await createSelfTargetApp({
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k1',
      SENTRY_DSN: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${sentryPort}/42`,
    },
  });
  owner = await buildUser(t);
});
afterAll(async () => {
  await t.close();
  collector.close();
  sentry.close();
});

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    await t.ctx.tracing?.flush();
    const found = probe();
    if (found !== undefined) {
      return found;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never received ${what}`);
}

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('exports HTTP spans that continue the caller’s traceparent, with database spans inside', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { ...owner.headers, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.statusCode).toBe(200);
    const http = await until('the HTTP span', () =>
      spans.find((s) => s.name === 'GET /api/auth/me' && s.traceId === traceId),
    );
    expect(http.parentSpanId).toBe('00f067aa0ba902b7');
    expect(attr(http, 'http.response.status_code')).toBe(200);
    expect(attr(http, 'http.route')).toBe('/api/auth/me');
    const db = await until('a database span of that request', () =>
      spans.find((s) => s.name.startsWith('db ') && s.parentSpanId === http.spanId),
    );
    expect(attr(db, 'db.query.text')).toMatch(/select/i);
    expect(services).toContain('apiplay-server');
  });

  it('exports execution and job spans: a Send, and a run with its steps', async () => {
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers: owner.headers,
      payload: {
        workspaceId: owner.personalWorkspaceId,
        request: { v: 1, id: 'x', method: 'POST', url: `${t.base}/echo/post?token=never-in-a-span` },
      },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const execution = await until('the execution span', () =>
      spans.find((s) => s.name === 'execute request'),
    );
    expect(attr(execution, 'http.request.method')).toBe('POST');
    expect(attr(execution, 'http.response.status_code')).toBe(200);
    const collection = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${owner.personalWorkspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'Traced',
        items: [1, 2].map((n) => ({
          type: 'request',
          id: `r${n}`,
          name: `s${n}`,
          url: `${t.base}/echo/get?n=${n}`,
        })),
      },
    });
    const run = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${collection.json().id}/runs`,
      headers: owner.headers,
      payload: {},
    });
    expect(run.statusCode).toBe(202);
    await t.ctx.jobs.drain();
    const job = await until('the run job span', () => spans.find((s) => s.name === 'job run'));
    const steps = await until('both run step spans', () => {
      const found = spans.filter((s) => s.name === 'run step' && s.parentSpanId === job.spanId);
      return found.length === 2 ? found : undefined;
    });
    expect(steps.map((s) => attr(s, 'apiplay.run.seq'))).toEqual([0, 1]);
    expect(spans.some((s) => s.name.startsWith('db ') && s.parentSpanId === job.spanId)).toBe(true);
    expect(JSON.stringify(spans)).not.toContain('never-in-a-span');
  });
});

describe('error reporting (SENTRY_DSN)', () => {
  it('sends an induced 500 as an envelope without the credentials of the request', async () => {
    await t.ctx.db.execute(sql`DROP TABLE api_keys`);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/api-keys?access_token=query-secret-1234&page=2',
      headers: {
        ...owner.headers,
        cookie: 'apiplay_refresh=cookie-secret-5678; theme=dark',
        'x-api-key': 'apk_headersecret9999',
        'user-agent': 'telemetry-test',
      },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    const envelope = await until('the error envelope', () =>
      envelopes.find((e) => e.includes('"exception"')),
    );
    const [header, itemHeader, item] = envelope.split('\n').map((line) => JSON.parse(line));
    expect(header.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(itemHeader.type).toBe('event');
    expect(JSON.stringify(item.exception)).toMatch(/api_keys/);
    expect(item.tags.where).toBe('http');
    expect(item.contexts.apiplay).toMatchObject({
      route: '/api/api-keys',
      headers: {
        authorization: '[Filtered]',
        cookie: '[Filtered]',
        'x-api-key': '[Filtered]',
        'user-agent': 'telemetry-test',
      },
    });
    expect(item.contexts.apiplay.url).toBe('/api/api-keys?access_token=[Filtered]&page=2');
    for (const secret of [
      owner.accessToken,
      'query-secret-1234',
      'cookie-secret-5678',
      'apk_headersecret9999',
    ]) {
      expect(envelopes.join('\n')).not.toContain(secret);
    }
  });
});
