import type { TRunReport } from '@apiplay/core';
import { renderJunit } from '@apiplay/core/reports';
import type { Reporter, ReporterOptions } from './types';
import { writeExport } from './write-export';

export function createJunitReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'junit',
    async finish(report: TRunReport): Promise<void> {
      await writeExport(opts.exportPath, 'run', 'xml', renderJunit(report));
    },
  };
}
