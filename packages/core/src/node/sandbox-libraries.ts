// The one table of the libraries the script sandbox's `require` serves, as postman-sandbox serves them, and how each
// becomes the single file of JavaScript QuickJS evaluates. Read by:
// - script-modules.ts (loads them at run time, lazily, one file per library),
// - the CLI's and the server's build.mjs (write them next to the bundle with `writeSandboxLibraries`),
// - scripts/package.mjs (installs the packages of the entries with a `pkg` into the release; it reads them with a
//   regular expression, so only those entries may spell `pkg` followed by a colon and a quote).
// Nothing here imports a runtime dependency: esbuild is handed in by the caller (it is a devDependency).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuildOptions, BuildResult, TransformOptions, TransformResult } from 'esbuild';
import { fastChai } from '../scripts/fast-chai';

/**
 * `file`: a single-file (UMD) build the package ships, read as is.
 * `bundle`: a CommonJS package with dependencies (or one of Node's modules, served by the browserify shim
 * postman-sandbox uses), bundled by esbuild into one file at build time.
 */
export type SandboxLibrary = { pkg: string; file: string } | { bundle: string };

export const SANDBOX_LIBRARIES = {
  chai: { pkg: 'chai', file: 'chai.js' },
  lodash: { pkg: 'lodash', file: 'lodash.min.js' },
  'crypto-js': { pkg: 'crypto-js', file: 'crypto-js.js' },
  uuid: { pkg: 'uuid', file: 'dist/umd/uuid.min.js' },
  moment: { pkg: 'moment', file: 'min/moment.min.js' },
  ajv: { pkg: 'ajv', file: 'dist/ajv.min.js' },
  tv4: { pkg: 'tv4', file: 'tv4.js' },
  'csv-parse/lib/sync': { pkg: 'csv-parse', file: 'lib/browser/sync.js' },
  // The versions postman-sandbox 6 bundles (packages/core devDependencies pin them).
  cheerio: { bundle: 'cheerio' },
  xml2js: { bundle: 'xml2js' },
  backbone: { bundle: 'backbone' },
  'postman-collection': { bundle: 'postman-collection' },
  // Node's modules, as browserify's shims (what postman-sandbox serves for them).
  assert: { bundle: 'assert' },
  buffer: { bundle: 'buffer' },
  events: { bundle: 'events' },
  os: { bundle: 'os' },
  path: { bundle: 'path' },
  punycode: { bundle: 'punycode' },
  querystring: { bundle: 'querystring' },
  stream: { bundle: 'stream' },
  string_decoder: { bundle: 'string_decoder' },
  timers: { bundle: 'timers' },
  url: { bundle: 'url' },
  util: { bundle: 'util' },
} as const satisfies Record<string, SandboxLibrary>;

export type SandboxLibraryName = keyof typeof SANDBOX_LIBRARIES;
export const SANDBOX_LIBRARY_NAMES = Object.keys(SANDBOX_LIBRARIES) as SandboxLibraryName[];

/** The file a library is stored as next to a bundle (`csv-parse/lib/sync` → `csv-parse__lib__sync.js`). */
export function sandboxLibraryFile(name: SandboxLibraryName): string {
  return `${name.replaceAll('/', '__')}.js`;
}

// Node's modules whose browserify shim has another package name; the others (buffer, events, util, url, assert,
// string_decoder, punycode) resolve to the npm package of the same name, since the bundle targets the browser.
const SHIM_PACKAGES: Record<string, string> = {
  os: 'os-browserify/browser.js',
  path: 'path-browserify',
  querystring: 'querystring-es3',
  stream: 'stream-browserify',
  timers: 'timers-browserify',
};

/**
 * esbuild options that turn one `bundle` library into the CommonJS text the host evaluates (`module.exports`).
 * The sandbox has no `process`: the `process` shim is injected where a library reads it. `Buffer` is the
 * sandbox's global (loaded on first use), so it is not bundled into every library that mentions it.
 */
export function sandboxBundleOptions(
  name: SandboxLibraryName,
  coreDir: string,
): BuildOptions & { write: false } {
  const spec: SandboxLibrary = SANDBOX_LIBRARIES[name];
  if (!('bundle' in spec)) {
    throw new Error(`${name} is read as a file, not bundled`);
  }
  const entry = SHIM_PACKAGES[spec.bundle] ?? spec.bundle;
  return {
    stdin: { contents: `module.exports = require(${JSON.stringify(entry)});`, resolveDir: coreDir },
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2020',
    alias: SHIM_PACKAGES,
    inject: [join(coreDir, 'src/node/sandbox-process-shim.js')],
    define: { global: 'globalThis' },
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
    write: false,
  };
}

interface Esbuild {
  build(options: BuildOptions & { write: false }): Promise<BuildResult<{ write: false }>>;
  transform(input: string, options: TransformOptions): Promise<TransformResult>;
}

/** Read a `file` library from packages/core's node_modules (which pins chai 4; the root may hold another). */
export function readSandboxLibraryFile(
  spec: { pkg: string; file: string },
  from: { resolve(id: string): string },
): string {
  // Through package.json: some packages restrict their subpaths with an exports map.
  return readFileSync(join(dirname(from.resolve(`${spec.pkg}/package.json`)), spec.file), 'utf8');
}

/**
 * Build every library into `outDir` (`coreDir`: packages/core, whose node_modules pin them) (one file each, see `sandboxLibraryFile`). chai gets core's constructor patch
 * (fast-chai.ts, whose text match needs the original source); unminified files lose whitespace and comments, since
 * QuickJS parses a library when a run first requires it (chai 360 → 110 kB, ~30 ms less CPU at startup).
 */
export async function writeSandboxLibraries(
  outDir: string,
  coreDir: string,
  esbuild: Esbuild,
): Promise<void> {
  const from = createRequire(join(coreDir, 'package.json'));
  const one = async (name: SandboxLibraryName): Promise<void> => {
    const spec: SandboxLibrary = SANDBOX_LIBRARIES[name];
    let source: string;
    if ('bundle' in spec) {
      const out = await esbuild.build(sandboxBundleOptions(name, coreDir));
      source = out.outputFiles[0]?.text ?? '';
    } else {
      source = readSandboxLibraryFile(spec, from);
      if (name === 'chai') {
        const patched = fastChai(source);
        if (patched === source) {
          throw new Error('packages/core/src/scripts/fast-chai.ts does not recognise this chai: update it');
        }
        source = patched;
      }
      if (!spec.file.includes('.min.')) {
        source = (await esbuild.transform(source, { minifyWhitespace: true, legalComments: 'none' })).code;
      }
    }
    writeFileSync(join(outDir, sandboxLibraryFile(name)), source);
  };
  await Promise.all(SANDBOX_LIBRARY_NAMES.map(one));
}

/** Whether `dir` holds built libraries (written by `writeSandboxLibraries`). */
export function hasSandboxLibraries(dir: string): boolean {
  return existsSync(join(dir, sandboxLibraryFile('chai')));
}
