import type { TKeyValue } from '@apiplay/core';
import { useId } from 'react';

export interface KeyValueTableProps {
  rows: TKeyValue[];
  onChange: (rows: TKeyValue[]) => void;
  label: string;
  readOnly?: boolean;
  keySuggestions?: string[];
  valueSuggestions?: Record<string, string[]>;
  keyPlaceholder?: string;
}

const cell =
  'w-full bg-transparent px-1 py-0.5 font-mono outline-none focus:bg-orange-50 dark:focus:bg-zinc-800';

/** Editable key/value rows with an always-present empty last row; datalist suggestions for keys and values. */
export function KeyValueTable({
  rows,
  onChange,
  label,
  readOnly,
  keySuggestions,
  valueSuggestions,
  keyPlaceholder = 'Key',
}: KeyValueTableProps) {
  const id = useId();
  const all = readOnly ? rows : [...rows, { key: '', value: '', enabled: true }];
  const set = (i: number, patch: Partial<TKeyValue>) => {
    const next = [...rows];
    const current = next[i] ?? { key: '', value: '', enabled: true };
    next[i] = { ...current, ...patch };
    onChange(next);
  };
  return (
    <table className="w-full border-collapse text-sm" aria-label={label}>
      <thead>
        <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
          <th className="w-8 font-normal">
            <span className="sr-only">Enabled</span>
          </th>
          <th className="font-normal">{keyPlaceholder}</th>
          <th className="font-normal">Value</th>
          <th className="w-8 font-normal">
            <span className="sr-only">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {all.map((row, i) => {
          const isNew = i === rows.length;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
            <tr key={i} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="text-center">
                {isNew ? null : (
                  <input
                    type="checkbox"
                    aria-label={`Enable ${row.key || `row ${i + 1}`}`}
                    checked={row.enabled}
                    disabled={readOnly}
                    onChange={(e) => set(i, { enabled: e.target.checked })}
                  />
                )}
              </td>
              <td className="border-l border-zinc-200 dark:border-zinc-800">
                <input
                  className={cell}
                  aria-label={`${label} ${keyPlaceholder.toLowerCase()} ${i + 1}`}
                  placeholder={keyPlaceholder}
                  value={row.key}
                  readOnly={readOnly}
                  list={keySuggestions ? `${id}-keys` : undefined}
                  onChange={(e) => set(i, { key: e.target.value })}
                />
              </td>
              <td className="border-l border-zinc-200 dark:border-zinc-800">
                <input
                  className={cell}
                  aria-label={`${label} value ${i + 1}`}
                  placeholder="Value"
                  value={row.value}
                  readOnly={readOnly}
                  list={
                    valueSuggestions?.[row.key.toLowerCase()] ? `${id}-v-${row.key.toLowerCase()}` : undefined
                  }
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              </td>
              <td className="text-center">
                {isNew || readOnly ? null : (
                  <button
                    type="button"
                    aria-label={`Remove ${row.key || `row ${i + 1}`}`}
                    className="px-1 text-zinc-500 dark:text-zinc-400 hover:text-red-600"
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
      {keySuggestions ? (
        <datalist id={`${id}-keys`}>
          {keySuggestions.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
      ) : null}
      {valueSuggestions
        ? Object.entries(valueSuggestions).map(([k, values]) => (
            <datalist key={k} id={`${id}-v-${k}`}>
              {values.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          ))
        : null}
    </table>
  );
}

export const headerSuggestions = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Authorization',
  'Cache-Control',
  'Content-Type',
  'Cookie',
  'If-None-Match',
  'If-Modified-Since',
  'Origin',
  'Referer',
  'User-Agent',
  'X-API-Key',
  'X-Request-ID',
  'X-Forwarded-For',
];

export const headerValueSuggestions: Record<string, string[]> = {
  'content-type': [
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'text/plain',
    'application/xml',
    'text/html',
    'application/octet-stream',
  ],
  accept: ['application/json', '*/*', 'text/html', 'application/xml'],
  'cache-control': ['no-cache', 'no-store', 'max-age=0'],
  'accept-encoding': ['gzip, deflate, br', 'identity'],
};
