import type { TRequest } from '@apiplay/core';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCollectionMutations, useCollectionTree } from '../../api/hooks/collections';
import { useActiveEnvironment } from '../../api/hooks/workspaces';
import { Button } from '../../components/ui/button';
import { Select } from '../../components/ui/input';
import { Splitter } from '../../components/ui/splitter';
import { TabBar } from '../../components/ui/tabs';
import { requestFields } from '../../lib/request-fields';
import { confirmAction, promptText } from '../../stores/confirm-store';
import { SIDEBAR_MAX, SIDEBAR_MIN, useLayoutStore } from '../../stores/layout-store';
import { isDirty, type RequestTab, useTabsStore } from '../../stores/tabs-store';
import { toast } from '../../stores/toast-store';
import { resolveInherited } from '../editor/auth-editor';
import { RequestEditor } from '../editor/request-editor';
import { unresolvedVariables } from '../editor/unresolved-variables';
import { UrlEditor } from '../editor/url-editor';
import { useScopeVars } from '../editor/use-scope-vars';
import { VersionsPanel } from '../editor/versions-panel';
import { HistoryPanel } from '../history/history-panel';
import { useExecStore } from '../response/exec-store';
import { ResponsePane } from '../response/response-pane';
import { isTyping } from '../shortcuts/shortcuts';
import { Sidebar } from '../sidebar/sidebar';
import { findItem } from '../sidebar/tree-model';
import { useCanEdit } from '../workspace/use-role';
import { cancelRequest, sendRequest } from './execute';
import { RequestTabs } from './request-tabs';
import { SaveDialog } from './save-dialog';
import { useTabSync } from './use-tab-sync';

