import type { TRequest, TRequestItem } from '@apiplay/core';

/** A tree request item as a standalone request document. */
export function itemToRequest(item: TRequestItem): TRequest {
  const { type: _type, ...rest } = item;
  return { ...rest, v: 1 };
}

export const methodColor: Record<string, string> = {
  GET: 'text-green-700 dark:text-green-400',
  POST: 'text-amber-700 dark:text-amber-400',
  PUT: 'text-blue-700 dark:text-blue-400',
  PATCH: 'text-purple-700 dark:text-purple-400',
  DELETE: 'text-red-700 dark:text-red-400',
  HEAD: 'text-teal-700 dark:text-teal-400',
  OPTIONS: 'text-pink-700 dark:text-pink-400',
};
