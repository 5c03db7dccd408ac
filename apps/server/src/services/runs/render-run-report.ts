import { AppError, type TRunReport, type TRunReportFormat } from '@apiplay/core';
import { renderHtml, renderJunit } from '@apiplay/core/reports';

export interface RunReportFile {
  content: string;
  mimeType: string;
  filename: string;
}

const extension: Record<TRunReportFormat, string> = { json: 'json', junit: 'xml', html: 'html' };
const mimeType: Record<TRunReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  junit: 'application/xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A file name from the collection's name: letters, digits, dot, dash and underscore only. */
function safeName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (base || 'run').slice(0, 80);
}

/**
 * A finished run's report as the CLI's reporters write it (`--reporters json,junit,html`): the same renderers from
 * `@apiplay/core/reports`. The report handed in is already masked for the caller.
 */
export function renderRunReport(opts: {
  report: TRunReport | null;
  status: string;
  format: TRunReportFormat;
}): RunReportFile {
  if (opts.report === null) {
    throw new AppError(
      'CONFLICT',
      opts.status === 'queued' || opts.status === 'running'
        ? 'The run has not finished yet; its report is written when it ends'
        : 'This run has no report (it ended before it started)',
    );
  }
  const { report, format } = opts;
  const content =
    format === 'junit'
      ? renderJunit(report)
      : format === 'html'
        ? renderHtml(report)
        : `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  return {
    content,
    mimeType: mimeType[format],
    filename: `${safeName(report.collection.name)}-${stamp}.${extension[format]}`,
  };
}