const CodePanel = lazy(() => import('../codegen/code-panel').then((m) => ({ default: m.CodePanel })));
const ImportDialog = lazy(() => import('../import/import-dialog').then((m) => ({ default: m.ImportDialog })));
const InsightsPanel = lazy(() =>
  import('../insights/insights-panel').then((m) => ({ default: m.InsightsPanel })),
);

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function ActiveRequest({
  wid,
  tab,
  canEdit,
  onSave,
}: {
  wid: string;
  tab: RequestTab;
  canEdit: boolean;
  onSave: () => void;
}) {
  const update = useTabsStore((s) => s.updateDraft);
  const editorShare = useLayoutStore((s) => s.editorShare);
  const setEditorShare = useLayoutStore((s) => s.setEditorShare);
  const exec = useExecStore((s) => s.byTab[tab.id]);
  const { envId } = useActiveEnvironment(wid);
  const { vars, scripts } = useScopeVars(wid, tab.collectionId, tab.itemId);
  const tree = useCollectionTree(tab.collectionId ?? undefined);
  const request = tab.draft;
  const onChange = useCallback((patch: Partial<TRequest>) => update(tab.id, patch), [tab.id, update]);
  // Shown before sending: a name no scope defines would go out as written (or, in the host, not at all).
  const missing = useMemo(() => unresolvedVariables(request, vars, scripts), [request, vars, scripts]);
  const inherited = useMemo(() => {
    if (!tree.data || !tab.itemId) {
      return null;
    }
    const found = findItem(tree.data.items, tab.itemId);
    const chain = [{ name: tree.data.name, auth: tree.data.auth }];
    for (const a of found?.ancestors ?? []) {
      if (a.type === 'folder') {
        chain.push({ name: a.name, auth: a.auth });
      }
    }
    return resolveInherited(chain);
  }, [tree.data, tab.itemId]);

  const send = useCallback(() => {
    const current = useTabsStore.getState().tabs.find((t) => t.id === tab.id);
    if (!current) {
      return;
    }
    if (!current.draft.url.trim()) {
      toast.error('Enter a URL first');
      return;
    }
    void sendRequest({
      tabId: tab.id,
      workspaceId: wid,
      request: current.draft,
      environmentId: envId,
      collectionId: current.collectionId,
      itemId: current.itemId,
    });
  }, [tab.id, wid, envId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        send();
      } else if (e.key === 'Escape' && useExecStore.getState().byTab[tab.id]?.status === 'sending') {
        cancelRequest(tab.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send, tab.id]);

  const sending = exec?.status === 'sending';
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 p-2">
        <input
          aria-label="Request name"
          className="w-48 rounded border border-transparent bg-transparent px-1 font-medium hover:border-zinc-300 focus:border-zinc-400 dark:hover:border-zinc-700"
          value={request.name}
          readOnly={!canEdit}
          onChange={(e) => onChange({ name: e.target.value })}
        />
        <Select
          aria-label="Method"
          className="font-mono font-semibold"
          value={methods.includes(request.method) ? request.method : '__custom'}
          disabled={!canEdit}
          onChange={async (e) => {
            if (e.target.value !== '__custom') {
              onChange({ method: e.target.value });
              return;
            }
            const custom = await promptText({
              title: 'Custom method',
              input: { label: 'Method', initial: 'PROPFIND' },
            });
            if (custom) {
              onChange({ method: custom.toUpperCase() });
            }
          }}
        >
          {methods.map((m) => (
            <option key={m}>{m}</option>
          ))}
          {!methods.includes(request.method) ? (
            <option value="__custom">{request.method}</option>
          ) : (
            <option value="__custom">Custom…</option>
          )}
        </Select>
        <UrlEditor
          value={request.url}
          onChange={(url) => onChange({ url })}
          vars={vars}
          onSend={send}
          readOnly={!canEdit}
        />
        {sending ? (
          <Button variant="danger" onClick={() => cancelRequest(tab.id)}>
            Cancel
          </Button>
        ) : (
          <Button variant="primary" onClick={send} title="Send (Ctrl/⌘ + Enter)">
            Send
          </Button>
        )}
        <Button
          onClick={onSave}
          disabled={!canEdit || (!isDirty(tab) && tab.itemId !== null)}
          title="Save (Ctrl/⌘ + S)"
        >
          Save
        </Button>
      </div>
      {missing.length > 0 ? (
        <p
          role="status"
          data-testid="unresolved-variables"
          className="mx-2 mb-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Not defined: {missing.map((n) => `{{${n}}}`).join(', ')} — choose an environment that has{' '}
          {missing.length === 1 ? 'it' : 'them'}, or add {missing.length === 1 ? 'it' : 'them'} to the
          collection.
        </p>
      ) : null}
      <div
        className="grid min-h-0 flex-1 border-t border-zinc-200 dark:border-zinc-800"
        style={{ gridTemplateRows: `minmax(6rem, ${editorShare}fr) auto minmax(6rem, ${1 - editorShare}fr)` }}
      >
        <div className="min-h-0 overflow-hidden">
          <RequestEditor
            key={tab.id}
            request={request}
            onChange={onChange}
            readOnly={!canEdit}
            vars={vars}
            inheritedAuth={inherited}
            onSend={send}
            workspaceId={wid}
            codePanel={
              <Suspense fallback={<p>Loading…</p>}>
                <CodePanel request={request} />
              </Suspense>
            }
            versionsPanel={
              tab.itemId && tab.collectionId ? (
                <VersionsPanel
                  wid={wid}
                  tabId={tab.id}
                  itemId={tab.itemId}
                  collectionId={tab.collectionId}
                  readOnly={!canEdit}
                />
              ) : undefined
            }
            insightsPanel={
              tab.itemId ? (
                <Suspense fallback={<p>Loading…</p>}>
                  <InsightsPanel requestId={tab.itemId} />
                </Suspense>
              ) : undefined
            }
          />
        </div>
        <Splitter
          label="Resize request and response"
          orientation="horizontal"
          value={editorShare * 100}
          min={15}
          max={85}
          step={5}
          containerOf={(bar) => bar.parentElement}
          onResize={(v, from, size) => setEditorShare(from === 'key' ? v / 100 : v / size)}
        />
        <div className="min-h-0">
          <ResponsePane exec={exec} onCancel={() => cancelRequest(tab.id)} />
        </div>
      </div>
    </div>
  );
}

