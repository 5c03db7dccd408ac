import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './spawn-cli';

let dir = '';

const openapi = `openapi: 3.0.0
info:
  title: Pets
  version: "1"
servers:
  - url: https://pets.example.com
paths:
  /pets:
    get:
      summary: List pets
      parameters:
        - { name: limit, in: query, required: true, schema: { type: integer, default: 10 } }
      responses:
        "200": { description: ok }
    post:
      summary: Create pet
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { name: { type: string, example: Rex } } }
      responses:
        "201": { description: created }
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'apiplay-cli-import-'));
  writeFileSync(join(dir, 'pets.yaml'), openapi);
  writeFileSync(join(dir, 'bad.json'), '{\n  "openapi": "3.0.0",\n  "paths": {\n');
  writeFileSync(join(dir, 'cmds.sh'), "curl https://a.test/x -H 'X-A: 1'\ncurl -X DELETE https://a.test/y\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('apiplay import / export / codegen', () => {
  it('imports OpenAPI YAML to a collection file', async () => {
    const r = await runCli(['import', 'pets.yaml', '-o', 'pets.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'pets.json'), 'utf8'));
    expect(doc.v).toBe(1);
    expect(doc.name).toBe('Pets');
    expect(doc.items.map((i: { name: string }) => i.name)).toEqual(['List pets', 'Create pet']);
  });

  it('imports curl commands to stdout with --format', async () => {
    const r = await runCli(['import', 'cmds.sh', '--format', 'curl'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.items.map((i: { method: string }) => i.method)).toEqual(['GET', 'DELETE']);
  });

  it('exits 2 naming line and column for a malformed file', async () => {
    const r = await runCli(['import', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line \d+, column \d+/);
  });

  it('exports OpenAPI and curl', async () => {
    await runCli(['import', 'pets.yaml', '-o', 'pets.json'], { cwd: dir });
    const oas = await runCli(['export', 'pets.json', '--format', 'openapi'], { cwd: dir });
    expect(oas.code, oas.stderr).toBe(0);
    expect(Object.keys(JSON.parse(oas.stdout).paths['/pets']).sort()).toEqual(['get', 'post']);
    const curl = await runCli(['export', 'pets.json', '--format', 'curl', '-o', 'pets.sh'], { cwd: dir });
    expect(curl.code, curl.stderr).toBe(0);
    expect(readFileSync(join(dir, 'pets.sh'), 'utf8')).toContain(
      "--url 'https://pets.example.com/pets?limit=10'",
    );
  });

  it('generates code for one request by name', async () => {
    await runCli(['import', 'pets.yaml', '-o', 'pets.json'], { cwd: dir });
    const r = await runCli(
      ['codegen', 'pets.json', '--request', 'Create pet', '--target', 'python-http-client'],
      {
        cwd: dir,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('http.client.HTTPSConnection("pets.example.com")');
    expect(r.stdout).toContain('Rex');
    const missing = await runCli(['codegen', 'pets.json', '--request', 'Nope'], { cwd: dir });
    expect(missing.code).toBe(2);
    const list = await runCli(['codegen', '--list-targets'], { cwd: dir });
    expect(list.stdout.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThanOrEqual(15);
  });
});
