import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/**
 * Markdown rendered with marked and sanitized with DOMPurify: descriptions are written by any editor of the
 * workspace and read by everyone, so no script, handler, style or form survives; links open in a new tab without
 * the opener.
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  const clean = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe'],
    FORBID_ATTR: ['style'],
  });
  const doc = new DOMParser().parseFromString(clean, 'text/html');
  for (const a of doc.querySelectorAll('a[href]')) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
  return doc.body.innerHTML;
}

export function MarkdownView({ source, emptyText }: { source: string; emptyText?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  if (source.trim() === '') {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400 italic">
        {emptyText ?? 'No documentation yet.'}
      </p>
    );
  }
  return (
    <div
      className="markdown-body"
      data-testid="markdown-view"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify in renderMarkdown
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