/** The main screen: sidebar (collections/history), request tabs, editor and response. */
export function PlaygroundPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const { updateItem } = useCollectionMutations(wid);
  const sidebarWidth = useLayoutStore((s) => s.sidebarWidth);
  const setSidebarWidth = useLayoutStore((s) => s.setSidebarWidth);
  const allTabs = useTabsStore((s) => s.tabs);
  const activeId = useTabsStore((s) => s.activeId);
  const activate = useTabsStore((s) => s.activate);
  const close = useTabsStore((s) => s.close);
  const openNew = useTabsStore((s) => s.openNew);
  const markSaved = useTabsStore((s) => s.markSaved);
  const canEdit = useCanEdit(wid);
  const [panel, setPanel] = useState<'collections' | 'history'>('collections');
  const [importOpen, setImportOpen] = useState(false);
  const [saveTab, setSaveTab] = useState<RequestTab | null>(null);
  useTabSync(wid);

  const tabs = useMemo(() => allTabs.filter((t) => t.workspaceId === wid), [allTabs, wid]);
  const active = tabs.find((t) => t.id === activeId) ?? tabs[tabs.length - 1] ?? null;

  const closeTab = useCallback(
    async (id: string) => {
      const t = useTabsStore.getState().tabs.find((x) => x.id === id);
      if (
        t &&
        isDirty(t) &&
        t.itemId &&
        !(await confirmAction({
          title: `Close “${t.draft.name}”?`,
          message: 'It has unsaved changes; they are lost.',
          confirmLabel: 'Close without saving',
          danger: true,
        }))
      ) {
        return;
      }
      close(id);
    },
    [close],
  );

  const save = useCallback(async () => {
    const tab = useTabsStore.getState().tabs.find((t) => t.id === (active?.id ?? ''));
    if (!tab || !canEdit) {
      return;
    }
    if (!tab.itemId || !tab.collectionId) {
      setSaveTab(tab);
      return;
    }
    await updateItem.mutateAsync({
      collectionId: tab.collectionId,
      id: tab.itemId,
      body: requestFields(tab.draft),
    });
    markSaved(tab.id, { itemId: tab.itemId, collectionId: tab.collectionId, request: tab.draft });
    toast.success('Saved');
  }, [active?.id, canEdit, markSaved, updateItem.mutateAsync]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      } else if (e.altKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        openNew(wid);
      } else if (e.altKey && e.key.toLowerCase() === 'w' && active) {
        e.preventDefault();
        closeTab(active.id);
      } else if (e.key === '/' && !isTyping(e)) {
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, openNew, wid, active, closeTab]);

  return (
    <div
      className="grid h-full min-h-0"
      style={{ gridTemplateColumns: `${sidebarWidth}px auto minmax(0, 1fr)` }}
    >
      <div className="flex min-h-0 flex-col">
        <TabBar
          label="Sidebar"
          idPrefix="sidebar"
          value={panel}
          onChange={setPanel}
          items={[
            { id: 'collections', label: 'Collections' },
            { id: 'history', label: 'History' },
          ]}
        />
        <div id="sidebar-panel" role="tabpanel" className="min-h-0 flex-1">
          {panel === 'collections' ? (
            <Sidebar
              wid={wid}
              canEdit={canEdit}
              onImport={() => setImportOpen(true)}
              onRun={(cid) => navigate(`runner?collection=${cid}`)}
            />
          ) : (
            <HistoryPanel wid={wid} />
          )}
        </div>
      </div>
      <Splitter
        label="Resize sidebar"
        orientation="vertical"
        value={sidebarWidth}
        min={SIDEBAR_MIN}
        max={SIDEBAR_MAX}
        step={16}
        containerOf={(bar) => bar.parentElement}
        onResize={(v) => setSidebarWidth(v)}
      />
      <main className="flex min-h-0 min-w-0 flex-col" aria-label="Request">
        <RequestTabs
          tabs={tabs}
          activeId={active?.id ?? null}
          onActivate={activate}
          onClose={closeTab}
          onNew={() => openNew(wid)}
        />
        {active ? (
          <ActiveRequest
            key={active.id}
            wid={wid}
            tab={active}
            canEdit={canEdit}
            onSave={() => void save()}
          />
        ) : (
          <div className="flex flex-1 flex-col items-center justify-center gap-3 text-zinc-500 dark:text-zinc-400">
            <p>Open a request from the sidebar or start a new one.</p>
            <Button variant="primary" onClick={() => openNew(wid)}>
              New request (Alt+N)
            </Button>
          </div>
        )}
      </main>
      {importOpen ? (
        <Suspense fallback={null}>
          <ImportDialog wid={wid} open={importOpen} onClose={() => setImportOpen(false)} />
        </Suspense>
      ) : null}
      {saveTab ? <SaveDialog wid={wid} tab={saveTab} onClose={() => setSaveTab(null)} /> : null}
    </div>
  );
}
