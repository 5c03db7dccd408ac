import { type AppConfig, ConfigError } from '../config/env';
import { adminCommands } from './commands';
import { AdminExit, type AdminIo, AdminUsageError } from './types';

function helpText(): string {
  const width = Math.max(...adminCommands.map((c) => c.name.length));
  return [
    'Usage: apiplay admin <command> [args]',
    '',
    'Maintenance of a server installation. Reads the same environment as the server (DATABASE_URL for',
    'PostgreSQL, otherwise the embedded database under DATA_DIR; SECRETS_KEY, …).',
    '',
    'Commands:',
    ...adminCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'apiplay admin <command> --help shows its usage.',
  ].join('\n');
}

/**
 * Runs `apiplay admin <argv…>` and resolves to the exit code. The configuration is loaded only when a command
 * runs (so `--help` works without one); `loadConfig` is passed in because only `config/env.ts` reads the
 * environment.
 */
export async function runAdmin(
  argv: readonly string[],
  loadConfig: () => AppConfig,
  io: AdminIo,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(helpText());
    return name === undefined ? AdminExit.USAGE : AdminExit.OK;
  }
  const command = adminCommands.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown admin command "${name}"\n\n${helpText()}`);
    return AdminExit.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: apiplay admin ${command.name} ${command.usage}\n\n${command.summary}`);
    return AdminExit.OK;
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return AdminExit.USAGE;
    }
    throw e;
  }
  try {
    return await command.run(rest, { config, io });
  } catch (e) {
    if (e instanceof AdminUsageError) {
      io.err(`error: ${e.message}\nUsage: apiplay admin ${command.name} ${command.usage}`);
      return AdminExit.USAGE;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return AdminExit.FAILED;
  }
}
