import type { TBody, TWorkspaceFile } from '@apiplay/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { qk } from '../../api/query-keys';
import { BodyEditor } from './body-editor';

const id = '3f0c9a52-6a57-4f44-9d1b-0a4b1f5c2e11';
const stored: TWorkspaceFile = {
  id,
  workspaceId: 'a0c9a52e-6a57-4f44-9d1b-0a4b1f5c2e11',
  name: 'report.csv',
  contentType: 'text/csv',
  size: 2048,
  src: `stored-file:${id}`,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

/** Server state seeded into the query cache (fresh forever), so nothing is fetched. */
function renderBody(body: TBody, workspaceId?: string) {
  const qc = new QueryClient({
    defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } },
  });
  qc.setQueryData(qk.storedFile(id), stored);
  return render(
    <QueryClientProvider client={qc}>
      <BodyEditor
        body={body}
        onChange={() => undefined}
        readOnly={false}
        knownVars={[]}
        onSend={() => undefined}
        workspaceId={workspaceId}
      />
    </QueryClientProvider>,
  );
}

describe('BodyEditor files', () => {
  it('shows a stored binary body file by name and size', () => {
    renderBody({ mode: 'binary', file: { src: stored.src } }, stored.workspaceId);
    expect(screen.getByRole('status').textContent).toBe('report.csv · 2.0 KB · stored');
    expect(screen.getByLabelText('Binary body file')).toBeTruthy();
  });

  it('shows a stored multipart file field, and says a local path must be attached again', () => {
    renderBody(
      {
        mode: 'formdata',
        formdata: [
          { key: 'a', type: 'file', src: stored.src, value: '', enabled: true },
          { key: 'b', type: 'file', src: '/home/me/data.json', value: '', enabled: true },
        ],
      },
      stored.workspaceId,
    );
    const labels = screen.getAllByRole('status').map((s) => s.textContent);
    expect(labels).toEqual([
      'report.csv · 2.0 KB · stored',
      '/home/me/data.json · a local path: attach the file to send it from here',
    ]);
  });
});
