import type { TRequest } from '@apiplay/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { blankRequest } from '../../lib/request-defaults';
import { RequestEditor } from './request-editor';

function Harness({ initial, onUrl }: { initial: TRequest; onUrl: (url: string) => void }) {
  const [req, setReq] = useState(initial);
  return (
    <>
      <input aria-label="url" value={req.url} onChange={(e) => setReq({ ...req, url: e.target.value })} />
      <RequestEditor
        request={req}
        onChange={(patch) => {
          const next = { ...req, ...patch };
          setReq(next);
          onUrl(next.url);
        }}
        readOnly={false}
        vars={[]}
        inheritedAuth={null}
        onSend={() => undefined}
      />
    </>
  );
}

describe('RequestEditor params ↔ URL', () => {
  it('shows params parsed from the URL and writes table edits back into it', () => {
    const urls: string[] = [];
    render(
      <Harness initial={blankRequest({ url: 'https://x.test/a?page=1' })} onUrl={(u) => urls.push(u)} />,
    );
    const key0 = screen.getByLabelText('Query params key 1') as HTMLInputElement;
    expect(key0.value).toBe('page');
    fireEvent.change(screen.getByLabelText('Query params value 1'), { target: { value: '2' } });
    expect(urls.at(-1)).toBe('https://x.test/a?page=2');
    // Typing in the empty last row adds a param.
    fireEvent.change(screen.getByLabelText('Query params key 2'), { target: { value: 'q' } });
    fireEvent.change(screen.getByLabelText('Query params value 2'), { target: { value: '{{term}}' } });
    expect(urls.at(-1)).toBe('https://x.test/a?page=2&q={{term}}');
  });

  it('disabling a param removes it from the URL but keeps the row', () => {
    const urls: string[] = [];
    render(
      <Harness initial={blankRequest({ url: 'https://x.test/a?a=1&b=2' })} onUrl={(u) => urls.push(u)} />,
    );
    fireEvent.click(screen.getByLabelText('Enable a'));
    expect(urls.at(-1)).toBe('https://x.test/a?b=2');
    expect((screen.getByLabelText('Query params key 2') as HTMLInputElement).value).toBe('a');
    expect((screen.getByLabelText('Enable a') as HTMLInputElement).checked).toBe(false);
  });

  it('editing the URL updates the table', () => {
    render(<Harness initial={blankRequest({ url: 'https://x.test/a' })} onUrl={() => undefined} />);
    fireEvent.change(screen.getByLabelText('url'), { target: { value: 'https://x.test/a?x=9' } });
    expect((screen.getByLabelText('Query params key 1') as HTMLInputElement).value).toBe('x');
    expect((screen.getByLabelText('Query params value 1') as HTMLInputElement).value).toBe('9');
  });

  it('shows the inherited auth source', () => {
    render(
      <RequestEditor
        request={blankRequest()}
        onChange={() => undefined}
        readOnly
        vars={[]}
        inheritedAuth={{ auth: { type: 'bearer', token: 't' }, from: 'Shop API' }}
        onSend={() => undefined}
      />,
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Auth' }));
    expect(screen.getByTestId('inherited-auth').textContent).toBe('Uses Bearer token from “Shop API”.');
  });
});
