import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BigTextView, findAll } from './big-text-view';
import { indexLines } from './line-index';

describe('BigTextView', () => {
  it('renders only the visible window of a huge text, coloured and escaped', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `  "key${i}": "<v${i}>",`);
    const text = lines.join('\n');
    const { container } = render(
      <BigTextView text={text} starts={indexLines(text)} json find={null} label="Response body" />,
    );
    const rows = container.querySelectorAll('[data-line]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByTestId('big-text-view').dataset.lines).toBe('200000');
    const first = rows[0]?.innerHTML ?? '';
    expect(first).toContain('<span class="tok-key">"key0"</span>');
    expect(first).toContain('&lt;v0&gt;');
  });

  it('marks find hits', () => {
    const text = 'alpha\nbeta alpha';
    const hits = findAll(text, 'ALPHA');
    expect(hits).toEqual([0, 11]);
    const { container } = render(
      <BigTextView
        text={text}
        starts={indexLines(text)}
        json={false}
        find={{ query: 'alpha', hits, current: 1 }}
        label="b"
      />,
    );
    expect(container.querySelectorAll('mark.find-hit')).toHaveLength(2);
    expect(container.querySelectorAll('mark.current')).toHaveLength(1);
  });
});
