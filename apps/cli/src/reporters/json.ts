import type { TRunReport } from '@apiplay/core';
import type { Reporter, ReporterOptions } from './types';
import { writeExport } from './write-export';

/** The full run report (every request, response and assertion) as JSON. */
export function createJsonReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'json',
    async finish(report: TRunReport): Promise<void> {
      await writeExport(opts.exportPath, 'run', 'json', `${JSON.stringify(report, null, 2)}\n`);
    },
  };
}
