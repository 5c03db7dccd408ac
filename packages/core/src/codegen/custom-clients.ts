import type { PreparedRequest } from '../http/types';

/**
 * Two clients the httpsnippet family lacks in the form we need: Python's standard-library `http.client`
 * (@readme/httpsnippet dropped it) and Node's built-in `fetch` (its `node/fetch` client still requires the
 * `node-fetch` and `form-data` packages). Both write from the prepared request, so they send exactly it.
 */

const py = (s: string): string => JSON.stringify(s);
const js = (s: string): string => JSON.stringify(s);

function splitUrl(url: string): { https: boolean; host: string; port: string; path: string } {
  try {
    const u = new URL(url);
    return {
      https: u.protocol === 'https:',
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port,
      path: `${u.pathname}${u.search}` || '/',
    };
  } catch {
    return { https: false, host: url, port: '', path: '/' };
  }
}

export function pythonHttpClient(req: PreparedRequest): string {
  const { https, host, port, path } = splitUrl(req.url);
  const lines: string[] = ['import http.client'];
  const body = req.body;
  if (body?.kind === 'urlencoded') {
    lines.push('import urllib.parse');
  }
  if (body?.kind === 'multipart') {
    lines.push('import uuid');
  }
  lines.push('');
  const conn = https ? 'http.client.HTTPSConnection' : 'http.client.HTTPConnection';
  lines.push(`conn = ${conn}(${py(host)}${port ? `, ${port}` : ''})`);
  lines.push('');
  const headers = req.headers.filter(
    (h) => !(body?.kind === 'multipart' && h.key.toLowerCase() === 'content-type'),
  );
  lines.push('headers = [');
  for (const h of headers) {
    lines.push(`    (${py(h.key)}, ${py(h.value)}),`);
  }
  lines.push(']');
  let bodyExpr = 'None';
  if (body?.kind === 'text') {
    lines.push(`payload = ${py(body.text)}.encode("utf-8")`);
    bodyExpr = 'payload';
  } else if (body?.kind === 'bytes') {
    lines.push(`payload = ${py(new TextDecoder().decode(body.bytes))}.encode("utf-8")`);
    bodyExpr = 'payload';
  } else if (body?.kind === 'urlencoded') {
    const pairs = body.fields.map((f) => `(${py(f.key)}, ${py(f.value)})`).join(', ');
    lines.push(`payload = urllib.parse.urlencode([${pairs}])`);
    bodyExpr = 'payload';
  } else if (body?.kind === 'file') {
    lines.push(`with open(${py(body.path)}, "rb") as f:`, '    payload = f.read()');
    bodyExpr = 'payload';
  } else if (body?.kind === 'multipart') {
    lines.push('boundary = uuid.uuid4().hex', 'parts = []');
    for (const p of body.parts) {
      if (p.kind === 'file') {
        const filename = p.filename ?? p.path.split(/[\\/]/).pop() ?? p.path;
        lines.push(
          `with open(${py(p.path)}, "rb") as f:`,
          `    parts.append((${py(p.name)}, ${py(filename)}, ${py(p.contentType ?? 'application/octet-stream')}, f.read()))`,
        );
      } else {
        lines.push(`parts.append((${py(p.name)}, None, None, ${py(p.value)}.encode("utf-8")))`);
      }
    }
    lines.push(
      'payload = b""',
      'for name, filename, content_type, data in parts:',
      '    payload += ("--" + boundary + "\\r\\n").encode()',
      "    disposition = 'form-data; name=\"' + name + '\"'",
      '    if filename is not None:',
      "        disposition += '; filename=\"' + filename + '\"'",
      '    payload += ("Content-Disposition: " + disposition + "\\r\\n").encode()',
      '    if content_type is not None:',
      '        payload += ("Content-Type: " + content_type + "\\r\\n").encode()',
      '    payload += b"\\r\\n" + data + b"\\r\\n"',
      'payload += ("--" + boundary + "--\\r\\n").encode()',
      'headers.append(("Content-Type", "multipart/form-data; boundary=" + boundary))',
    );
    bodyExpr = 'payload';
  }
  lines.push(
    '',
    `conn.request(${py(req.method)}, ${py(path)}, body=${bodyExpr}, headers=dict(headers))`,
    'res = conn.getresponse()',
    'print(res.status, res.reason)',
    'print(res.read().decode("utf-8"))',
  );
  return lines.join('\n');
}

