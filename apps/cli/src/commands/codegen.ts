import type { Command } from 'commander';
import { CliError } from '../exit-codes';
import { loadCollection, loadEnvironment } from '../load-files';
import type { CliCommand } from './types';

interface CodegenOptions {
  request?: string;
  target: string;
  environment?: string;
  resolve: boolean;
  listTargets?: boolean;
}

async function codegen(file: string | undefined, o: CodegenOptions): Promise<void> {
  const core = await import('@apiplay/core');
  if (o.listTargets) {
    for (const t of core.codegenTargets) {
      process.stdout.write(`${t.id.padEnd(26)} ${t.label}\n`);
    }
    return;
  }
  if (!file || !o.request) {
    throw new CliError('codegen needs <collection> and --request <name or id> (or --list-targets)');
  }
  if (!core.codegenTargets.some((t) => t.id === o.target)) {
    throw new CliError(`Unknown target "${o.target}"; see apiplay codegen --list-targets`);
  }
  const { collection } = await loadCollection(file);
  const all = core.walkRequests(collection);
  const wanted = o.request;
  let matches = all.filter((r) => r.item.id === wanted);
  if (matches.length === 0) {
    matches = all.filter((r) => r.item.name === wanted || [...r.path, r.item.name].join('/') === wanted);
  }
  if (matches.length === 0) {
    throw new CliError(`No request named or with id "${wanted}" in ${collection.name}`);
  }
  if (matches.length > 1) {
    const names = matches.map((m) => `${[...m.path, m.item.name].join('/')} (${m.item.id})`).join(', ');
    throw new CliError(`"${wanted}" matches several requests: ${names}; use the folder path or the id`);
  }
  const [match] = matches;
  if (!match) {
    return;
  }
  const environment = o.environment ? await loadEnvironment(o.environment) : undefined;
  const scopes = new core.VariableScopes({
    collection: collection.variables,
    ...(environment ? { environment: environment.variables } : {}),
  });
  scopes.setFolders(match.ancestors);
  const { code, warnings } = core.generateCode(match.item, o.target, {
    resolveVariables: o.resolve,
    scopes,
    ancestors: match.ancestors,
  });
  for (const w of warnings) {
    process.stderr.write(`warning: ${w}\n`);
  }
  process.stdout.write(`${code}\n`);
}

/** `apiplay codegen <collection> --request <name or id> --target <id>`: a runnable snippet for one request. */
export const codegenCommand: CliCommand = {
  name: 'codegen',
  register(program: Command) {
    program
      .command('codegen')
      .description('print code (curl, Python, Node, Go, Java, …) that sends one request of a collection')
      .argument('[collection]', 'collection file (ours or Postman v2)')
      .option('-r, --request <name or id>', 'request id, name, or folder path like "Users/List users"')
      .option('-t, --target <id>', 'codegen target id', 'shell-curl')
      .option('-e, --environment <file>', 'environment whose variables resolve into the code')
      .option('--no-resolve', 'keep {{variables}} as placeholders')
      .option('--list-targets', 'list target ids and exit')
      .action((file: string | undefined, o: CodegenOptions) => codegen(file, o));
  },
};
