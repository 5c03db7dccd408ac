import type { TRunReport } from '@apiplay/core';
import { renderHtml } from '@apiplay/core/reports';
import type { Reporter, ReporterOptions } from './types';
import { writeExport } from './write-export';

export function createHtmlReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'html',
    async finish(report: TRunReport): Promise<void> {
      await writeExport(opts.exportPath, 'run', 'html', renderHtml(report));
    },
  };
}