export function nodeFetch(req: PreparedRequest): string {
  const body = req.body;
  const lines: string[] = [];
  const needsFs =
    body?.kind === 'file' || (body?.kind === 'multipart' && body.parts.some((p) => p.kind === 'file'));
  if (needsFs) {
    lines.push("const { readFile } = require('node:fs/promises');", '');
  }
  lines.push('async function main() {');
  const headers = req.headers.filter(
    (h) => !(body?.kind === 'multipart' && h.key.toLowerCase() === 'content-type'),
  );
  lines.push('  const headers = new Headers();');
  for (const h of headers) {
    lines.push(`  headers.append(${js(h.key)}, ${js(h.value)});`);
  }
  let bodyExpr: string | undefined;
  if (body?.kind === 'text') {
    bodyExpr = js(body.text);
  } else if (body?.kind === 'bytes') {
    bodyExpr = js(new TextDecoder().decode(body.bytes));
  } else if (body?.kind === 'urlencoded') {
    lines.push('  const body = new URLSearchParams();');
    for (const f of body.fields) {
      lines.push(`  body.append(${js(f.key)}, ${js(f.value)});`);
    }
    bodyExpr = 'body';
  } else if (body?.kind === 'file') {
    bodyExpr = `await readFile(${js(body.path)})`;
  } else if (body?.kind === 'multipart') {
    lines.push('  const body = new FormData();');
    for (const p of body.parts) {
      if (p.kind === 'file') {
        const filename = p.filename ?? p.path.split(/[\\/]/).pop() ?? p.path;
        const type = p.contentType ? `, { type: ${js(p.contentType)} }` : '';
        lines.push(
          `  body.append(${js(p.name)}, new Blob([await readFile(${js(p.path)})]${type}), ${js(filename)});`,
        );
      } else {
        lines.push(`  body.append(${js(p.name)}, ${js(p.value)});`);
      }
    }
    bodyExpr = 'body';
  }
  lines.push(
    `  const response = await fetch(${js(req.url)}, {`,
    `    method: ${js(req.method)},`,
    '    headers,',
    ...(bodyExpr ? [`    body: ${bodyExpr},`] : []),
    '  });',
    '  console.log(response.status, response.statusText);',
    '  console.log(await response.text());',
    '}',
    '',
    'main().catch((error) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
  );
  return lines.join('\n');
}

/** POSIX shell single-quoting. */
function sh(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * curl is the snippet people paste most, so it must be exact; the library's curl client decodes the query string
 * (a space becomes a literal space), passes form values to --data unencoded and re-indents JSON bodies.
 */
export function shellCurl(req: PreparedRequest): string {
  const args: string[] = [];
  if (req.method === 'HEAD') {
    args.push('--head');
  } else if (req.method !== 'GET' || req.body) {
    args.push(`--request ${req.method}`);
  }
  if (/[[\]{}]/.test(req.url)) {
    args.push('--globoff');
  }
  args.push(`--url ${sh(req.url)}`);
  const body = req.body;
  for (const h of req.headers) {
    if (body?.kind === 'multipart' && h.key.toLowerCase() === 'content-type') {
      continue;
    }
    args.push(`--header ${sh(`${h.key}: ${h.value}`)}`);
  }
  if (body?.kind === 'text') {
    args.push(`--data-raw ${sh(body.text)}`);
  } else if (body?.kind === 'bytes') {
    args.push(`--data-raw ${sh(new TextDecoder().decode(body.bytes))}`);
  } else if (body?.kind === 'urlencoded') {
    args.push(
      `--data-raw ${sh(new URLSearchParams(body.fields.map((f): [string, string] => [f.key, f.value])).toString())}`,
    );
  } else if (body?.kind === 'file') {
    args.push(`--data-binary ${sh(`@${body.path}`)}`);
  } else if (body?.kind === 'multipart') {
    for (const p of body.parts) {
      if (p.kind === 'file') {
        const quoted = /[;,"]/.test(p.path) ? `"${p.path.replace(/["\\]/g, '\\$&')}"` : p.path;
        const extra = `${p.filename ? `;filename=${p.filename}` : ''}${p.contentType ? `;type=${p.contentType}` : ''}`;
        args.push(`--form ${sh(`${p.name}=@${quoted}${extra}`)}`);
      } else {
        // --form-string never reads a leading @ or < as a file reference.
        args.push(`--form-string ${sh(`${p.name}=${p.value}`)}`);
      }
    }
  }
  return `curl ${args.join(' \\\n  ')}`;
}
