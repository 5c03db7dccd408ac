/**
 * Files picked for multipart/binary bodies live in memory (a File cannot be persisted), referenced from the
 * request by an `upload:` token in `src`. On send they travel as multipart parts next to the request JSON.
 */
const files = new Map<string, File>();

export function registerUpload(file: File): string {
  const token = `upload:${Math.random().toString(36).slice(2, 10)}/${file.name}`;
  files.set(token, file);
  return token;
}

export function getUpload(token: string): File | undefined {
  return files.get(token);
}

export function uploadName(src: string | undefined): string {
  if (!src) {
    return '';
  }
  return src.startsWith('upload:') ? src.slice(src.indexOf('/') + 1) : src;
}

/** Upload tokens used by a request body. */
export function uploadsIn(body: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('upload:')) {
      out.push(v);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === 'object' && v !== null) {
      Object.values(v).forEach(visit);
    }
  };
  visit(body);
  return out;
}
