import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { qk } from '../../api/query-keys';
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
      const type = msg.type;
      const payload = (typeof msg.payload === 'object' && msg.payload !== null ? msg.payload : msg) as Record<
        string,
        unknown
      >;
      const msgWid = str(msg.workspaceId) ?? str(payload.workspaceId);
      if (msgWid && msgWid !== wid) {
        return;
      }
      const cid = str(msg.collectionId) ?? str(payload.collectionId);
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
    });
    return () => {
      off();
      unsub();
    };
  }, [wid, qc]);
}
