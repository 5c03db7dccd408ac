// The request body of a Postman item (raw with its language, urlencoded, form data, file, GraphQL).
import type { TBody, TFormField, TKeyValue, TRawLanguage } from '../../schema';
import {
  type Ctx,
  description,
  expectObject,
  isObject,
  type JsonObject,
  looseText,
  optionalArray,
  readKeyValues,
  text,
} from './read';

const rawLanguages: readonly TRawLanguage[] = ['json', 'text', 'xml', 'html', 'javascript'];

function rawLanguage(body: JsonObject, headers: TKeyValue[]): TRawLanguage {
  const options = isObject(body.options) && isObject(body.options.raw) ? body.options.raw : {};
  const lang = typeof options.language === 'string' ? options.language : '';
  const known = rawLanguages.find((l) => l === lang);
  if (known) {
    return known;
  }
  const ct =
    headers.find((h) => h.enabled && h.key.toLowerCase() === 'content-type')?.value.toLowerCase() ?? '';
  if (ct.includes('json')) {
    return 'json';
  }
  if (ct.includes('xml')) {
    return 'xml';
  }
  if (ct.includes('html')) {
    return 'html';
  }
  if (ct.includes('javascript')) {
    return 'javascript';
  }
  return 'text';
}

export function readBody(value: unknown, path: string, ctx: Ctx, headers: TKeyValue[]): TBody {
  if (value === undefined || value === null) {
    return { mode: 'none' };
  }
  const body = expectObject(value, path);
  if (body.disabled === true) {
    ctx.warnings.push(`${path}: disabled body dropped`);
    return { mode: 'none' };
  }
  const mode = text(body.mode, `${path}.mode`);
  switch (mode) {
    case '':
      return { mode: 'none' };
    case 'raw':
      return { mode: 'raw', raw: text(body.raw, `${path}.raw`), language: rawLanguage(body, headers) };
    case 'urlencoded':
      return { mode: 'urlencoded', urlencoded: readKeyValues(body.urlencoded, `${path}.urlencoded`) };
    case 'formdata':
      return { mode: 'formdata', formdata: readFormData(body.formdata, `${path}.formdata`, ctx) };
    case 'file': {
      const file = body.file === undefined ? {} : expectObject(body.file, `${path}.file`);
      if (typeof file.content === 'string' && file.src === undefined) {
        // Inline file content is a raw body in all but name.
        return { mode: 'raw', raw: file.content, language: 'text' };
      }
      return { mode: 'binary', file: { src: text(file.src, `${path}.file.src`) } };
    }
    case 'graphql': {
      const gql = body.graphql === undefined ? {} : expectObject(body.graphql, `${path}.graphql`);
      const variables = gql.variables;
      return {
        mode: 'graphql',
        graphql: {
          query: text(gql.query, `${path}.graphql.query`),
          variables: typeof variables === 'string' ? variables : looseText(variables),
        },
      };
    }
    default:
      ctx.warnings.push(`${path}.mode: body mode '${mode}' not supported, body dropped`);
      return { mode: 'none' };
  }
}

function readFormData(value: unknown, path: string, ctx: Ctx): TFormField[] {
  const out: TFormField[] = [];
  optionalArray(value, path).forEach((raw, i) => {
    const p = `${path}[${i}]`;
    const row = expectObject(raw, p);
    const isFile = row.type === 'file';
    const field: TFormField = {
      key: text(row.key, `${p}.key`),
      type: isFile ? 'file' : 'text',
      value: isFile ? '' : looseText(row.value),
      enabled: row.disabled !== true,
    };
    if (isFile) {
      let src = row.src;
      if (Array.isArray(src)) {
        if (src.length > 1) {
          ctx.warnings.push(`${p}.src: only the first of ${src.length} files kept`);
        }
        src = src[0];
      }
      field.src = looseText(src);
    }
    if (typeof row.contentType === 'string' && row.contentType !== '') {
      field.contentType = row.contentType;
    }
    const desc = description(row.description, `${p}.description`);
    if (desc) {
      field.description = desc;
    }
    out.push(field);
  });
  return out;
}
