import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemblePrelude, GENERATED_PRELUDE, renderPreludeModule } from '../../scripts/build-sandbox';
import { SANDBOX_PRELUDE } from './prelude.gen';

describe('sandbox prelude', () => {
  it('prelude.gen.ts is up to date with src/scripts/sandbox (run `npm run build:sandbox`)', () => {
    expect(readFileSync(GENERATED_PRELUDE, 'utf8')).toBe(renderPreludeModule(assemblePrelude()));
  });

  it('is one function expression of host, in strict mode, with no template literal inside', () => {
    expect(SANDBOX_PRELUDE.startsWith("(function (host) {\n'use strict';\n")).toBe(true);
    expect(SANDBOX_PRELUDE.endsWith('return { run: run, finish: finish };\n})')).toBe(true);
    expect(SANDBOX_PRELUDE).not.toContain('`');
    expect(SANDBOX_PRELUDE).not.toContain('@ts-check');
  });
});
