import type { TRequest, TRequestItem } from '@apiplay/core';

/** A tree request item as a standalone request document. */
export function itemToRequest(item: TRequestItem): TRequest {
  const { type: _type, ...rest } = item;
  return { ...rest, v: 1 };
}

export const methodColor: Record<string, string> = {
  GET: 'text-green-600 dark:text-green-400',
  POST: 'text-amber-600 dark:text-amber-400',
  PUT: 'text-blue-600 dark:text-blue-400',
  PATCH: 'text-purple-600 dark:text-purple-400',
  DELETE: 'text-red-600 dark:text-red-400',
  HEAD: 'text-teal-600',
  OPTIONS: 'text-pink-600',
};
