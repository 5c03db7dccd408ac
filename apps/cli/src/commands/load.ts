import type { Command } from 'commander';
import type { LoadCommandOptions } from '../load/options';
import { collect, int } from './option-parsers';
import type { CliCommand, CommandContext } from './types';

/** `apiplay load <collection>`: the collection as a load test (the work lives in ../load/, loaded on use). */
export const loadCommand: CliCommand = {
  name: 'load',
  register(program: Command, ctx: CommandContext): void {
    program
      .command('load')
      .description(
        'Run a collection as a load test: virtual users loop over it (scripts included) for a duration or stages',
      )
      .argument('<collection>', 'collection file (API Playground JSON or Postman v2.0/v2.1 export)')
      .option(
        '--vus <n>',
        'virtual users (default 1; with --stage the VUs at start; with --rate those created up front)',
        int(0),
      )
      .option('--duration <time>', 'how long to run, e.g. 30s, 1m30s (not with --stage)')
      .option(
        '--stage <time:vus>',
        'ramp linearly to <vus> VUs over <time>, e.g. --stage 30s:50 --stage 1m:200 --stage 10s:0 (repeatable)',
        collect,
        [],
      )
      .option(
        '--rate <n/period>',
        'arrival rate: start iterations at this rate whatever their latency, e.g. 500/s',
      )
      .option(
        '--max-vus <n>',
        'most VUs at once: the pool --rate may grow to (default 100), and a cap --vus/--stage may not exceed',
        int(1),
      )
      .option(
        '--threads <n>',
        'worker threads to split the VUs across, at most the peak VU count (default: one per core when the collection has scripts, else 1)',
        int(1),
      )
      .option(
        '--think <time|min-max>',
        'pause after each request, e.g. 100ms or 50ms-200ms (uniformly random)',
      )
      .option(
        '--threshold <expr>',
        "pass/fail criterion in k6's syntax, e.g. 'http_req_duration:p(95)<200', 'http_req_failed:rate<0.01', 'checks:rate>0.99', 'http_req_duration{name:Get user}:p(99)<300' (repeatable)",
        collect,
        [],
      )
      .option(
        '--out <kind=file>',
        'write a report: json=<file>, html=<file> or junit=<file> (repeatable)',
        collect,
        [],
      )
      .option('-e, --environment <path>', 'environment file (API Playground or Postman export)')
      .option('-g, --globals <path>', 'globals file (API Playground environment or Postman globals export)')
      .option(
        '-d, --iteration-data <path>',
        'data file (JSON array or CSV); rows go to iterations round-robin',
      )
      .option('--env-var <key=value>', 'set an environment variable (repeatable)', collect, [])
      .option('--global-var <key=value>', 'set a global variable (repeatable)', collect, [])
      .option('--folder <name>', 'run only this folder (repeatable)', collect, [])
      .option('--timeout-request <ms>', 'per-request timeout (default: none)', int(0))
      .option('--timeout-script <ms>', 'per-script time limit (default: 5000)', int(1))
      .option(
        '--graceful-stop <time>',
        'when time is up, let requests in flight finish for this long (default 5s)',
      )
      .option('-k, --insecure', 'do not verify TLS certificates')
      .option('--working-dir <path>', 'base directory for file paths in form-data and binary bodies')
      .option('--no-color', 'plain output without ANSI colors (also NO_COLOR=1)')
      .addHelpText(
        'after',
        `
Each VU runs iterations of the whole collection, pre-request and test scripts included, on its own copy of every
variable scope and its own cookie jar. The VUs are split across --threads worker threads,
each with its own script engine (default: one per core with scripts, one thread without); their measurements
merge into one run (HDR histograms added). Metrics (k6's names): http_req_duration, http_req_waiting, http_req_failed
(network errors and status ≥ 400), http_reqs, checks (pm.test results), iterations, iteration_duration,
dropped_iterations. A live view is drawn on a terminal; otherwise one line per second.

Exit codes: 0 done, thresholds passed · 99 a threshold failed · 2 bad input or usage · 1 interrupted (Ctrl-C)
or the script engine did not start. Ctrl-C stops the run and still prints the summary and writes the reports.

Examples:
  apiplay load api.json --vus 50 --duration 30s --threshold 'http_req_duration:p(95)<200'
  apiplay load api.json --stage 30s:50 --stage 1m:200 --stage 10s:0 -e staging.json -d users.csv
  apiplay load api.json --rate 500/s --duration 1m --max-vus 300 --out json=load.json --out html=load.html`,
      )
      .action(async (collection: string, options: LoadCommandOptions) => {
        const { runLoadCommand } = await import('../load/run-command');
        ctx.setExitCode(await runLoadCommand(collection, options));
      });
  },
};
