import { writeFile } from 'node:fs/promises';
import type { TExportFormat } from '@apiplay/core';
import { type Command, Option } from 'commander';
import { loadCollection } from '../load-files';
import type { CliCommand } from './types';

interface ExportOptions {
  format: TExportFormat;
  output?: string;
}

async function exportFile(file: string, o: ExportOptions): Promise<void> {
  const { exportCollection } = await import('@apiplay/core');
  const { collection } = await loadCollection(file);
  const out = exportCollection(collection, o.format);
  for (const w of out.warnings) {
    process.stderr.write(`warning: ${w}\n`);
  }
  if (o.output) {
    await writeFile(o.output, out.content);
    process.stderr.write(`exported ${collection.name} as ${o.format} → ${o.output}\n`);
  } else {
    process.stdout.write(out.content);
  }
}

/** `apiplay export <collection> --format f`: our (or a Postman) collection → Postman, OpenAPI, HAR or curl. */
export const exportCommand: CliCommand = {
  name: 'export',
  register(program: Command) {
    program
      .command('export')
      .description(
        'export a collection as Postman v2.1, OpenAPI 3.1 (JSON or YAML), HAR 1.2 or curl commands',
      )
      .argument('<collection>', 'collection file (ours or Postman v2)')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['postman', 'openapi', 'openapi-yaml', 'har', 'curl'])
          .makeOptionMandatory(),
      )
      .option('-o, --output <file>', 'write here instead of stdout')
      .action((file: string, o: ExportOptions) => exportFile(file, o));
  },
};
