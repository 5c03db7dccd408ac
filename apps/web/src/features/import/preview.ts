export interface ImportPreview {
  format: string;
  name: string;
  requests: number;
  folders: number;
  /** Request names, the first few, to show in the preview. */
  sample: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function countPostman(items: unknown, out: ImportPreview) {
  if (!Array.isArray(items)) {
    return;
  }
  for (const it of items) {
    if (!isRecord(it)) {
      continue;
    }
    if (Array.isArray(it.item)) {
      out.folders++;
      countPostman(it.item, out);
    } else {
      out.requests++;
      if (out.sample.length < 8) {
        out.sample.push(String(it.name ?? 'request'));
      }
    }
  }
}

/** A quick look at what an import would create, before sending it to the server (which does the real work). */
export function previewImport(text: string): ImportPreview | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { error: 'Nothing to import' };
  }
  if (/^curl\s/i.test(trimmed)) {
    const url = trimmed.match(/https?:\/\/[^\s'"]+/)?.[0] ?? '';
    return { format: 'cURL', name: url || 'cURL command', requests: 1, folders: 0, sample: [url] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    if (/^(openapi|swagger)\s*:/m.test(trimmed)) {
      const title = trimmed.match(/^\s*title:\s*(.+)$/m)?.[1]?.trim() ?? 'API';
      const paths = (trimmed.match(/^ {2}\/[^\s:]*:/gm) ?? []).length;
      return { format: 'OpenAPI (YAML)', name: title, requests: paths, folders: 0, sample: [] };
    }
    return { error: 'Not JSON, YAML OpenAPI or a cURL command' };
  }
  if (!isRecord(doc)) {
    return { error: 'Expected a JSON object' };
  }
  const out: ImportPreview = { format: 'unknown', name: 'Import', requests: 0, folders: 0, sample: [] };
  if (isRecord(doc.info) && Array.isArray(doc.item)) {
    out.format = String(doc.info.schema ?? '').includes('v2.0') ? 'Postman v2.0' : 'Postman v2.1';
    out.name = String(doc.info.name ?? 'Collection');
    countPostman(doc.item, out);
    return out;
  }
  if (Array.isArray(doc.values) && typeof doc.name === 'string') {
    return {
      format: 'Postman environment',
      name: doc.name,
      requests: 0,
      folders: 0,
      sample: [`${doc.values.length} variables`],
    };
  }
  if (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') {
    out.format = doc.openapi ? `OpenAPI ${doc.openapi}` : `Swagger ${doc.swagger}`;
    out.name = isRecord(doc.info) ? String(doc.info.title ?? 'API') : 'API';
    if (isRecord(doc.paths)) {
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (isRecord(ops)) {
          for (const m of Object.keys(ops)) {
            if (['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(m)) {
              out.requests++;
              if (out.sample.length < 8) {
                out.sample.push(`${m.toUpperCase()} ${path}`);
              }
            }
          }
        }
      }
    }
    return out;
  }
  if (doc._type === 'export' && Array.isArray(doc.resources)) {
    out.format = 'Insomnia v4';
    for (const r of doc.resources) {
      if (isRecord(r) && r._type === 'request') {
        out.requests++;
        if (out.sample.length < 8) {
          out.sample.push(String(r.name ?? 'request'));
        }
      } else if (isRecord(r) && r._type === 'request_group') {
        out.folders++;
      }
    }
    return out;
  }
  if (isRecord(doc.log) && Array.isArray(doc.log.entries)) {
    out.format = 'HAR';
    out.name = 'HAR import';
    out.requests = doc.log.entries.length;
    return out;
  }
  return { error: 'Unrecognised format (Postman, OpenAPI/Swagger, Insomnia, HAR or cURL expected)' };
}
