import { setEntryUrl } from './bundle-dir';
import { main } from './program';

/** Entry of the bundled binary: run, flush stdout, exit with the documented code. */
export async function start(): Promise<void> {
  setEntryUrl(import.meta.url);
  const code = await main(process.argv);
  process.stdout.write('', () => {
    process.exit(code);
  });
}
