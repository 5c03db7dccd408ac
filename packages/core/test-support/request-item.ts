import type { TRequestItem } from '../src/schema';

/** A GET request item with no headers, body, auth or scripts; `extra` replaces any field. */
export function requestItem(
  id: string,
  name: string,
  url: string,
  extra: Partial<TRequestItem> = {},
): TRequestItem {
  return {
    type: 'request',
    id,
    name,
    description: '',
    method: 'GET',
    url,
    headers: [],
    body: { mode: 'none' },
    auth: { type: 'inherit' },
    scripts: { preRequest: '', test: '' },
    settings: {},
    ...extra,
  };
}
