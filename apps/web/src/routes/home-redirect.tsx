import { useEffect, useRef } from 'react';
import { Navigate } from 'react-router';
import { useCreateWorkspace, useWorkspaces } from '../api/hooks/workspaces';
import { useWorkspaceStore } from '../stores/workspace-store';

/** Sends you to your last workspace, or creates a first one. */
export function HomeRedirect() {
  const { data, isLoading, isError } = useWorkspaces();
  const last = useWorkspaceStore((s) => s.lastWorkspaceId);
  const create = useCreateWorkspace();
  const creating = useRef(false);
  useEffect(() => {
    if (data && data.length === 0 && !creating.current) {
      creating.current = true;
      create.mutate('My workspace');
    }
  }, [data, create]);
  if (isLoading || (data && data.length === 0)) {
    return (
      <p role="status" className="p-8 text-zinc-500">
        Loading your workspaces…
      </p>
    );
  }
  if (isError || !data) {
    return <p className="p-8 text-red-600">Could not load workspaces.</p>;
  }
  const target = data.find((w) => w.id === last) ?? data[0];
  return target ? <Navigate to={`/w/${target.id}`} replace /> : null;
}
