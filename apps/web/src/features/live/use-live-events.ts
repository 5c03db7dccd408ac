import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { qk } from '../../api/query-keys';
import { useTabsStore } from '../../stores/tabs-store';
import { liveSocket } from './live-socket';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Teammates' edits invalidate the queries that show them, so the tree updates without a reload. */
export function useLiveEvents(wid: string) {
  const qc = useQueryClient();
  useEffect(() => {
    const unsub = liveSocket.subscribe(`workspace:${wid}`);
    const off = liveSocket.on((msg) => {
      // Server messages: `{ type: 'event', event: { type, workspaceId, data } }`.
      const ev =
        msg.type === 'event' && typeof msg.event === 'object' && msg.event !== null
          ? (msg.event as Record<string, unknown>)
          : msg;
      const type = str(ev.type) ?? '';
      const data = (typeof ev.data === 'object' && ev.data !== null ? ev.data : ev) as Record<
        string,
        unknown
      >;
      const msgWid = str(ev.workspaceId) ?? str(data.workspaceId);
      if (msgWid && msgWid !== wid) {
        return;
      }
      const cid = str(data.collectionId);
      if (type === 'item.deleted' && str(data.itemId)) {
        // A teammate deleted a request: open tabs keep the draft as unsaved.
        useTabsStore.getState().detach(str(data.itemId) ?? '');
      }
      if (/collection|item|request|folder/.test(type)) {
        void qc.invalidateQueries({ queryKey: qk.collections(wid) });
        void qc.invalidateQueries({ queryKey: cid ? qk.collection(cid) : ['collection'] });
      }
      if (/environment|globals/.test(type)) {
        void qc.invalidateQueries({ queryKey: qk.environments(wid) });
        void qc.invalidateQueries({ queryKey: ['environment'] });
      }
      if (/member|invitation/.test(type)) {
        void qc.invalidateQueries({ queryKey: qk.members(wid) });
      }
      if (/history/.test(type)) {
        void qc.invalidateQueries({ queryKey: qk.history(wid) });
      }
      if (type === 'run.started' || type === 'run.finished') {
        // The runs list shows status; a run's own page follows its record (re-read on every run event).
        void qc.invalidateQueries({ queryKey: qk.runs(wid) });
      }
      const runId = str(data.runId);
      if (type.startsWith('run.') && runId) {
        void qc.invalidateQueries({ queryKey: qk.run(runId) });
      }
    });
    return () => {
      off();
      unsub();
    };
  }, [wid, qc]);
}
