// Test-only helpers for proving generated code by running it: shared by core's codegen test and the server's
// codegen-against-echo test (which imports this file by relative path; it is not part of the package's exports).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeTransport } from '../src/node/transport';
import { type PreparableRequest, type PrepareResult, prepareRequest } from '../src/prepare/prepare-request';
import type { TAuth, TBody, TKeyValue, TResponseResult } from '../src/schema';
import type { VariableScopes } from '../src/variables/variable-scopes';

/** One request the tests generate code for; `path` is appended to the echo server's base URL. */
export interface CodegenCase {
  name: string;
  method: string;
  path: string;
  headers?: TKeyValue[];
  body?: TBody;
  auth?: TAuth;
}

/** A codegen target whose snippet can run on this machine: written as `snippet-<id>.<ext>`, run with `cmd`. */
export interface SnippetTarget {
  id: string;
  ext: string;
  cmd: string;
  skip: boolean;
}

/** The runnable targets; python-requests is skipped where python3 cannot import requests. */
export async function snippetTargets(): Promise<SnippetTarget[]> {
  const hasRequests = await new Promise<boolean>((resolve) => {
    execFile('python3', ['-c', 'import requests'], (error) => resolve(!error));
  });
  return [
    { id: 'shell-curl', ext: 'sh', cmd: 'bash', skip: false },
    { id: 'node-fetch', ext: 'cjs', cmd: process.execPath, skip: false },
    { id: 'python-http-client', ext: 'py', cmd: 'python3', skip: false },
    { id: 'python-requests', ext: 'py', cmd: 'python3', skip: !hasRequests },
  ];
}

export function caseRequest(c: CodegenCase, base: string): PreparableRequest {
  return {
    method: c.method,
    url: `${base}${c.path}`,
    headers: c.headers ?? [],
    body: c.body ?? { mode: 'none' },
    auth: c.auth ?? { type: 'none' },
  };
}

/** Send the request with the engine's own transport (files resolve from `dir`), as the reference. */
export async function sendWithEngine(
  request: PreparableRequest,
  scopes: VariableScopes,
  dir: string,
): Promise<{ prepared: PrepareResult['prepared']; response: TResponseResult }> {
  const { prepared } = prepareRequest(request, [], scopes);
  const transport = createNodeTransport({ cwd: dir });
  const response = await transport.send(prepared, { timeoutMs: 10_000 });
  await transport.close?.();
  return { prepared, response };
}

/** Write the snippet into `dir` and run it there; resolves with its stdout, rejects with its stderr. */
export function runSnippet(dir: string, target: SnippetTarget, code: string): Promise<string> {
  const file = join(dir, `snippet-${target.id}.${target.ext}`);
  writeFileSync(file, code);
  return new Promise((resolve, reject) => {
    execFile(target.cmd, [file], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${target.cmd} failed: ${error.message}\n${stderr}`));
      } else {
        resolve(stdout);
      }
    });
  });
}
