import type { TRequest } from '@apiplay/core';
import { newId } from './ids';

/** A new, empty request. */
export function blankRequest(overrides: Partial<TRequest> = {}): TRequest {
  return {
    v: 1,
    id: newId('req_'),
    name: 'Untitled request',
    description: '',
    method: 'GET',
    url: '',
    headers: [],
    body: { mode: 'none' },
    auth: { type: 'inherit' },
    scripts: { preRequest: '', test: '' },
    settings: {},
    ...overrides,
  };
}
