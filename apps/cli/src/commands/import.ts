import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TImportFormat } from '@apiplay/core';
import { type Command, Option } from 'commander';
import { importFormats } from '../core';
import { CliError, ExitCode } from '../exit-codes';
import type { CliCommand } from './types';

interface ImportOptions {
  format?: TImportFormat;
  output?: string;
  maxBytes?: number;
}

async function importFile(file: string, o: ImportOptions): Promise<void> {
  // Loaded on demand so `apiplay run` does not pay for the importers' dependencies at startup.
  const { importAny } = await import('@apiplay/core');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const result = await importAny(text.replace(/^\uFEFF/, ''), {
    format: o.format,
    filename: basename(file),
    maxBytes: o.maxBytes,
  });
  if (!result.ok) {
    throw new CliError(`Cannot import ${file}: ${result.error.message}`, ExitCode.USAGE);
  }
  const { collections, environments, warnings } = result.value;
  for (const w of warnings) {
    process.stderr.write(`warning: ${w}\n`);
  }
  // One collection alone is written as a collection file, so `apiplay run out.json` works directly.
  const single = collections.length === 1 && environments.length === 0 ? collections[0] : undefined;
  const json = `${JSON.stringify(single ?? { collections, environments }, null, 2)}\n`;
  if (o.output) {
    await writeFile(o.output, json);
    process.stderr.write(
      `imported ${collections.length} collection(s), ${environments.length} environment(s) → ${o.output}\n`,
    );
  } else {
    process.stdout.write(json);
  }
}

/** `apiplay import <file>`: Postman, OpenAPI/Swagger, Insomnia, HAR or curl → our collection format. */
export const importCommand: CliCommand = {
  name: 'import',
  register(program: Command) {
    program
      .command('import')
      .description(
        'convert a Postman, OpenAPI 3.x / Swagger 2.0, Insomnia v4, HAR or curl file to an API Playground collection',
      )
      .argument('<file>', 'file to import (format auto-detected)')
      .addOption(new Option('-f, --format <format>', 'skip detection').choices(importFormats))
      .option(
        '-o, --output <file>',
        'write here instead of stdout (one collection → a collection file; else { collections, environments })',
      )
      .option('--max-bytes <n>', 'size cap in bytes (default 20 MB)', (v) => Number(v))
      .action((file: string, o: ImportOptions) => importFile(file, o));
  },
};
