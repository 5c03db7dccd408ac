import { writeFile } from 'node:fs/promises';
import type { RunnerScriptEngine, TEnvironment, TVariable } from '@apiplay/core';
import { type Command, Option } from 'commander';
import { planRun, runCollection, toPostmanEnvironment } from '../core';
import { CliError, ExitCode } from '../exit-codes';
import { mergeVariables } from '../load-files';
import { type Reporter, reporters } from '../reporters';
import { collectionHasScripts, inputRunOptions, loadInputs, transportFor } from '../run-inputs';
import { collect, int } from './option-parsers';
import type { CliCommand, CommandContext } from './types';

interface RunOptions {
  environment?: string;
  globals?: string;
  iterationData?: string;
  iterationCount?: number;
  folder: string[];
  delayRequest?: number;
  timeoutRequest?: number;
  timeoutScript?: number;
  bail?: boolean;
  insecure?: boolean;
  envVar: string[];
  globalVar: string[];
  parallel?: number;
  reporters: string;
  reporterJsonExport?: string;
  reporterJunitExport?: string;
  reporterHtmlExport?: string;
  exportEnvironment?: string;
  exportGlobals?: string;
  workingDir?: string;
  color?: boolean;
  server?: string;
  apiKey?: string;
  collection?: string;
  environmentId?: string;
}

/** The QuickJS runtime is created only when the collection has scripts: a script-free run starts faster. */
async function createEngine(timeoutMs: number | undefined): Promise<RunnerScriptEngine> {
  const { createSandboxEngine } = await import('../sandbox-engine');
  // Resolved here, in the entry bundle (dist/apiplay.js), next to which build.mjs puts sandbox/.
  return createSandboxEngine(new URL('./sandbox/', import.meta.url), timeoutMs);
}

async function run(collectionPath: string | undefined, o: RunOptions, ctx: CommandContext): Promise<void> {
  const names = o.reporters
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of names) {
    if (!reporters[name]) {
      throw new CliError(`Unknown reporter "${name}" (available: ${Object.keys(reporters).join(', ')})`);
    }
  }
  const inputs = await loadInputs(collectionPath, o);
  const { collection, warnings, environment, globals } = inputs;
  const plan = planRun(collection, o.folder);
  if (!plan.ok) {
    throw new CliError(plan.error.message);
  }
  for (const w of warnings) {
    process.stderr.write(`warning: ${w}\n`);
  }

  const exportPaths: Record<string, string | undefined> = {
    json: o.reporterJsonExport,
    junit: o.reporterJunitExport,
    html: o.reporterHtmlExport,
  };
  const active: Reporter[] = names.map((name) => {
    const factory = reporters[name];
    if (!factory) {
      throw new CliError(`Unknown reporter "${name}"`);
    }
    const exportPath = exportPaths[name];
    return factory({ out: process.stdout, err: process.stderr, ...(exportPath ? { exportPath } : {}) });
  });

  const transport = transportFor(o);
  const handle = runCollection({
    ...inputRunOptions(inputs),
    ...(o.iterationCount === undefined ? {} : { iterations: o.iterationCount }),
    folders: o.folder,
    ...(o.delayRequest === undefined ? {} : { delayMs: o.delayRequest }),
    ...(o.timeoutRequest === undefined ? {} : { timeoutMs: o.timeoutRequest }),
    bail: o.bail === true,
    parallel: o.parallel ?? 1,
    transport,
    ...(collectionHasScripts(collection) ? { scriptEngine: () => createEngine(o.timeoutScript) } : {}),
    // Bodies are only needed by reporters that print them.
    keepResponseBodies: names.includes('json') || names.includes('html'),
  });
  const listeners = active.filter((r) => r.onEvent);
  if (listeners.length > 0) {
    handle.on((event) => {
      for (const r of listeners) {
        r.onEvent?.(event);
      }
    });
  }
  const onSignal = () => handle.abort();
  process.once('SIGINT', onSignal);
  const report = await handle.report;
  process.off('SIGINT', onSignal);
  await transport.close();
  for (const r of active) {
    await r.finish(report);
  }
  const vars = await handle.variables;
  if (o.exportEnvironment) {
    await exportScope(o.exportEnvironment, 'environment', environment, vars.environment);
  }
  if (o.exportGlobals) {
    await exportScope(o.exportGlobals, 'globals', globals, vars.globals);
  }
  ctx.setExitCode(report.status === 'passed' ? ExitCode.OK : ExitCode.RUN_FAILED);
}

