import type { THistoryEntry } from '@apiplay/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HistoryRow } from './history-row';

function entry(status: number | null, error: THistoryEntry['error'] = null): THistoryEntry {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    workspaceId: '00000000-0000-4000-8000-000000000002',
    userId: null,
    requestItemId: null,
    runId: null,
    method: 'GET',
    url: 'http://127.0.0.1:1/down',
    status,
    durationMs: status === null ? null : 12,
    request: { method: 'GET', url: 'http://127.0.0.1:1/down', headers: [] },
    response: null,
    body: null,
    bodyStored: false,
    error,
    assertions: [],
    createdAt: '2026-12-07T17:00:00.000Z',
  };
}

describe('HistoryRow', () => {
  it('shows a request that got no response as an error, in the error colour, with the reason', () => {
    render(
      <HistoryRow
        entry={entry(null, { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })}
        onClick={() => {}}
      />,
    );
    const row = screen.getByRole('button');
    expect(row.dataset.statusClass).toBe('error');
    const status = screen.getByText('ERR');
    expect(status.className).toContain('text-red-700');
    expect(status.className).not.toContain('green');
    expect(status.title).toBe('connect ECONNREFUSED');
  });

  it('colours each status class differently: success green, client error amber, server error red', () => {
    const colourOf = (status: number) => {
      const { unmount } = render(<HistoryRow entry={entry(status)} onClick={() => {}} compact />);
      const el = screen.getByText(String(status));
      const cls = screen.getByRole('button').dataset.statusClass;
      unmount();
      return { cls, colour: el.className };
    };
    expect(colourOf(200)).toMatchObject({ cls: '2xx', colour: expect.stringContaining('green') });
    expect(colourOf(302)).toMatchObject({ cls: '3xx', colour: expect.stringContaining('blue') });
    expect(colourOf(404)).toMatchObject({ cls: '4xx', colour: expect.stringContaining('amber') });
    expect(colourOf(503)).toMatchObject({ cls: '5xx', colour: expect.stringContaining('red') });
  });

  it('marks the selected entry and reports clicks', () => {
    let clicks = 0;
    render(<HistoryRow entry={entry(200)} selected onClick={() => clicks++} />);
    const row = screen.getByRole('button');
    expect(row.getAttribute('aria-current')).toBe('true');
    fireEvent.click(row);
    expect(clicks).toBe(1);
  });
});
