import type { TBody, TFormField, TRawLanguage } from '@apiplay/core';
import { Select } from '../../components/ui/input';
import { BodyFilePicker } from './body-file-picker';
import { CodeEditor } from './code-editor';
import { KeyValueTable } from './key-value-table';

const modes: { id: TBody['mode']; label: string }[] = [
  { id: 'none', label: 'None' },
  { id: 'raw', label: 'Raw' },
  { id: 'urlencoded', label: 'URL-encoded' },
  { id: 'formdata', label: 'Multipart form' },
  { id: 'binary', label: 'Binary file' },
  { id: 'graphql', label: 'GraphQL' },
];

function switchMode(body: TBody, mode: TBody['mode']): TBody {
  const rawText = body.mode === 'raw' ? body.raw : '';
  switch (mode) {
    case 'none':
      return { mode };
    case 'raw':
      return { mode, raw: rawText, language: body.mode === 'raw' ? body.language : 'json' };
    case 'urlencoded':
      return { mode, urlencoded: body.mode === 'urlencoded' ? body.urlencoded : [] };
    case 'formdata':
      return { mode, formdata: body.mode === 'formdata' ? body.formdata : [] };
    case 'binary':
      return { mode, file: { src: body.mode === 'binary' ? body.file.src : '' } };
    case 'graphql':
      return { mode, graphql: body.mode === 'graphql' ? body.graphql : { query: '', variables: '' } };
    default: {
      const never: never = mode;
      return never;
    }
  }
}

function FormDataTable({
  rows,
  onChange,
  readOnly,
  workspaceId,
}: {
  rows: TFormField[];
  onChange: (rows: TFormField[]) => void;
  readOnly: boolean;
  workspaceId: string | undefined;
}) {
  const all = readOnly ? rows : [...rows, { key: '', type: 'text' as const, value: '', enabled: true }];
  const set = (i: number, patch: Partial<TFormField>) => {
    const next = [...rows];
    next[i] = { ...(next[i] ?? { key: '', type: 'text', value: '', enabled: true }), ...patch };
    onChange(next);
  };
  return (
    <table className="w-full text-sm" aria-label="Multipart fields">
      <tbody>
        {all.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
          <tr key={i} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="w-8 text-center">
              {i < rows.length ? (
                <input
                  type="checkbox"
                  aria-label={`Enable field ${i + 1}`}
                  checked={row.enabled}
                  disabled={readOnly}
                  onChange={(e) => set(i, { enabled: e.target.checked })}
                />
              ) : null}
            </td>
            <td>
              <input
                className="w-full bg-transparent px-1 font-mono"
                aria-label={`Field name ${i + 1}`}
                placeholder="Key"
                value={row.key}
                readOnly={readOnly}
                onChange={(e) => set(i, { key: e.target.value })}
              />
            </td>
            <td className="w-24">
              <Select
                aria-label={`Field type ${i + 1}`}
                value={row.type}
                disabled={readOnly}
                onChange={(e) => set(i, { type: e.target.value === 'file' ? 'file' : 'text' })}
              >
                <option value="text">Text</option>
                <option value="file">File</option>
              </Select>
            </td>
            <td>
              {row.type === 'file' ? (
                <BodyFilePicker
                  src={row.src}
                  workspaceId={workspaceId}
                  readOnly={readOnly}
                  label={`File for field ${i + 1}`}
                  onPick={(src, contentType) => set(i, { src, contentType })}
                />
              ) : (
                <input
                  className="w-full bg-transparent px-1 font-mono"
                  aria-label={`Field value ${i + 1}`}
                  placeholder="Value"
                  value={row.value}
                  readOnly={readOnly}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              )}
            </td>
            <td className="w-8">
              {i < rows.length && !readOnly ? (
                <button
                  type="button"
                  aria-label={`Remove field ${i + 1}`}
                  className="text-zinc-500 dark:text-zinc-400 hover:text-red-600"
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Every body kind: none, raw (json/text/xml/html/js), urlencoded, multipart with files, binary file, GraphQL.
 * With a `workspaceId`, picked files are stored with the workspace (see BodyFilePicker).
 */
export function BodyEditor({
  body,
  onChange,
  readOnly,
  knownVars,
  onSend,
  workspaceId,
}: {
  body: TBody;
  onChange: (body: TBody) => void;
  readOnly: boolean;
  knownVars: string[];
  onSend: () => void;
  workspaceId?: string | undefined;
}) {
  return (
    <div className="flex h-full flex-col gap-2">
      <div role="radiogroup" aria-label="Body type" className="flex flex-wrap items-center gap-3">
        {modes.map((m) => (
          <label key={m.id} className="flex items-center gap-1">
            <input
              type="radio"
              name="body-mode"
              value={m.id}
              checked={body.mode === m.id}
              disabled={readOnly}
              onChange={() => onChange(switchMode(body, m.id))}
            />
            {m.label}
          </label>
        ))}
        {body.mode === 'raw' ? (
          <Select
            aria-label="Raw body language"
            value={body.language}
            disabled={readOnly}
            onChange={(e) => onChange({ ...body, language: e.target.value as TRawLanguage })}
          >
            <option value="json">JSON</option>
            <option value="text">Text</option>
            <option value="xml">XML</option>
            <option value="html">HTML</option>
            <option value="javascript">JavaScript</option>
          </Select>
        ) : null}
      </div>
      <div className="min-h-0 flex-1">
        {(() => {
          switch (body.mode) {
            case 'none':
              return <p className="text-zinc-500 dark:text-zinc-400">This request has no body.</p>;
            case 'raw':
              return (
                <CodeEditor
                  ariaLabel="Request body"
                  value={body.raw}
                  language={body.language}
                  readOnly={readOnly}
                  knownVars={knownVars}
                  onChange={(raw) => onChange({ ...body, raw })}
                  onModEnter={onSend}
                />
              );
            case 'urlencoded':
              return (
                <KeyValueTable
                  label="Form fields"
                  rows={body.urlencoded}
                  readOnly={readOnly}
                  onChange={(urlencoded) => onChange({ ...body, urlencoded })}
                />
              );
            case 'formdata':
              return (
                <FormDataTable
                  rows={body.formdata}
                  readOnly={readOnly}
                  workspaceId={workspaceId}
                  onChange={(formdata) => onChange({ ...body, formdata })}
                />
              );
            case 'binary':
              return (
                <div className="flex items-center gap-2">
                  <span>File</span>
                  <BodyFilePicker
                    src={body.file.src}
                    workspaceId={workspaceId}
                    readOnly={readOnly}
                    label="Binary body file"
                    onPick={(src) => onChange({ ...body, file: { src } })}
                  />
                </div>
              );
            case 'graphql':
              return (
                <div className="grid h-full grid-cols-2 gap-2">
                  <CodeEditor
                    ariaLabel="GraphQL query"
                    value={body.graphql.query}
                    language="graphql"
                    readOnly={readOnly}
                    onChange={(query) => onChange({ ...body, graphql: { ...body.graphql, query } })}
                    onModEnter={onSend}
                  />
                  <CodeEditor
                    ariaLabel="GraphQL variables"
                    value={body.graphql.variables}
                    language="json"
                    readOnly={readOnly}
                    onChange={(variables) => onChange({ ...body, graphql: { ...body.graphql, variables } })}
                    onModEnter={onSend}
                  />
                </div>
              );
            default: {
              const never: never = body;
              return never;
            }
          }
        })()}
      </div>
    </div>
  );
}
