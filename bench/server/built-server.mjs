// Shared by the server benchmarks: flags, the built entry point, a free loopback port, RSS, and starting the
// built server (embedded mode) until /readyz answers 200.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverMain = join(root, 'apps', 'server', 'dist', 'main.js');

/** `--name N` from the command line as a number, or `def`. */
export const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

/** Exit 2 with a hint when the server has not been built. */
export function requireBuiltServer() {
  if (!existsSync(serverMain)) {
    console.error(`${serverMain} not found: run \`npm run build -w apps/server\` first`);
    process.exit(2);
  }
}

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export const rssMb = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU time (user + system) a process has used so far, in ms: steadier than wall time on a shared machine. */
export const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // fields[11], fields[12] = utime, stime in clock ticks (100 per second on Linux)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Spawn the built server on `port` and resolve once GET /readyz answers 200 (polled every `pollMs`).
 * `viaNpmStart` runs `npm start` from the repo root instead (what the README tells users to run).
 */
export async function spawnBuiltServer({ port, dataDir, logLevel, env = {}, pollMs, viaNpmStart = false }) {
  const [command, args] = viaNpmStart ? ['npm', ['start', '--silent']] : [process.execPath, [serverMain]];
  const child = spawn(command, args, {
    cwd: root,
    // its own process group, so stopServer() reaches the server behind npm too
    detached: viaNpmStart,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: logLevel,
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode}`);
    }
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return { child, base };
}

/** SIGTERM the server; resolves with its exit code. */
export function stopServer(child) {
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  if (child.spawnargs[0] === 'npm') {
    process.kill(-child.pid, 'SIGTERM');
  } else {
    child.kill('SIGTERM');
  }
  return exited;
}