/** `apiplay run <collection>`: run a collection (ours or Postman v2.x) the way newman does. */
/** Write the scope as loaded (or an empty one) with the run's final values merged in, as a Postman file. */
async function exportScope(
  file: string,
  scope: 'environment' | 'globals',
  loaded: TEnvironment | undefined,
  final: readonly TVariable[],
): Promise<void> {
  const base: TEnvironment = loaded ?? {
    v: 1,
    id: globalThis.crypto.randomUUID(),
    name: scope,
    variables: [],
  };
  const merged = { ...base, variables: mergeVariables(base.variables, final) };
  await writeFile(file, `${JSON.stringify(toPostmanEnvironment(merged, scope), null, 2)}\n`);
}

export const runCommand: CliCommand = {
  name: 'run',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('run')
      .description('Run a collection (API Playground or Postman v2.0/v2.1 JSON) and report the results')
      .argument(
        '[collection]',
        'collection file (API Playground JSON or Postman v2.0/v2.1 export); omit with --server',
      )
      .option('-e, --environment <path>', 'environment file (API Playground or Postman export)')
      .option('-g, --globals <path>', 'globals file (API Playground environment or Postman globals export)')
      .option(
        '-d, --iteration-data <path>',
        'data file: JSON array of objects or CSV with a header row; one iteration per row',
      )
      .option(
        '-n, --iteration-count <n>',
        'number of iterations (default: data rows, else 1; the last row repeats)',
        int(1),
      )
      .option(
        '--folder <name>',
        'run only this folder (name or id, nested ok); repeat for several',
        collect,
        [],
      )
      .option('--delay-request <ms>', 'wait between requests', int(0))
      .option('--timeout-request <ms>', 'per-request timeout (default: none)', int(0))
      .option('--timeout-script <ms>', 'per-script time limit (default: 5000)', int(1))
      .option('--bail', 'stop at the first failed request, assertion or script')
      .option('-k, --insecure', 'do not verify TLS certificates')
      .option(
        '--env-var <key=value>',
        'set an environment variable (repeatable; overrides the file)',
        collect,
        [],
      )
      .option(
        '--global-var <key=value>',
        'set a global variable (repeatable; overrides the file)',
        collect,
        [],
      )
      .option(
        '--parallel <n>',
        'run n iterations concurrently; each has its own copy of every variable scope (taken at run start) and their environment/global writes are merged in iteration order at the end',
        int(1),
      )
      .addOption(
        new Option('-r, --reporters <list>', 'comma-separated reporters: cli, json, junit, html').default(
          'cli',
        ),
      )
      .option('--reporter-json-export <path>', 'where the json reporter writes (default: ./apiplay-reports/)')
      .option(
        '--reporter-junit-export <path>',
        'where the junit reporter writes (default: ./apiplay-reports/)',
      )
      .option('--reporter-html-export <path>', 'where the html reporter writes (default: ./apiplay-reports/)')
      .option('--export-environment <path>', 'write the final environment (Postman format) to this file')
      .option('--export-globals <path>', 'write the final globals (Postman format) to this file')
      .option(
        '--working-dir <path>',
        'base directory for file paths in form-data and binary bodies (default: cwd)',
      )
      // picocolors reads --no-color / NO_COLOR / FORCE_COLOR itself; declared here so commander accepts the flag.
      .option('--no-color', 'plain output without ANSI colors (also NO_COLOR=1)')
      .option('--server <url>', 'run a collection stored on an API Playground server instead of a file')
      .option('--api-key <key>', 'API key for --server (default: $APIPLAY_API_KEY)')
      .option('--collection <id>', 'collection id on the server (with --server)')
      .option('--environment-id <id>', 'environment id on the server (with --server); -e overrides it')
      .addHelpText(
        'after',
        `
Exit codes: 0 all passed · 1 a request, assertion or script failed · 2 bad input or usage.

Examples:
  apiplay run api.postman_collection.json -e staging.postman_environment.json
  apiplay run api.json -d users.csv --reporters cli,junit --reporter-junit-export results.xml
  apiplay run api.json --folder "Smoke tests" --bail --env-var baseUrl=http://127.0.0.1:3000
  APIPLAY_API_KEY=apk_… apiplay run --server https://apiplay.example.com --collection <id> --environment-id <id>`,
      )
      .action(async (collection: string | undefined, options: RunOptions) => {
        await run(collection, options, ctx);
      });
  },
};
