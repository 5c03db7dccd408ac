import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeTransport, type NodeTransport } from '../node/transport';
import { RequestFormat } from '../schema';
import { executeOne } from '.';

// A target on 127.0.0.1 that redirects (307, headers and body follow) to the same port under another host name.
let server: Server;
let port = 0;
let transport: NodeTransport;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    if (req.url === '/hop') {
      res.writeHead(307, { location: `http://localhost:${port}/landed` }).end();
      return;
    }
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  transport = createNodeTransport();
});
afterAll(async () => {
  await transport.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const environment = [
  { key: 'key', value: 'allow-listed-key-1', enabled: true, secret: true, allowedHosts: ['127.0.0.1'] },
];

describe('secret host allow-list across redirects', () => {
  it('refuses the hop that would carry the secret to another host', async () => {
    seen.length = 0;
    const { execution } = await executeOne({
      request: RequestFormat.parse({
        v: 1,
        id: 'r',
        url: `http://127.0.0.1:${port}/hop`,
        headers: [{ key: 'X-Key', value: '{{key}}' }],
      }),
      environment,
      transport,
    });
    expect(execution.error?.code).toBe('SECRET_HOST_FORBIDDEN');
    expect(execution.error?.message).toContain('"key" may not be sent to localhost');
    expect(seen).toEqual([`127.0.0.1:${port} /hop`]);
  });

  it('follows the same redirect when the request carries no guarded secret', async () => {
    seen.length = 0;
    const { execution } = await executeOne({
      request: RequestFormat.parse({ v: 1, id: 'r', url: `http://127.0.0.1:${port}/hop` }),
      environment,
      transport,
    });
    expect(execution.response?.status).toBe(200);
    expect(seen).toEqual([`127.0.0.1:${port} /hop`, `localhost:${port} /landed`]);
  });
});
