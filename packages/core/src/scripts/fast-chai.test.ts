import { describe, expect, it } from 'vitest';
import { loadScriptModules } from '../node/script-modules';
import { fastChai } from './fast-chai';

describe('fastChai', () => {
  it('recognises the bundled chai (a chai upgrade that changes the constructor must update fast-chai.ts)', async () => {
    const { chai } = await loadScriptModules();
    expect(chai).toBeDefined();
    const patched = fastChai(chai ?? '');
    expect(patched).not.toBe(chai);
    expect(patched).toContain('flags.object = obj;');
  });

  it('leaves a source it does not recognise unchanged', () => {
    expect(fastChai('module.exports = {};')).toBe('module.exports = {};');
  });
});
