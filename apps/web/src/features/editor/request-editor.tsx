import type { TKeyValue, TRequest } from '@apiplay/core';
import { useMemo, useState } from 'react';
import { Field, Input } from '../../components/ui/input';
import { TabBar } from '../../components/ui/tabs';
import { mergeParams, withQuery } from '../../lib/url-params';
import { AuthEditor, type InheritedAuth } from './auth-editor';
import { BodyEditor } from './body-editor';
import { CodeEditor } from './code-editor';
import { headerSuggestions, headerValueSuggestions, KeyValueTable } from './key-value-table';
import { pmCompletions } from './pm-completions';
import type { VarInfo } from './url-editor';

type Section = 'params' | 'headers' | 'body' | 'auth' | 'scripts' | 'settings';

export interface RequestEditorProps {
  request: TRequest;
  onChange: (patch: Partial<TRequest>) => void;
  readOnly: boolean;
  vars: VarInfo[];
  inheritedAuth: InheritedAuth | null;
  onSend: () => void;
  /** Extra panel (code) rendered as its own section. */
  codePanel?: React.ReactNode;
  /** Saved versions of the request (only for saved requests). */
  versionsPanel?: React.ReactNode;
  /** The workspace picked body files are stored with (without one they stay in this tab's memory). */
  workspaceId?: string;
  /** Latency and error rate over time (only for saved requests). */
  insightsPanel?: React.ReactNode;
}

/** Params, headers, body, auth, scripts and settings of one request. */
export function RequestEditor({
  request,
  onChange,
  readOnly,
  vars,
  inheritedAuth,
  onSend,
  codePanel,
  versionsPanel,
  workspaceId,
  insightsPanel,
}: RequestEditorProps) {
  const [section, setSection] = useState<Section | 'code' | 'versions' | 'insights'>('params');
  const [disabledParams, setDisabledParams] = useState<TKeyValue[]>([]);
  const [script, setScript] = useState<'preRequest' | 'test'>('preRequest');
  const knownVars = useMemo(() => vars.map((v) => v.key), [vars]);
  const params = useMemo(() => mergeParams(disabledParams, request.url), [disabledParams, request.url]);
  const setParams = (rows: TKeyValue[]) => {
    setDisabledParams(rows.filter((r) => !r.enabled));
    onChange({ url: withQuery(request.url, rows) });
  };
  const enabledHeaders = request.headers.filter((h) => h.enabled && h.key).length;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <TabBar
        label="Request sections"
        idPrefix="request"
        value={section}
        onChange={setSection}
        items={[
          { id: 'params', label: 'Params', badge: params.filter((p) => p.enabled).length },
          { id: 'headers', label: 'Headers', badge: enabledHeaders },
          { id: 'body', label: 'Body', badge: request.body.mode === 'none' ? undefined : '●' },
          { id: 'auth', label: 'Auth' },
          {
            id: 'scripts',
            label: 'Scripts',
            badge: request.scripts.preRequest || request.scripts.test ? '●' : undefined,
          },
          { id: 'settings', label: 'Settings' },
          ...(codePanel ? [{ id: 'code' as const, label: 'Code' }] : []),
          ...(versionsPanel ? [{ id: 'versions' as const, label: 'Versions' }] : []),
          ...(insightsPanel ? [{ id: 'insights' as const, label: 'Insights' }] : []),
        ]}
      />
      <div
        id="request-panel"
        role="tabpanel"
        aria-labelledby={`request-tab-${section}`}
        className="min-h-0 flex-1 overflow-auto p-2"
      >
        {section === 'params' ? (
          <KeyValueTable label="Query params" rows={params} onChange={setParams} readOnly={readOnly} />
        ) : null}
        {section === 'headers' ? (
          <KeyValueTable
            label="Headers"
            rows={request.headers}
            onChange={(headers) => onChange({ headers })}
            readOnly={readOnly}
            keySuggestions={headerSuggestions}
            valueSuggestions={headerValueSuggestions}
            keyPlaceholder="Header"
          />
        ) : null}
        {section === 'body' ? (
          <BodyEditor
            body={request.body}
            onChange={(body) => onChange({ body })}
            readOnly={readOnly}
            knownVars={knownVars}
            onSend={onSend}
            workspaceId={workspaceId}
          />
        ) : null}
        {section === 'auth' ? (
          <AuthEditor
            auth={request.auth}
            onChange={(auth) => onChange({ auth })}
            readOnly={readOnly}
            inherited={inheritedAuth}
            vars={vars}
          />
        ) : null}
        {section === 'scripts' ? (
          <div className="flex h-full flex-col gap-2">
            <div className="flex gap-2" role="radiogroup" aria-label="Script phase">
              <label className="flex items-center gap-1">
                <input
                  type="radio"
                  checked={script === 'preRequest'}
                  onChange={() => setScript('preRequest')}
                />
                Pre-request
              </label>
              <label className="flex items-center gap-1">
                <input type="radio" checked={script === 'test'} onChange={() => setScript('test')} />
                Tests
              </label>
            </div>
            <div className="min-h-0 flex-1">
              <CodeEditor
                key={script}
                ariaLabel={script === 'preRequest' ? 'Pre-request script' : 'Test script'}
                value={request.scripts[script]}
                language="javascript"
                readOnly={readOnly}
                completions={[pmCompletions]}
                placeholder={
                  script === 'test'
                    ? "pm.test('status is 200', () => pm.response.to.have.status(200));"
                    : 'pm.environment.set("ts", Date.now());'
                }
                onChange={(code) => onChange({ scripts: { ...request.scripts, [script]: code } })}
                onModEnter={onSend}
              />
            </div>
          </div>
        ) : null}
        {section === 'settings' ? (
          <div className="flex max-w-md flex-col gap-3">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={request.settings.followRedirects ?? true}
                disabled={readOnly}
                onChange={(e) =>
                  onChange({ settings: { ...request.settings, followRedirects: e.target.checked } })
                }
              />
              Follow redirects
            </label>
            <Field label="Max redirects">
              <Input
                type="number"
                min={0}
                max={50}
                value={request.settings.maxRedirects ?? 10}
                readOnly={readOnly}
                onChange={(e) =>
                  onChange({ settings: { ...request.settings, maxRedirects: Number(e.target.value) } })
                }
              />
            </Field>
            <Field label="Timeout (ms, 0 = default)">
              <Input
                type="number"
                min={0}
                value={request.settings.timeoutMs ?? 0}
                readOnly={readOnly}
                onChange={(e) =>
                  onChange({
                    settings: { ...request.settings, timeoutMs: Number(e.target.value) || undefined },
                  })
                }
              />
            </Field>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={request.settings.strictSSL ?? true}
                disabled={readOnly}
                onChange={(e) => onChange({ settings: { ...request.settings, strictSSL: e.target.checked } })}
              />
              Verify TLS certificates
            </label>
            <Field label="Description">
              <textarea
                className="rounded border border-zinc-300 p-1 dark:border-zinc-700 dark:bg-zinc-900"
                value={request.description}
                readOnly={readOnly}
                onChange={(e) => onChange({ description: e.target.value })}
              />
            </Field>
          </div>
        ) : null}
        {section === 'code' ? codePanel : null}
        {section === 'versions' ? versionsPanel : null}
        {section === 'insights' ? insightsPanel : null}
      </div>
    </div>
  );
}
