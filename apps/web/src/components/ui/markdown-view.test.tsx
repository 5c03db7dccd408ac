import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MarkdownView, renderMarkdown } from './markdown-view';

describe('markdown documentation', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown(
      '# Shop API\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code` and **bold**',
    );
    expect(html).toContain('<h1>Shop API</h1>');
    expect(html).toContain('<li>two</li>');
    expect(html).toContain('<td>2</td>');
    expect(html).toContain('<code>code</code>');
  });

  it('keeps no script, handler, javascript: URL, style or form, and opens links without the opener', () => {
    const html = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src="x" onerror="alert(2)">',
        '[click](javascript:alert(3))',
        '<a href="https://example.com" onclick="alert(4)">site</a>',
        '<style>body{display:none}</style><p style="position:fixed">styled</p>',
        '<form action="/api/auth/logout"><button>go</button></form>',
        '<iframe src="https://example.com"></iframe>',
        '<svg><script>alert(5)</script></svg>',
      ].join('\n\n'),
    );
    expect(html).not.toMatch(
      /<script|onerror|onclick|javascript:|<style|style=|<form|<button|<iframe|alert\(5\)/i,
    );
    expect(html).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a>',
    );
  });

  it('says so when there is nothing to show', () => {
    render(<MarkdownView source="  " emptyText="Nothing here" />);
    expect(screen.getByText('Nothing here')).toBeTruthy();
  });
});
