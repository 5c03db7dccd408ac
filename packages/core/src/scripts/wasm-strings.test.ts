import { newQuickJSWASMModuleFromVariant, type QuickJSContext, RELEASE_SYNC } from 'quickjs-emscripten';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFastStrings } from './wasm-strings';

let plain: QuickJSContext;
let fast: QuickJSContext;
let installed = false;

beforeAll(async () => {
  const module = await newQuickJSWASMModuleFromVariant(RELEASE_SYNC);
  plain = module.newContext();
  fast = module.newContext();
  installed = installFastStrings(fast);
});

afterAll(() => {
  plain.dispose();
  fast.dispose();
});

/** What the sandbox sees of `text`: its length and char codes, computed inside QuickJS. */
function seen(vm: QuickJSContext, text: string): string {
  const h = vm.newString(text);
  const fn = vm.unwrapResult(
    vm.evalCode(
      '(function (s) { var c = []; for (var i = 0; i < s.length; i++) c.push(s.charCodeAt(i)); return s.length + ":" + c.join(","); })',
    ),
  );
  const out = vm.unwrapResult(vm.callFunction(fn, vm.undefined, h));
  const result = vm.getString(out);
  for (const handle of [h, fn, out]) {
    handle.dispose();
  }
  return result;
}

describe('installFastStrings', () => {
  it('is installed on this quickjs-emscripten', () => {
    // If an upgrade changes the internals it hooks, this fails: the fallback keeps working, but slower.
    expect(installed).toBe(true);
  });

  it('hands QuickJS exactly the strings the library’s own copy does', () => {
    const texts = [
      '',
      'plain ascii',
      '{"json":"body","n":1}',
      'é ü ß — “quotes” ✓ 漢字',
      '\u{1F600} emoji and \u{10FFFF}',
      'control \u0001 \u001f chars',
      'before\u0000after',
      'lone \ud800 high',
      'lone \udc00 low',
      '\ud83d',
      'x'.repeat(300_000),
      'é'.repeat(200_000),
    ];
    for (const text of texts) {
      expect(seen(fast, text)).toBe(seen(plain, text));
    }
  });

  it('keeps working when the heap grows between two strings', () => {
    const big = 'y'.repeat(4 * 1024 * 1024);
    expect(seen(fast, `a${big.slice(0, 200_000)}`)).toBe(seen(plain, `a${big.slice(0, 200_000)}`));
    const h = fast.newString(big);
    expect(fast.getString(h).length).toBe(big.length);
    h.dispose();
    expect(seen(fast, 'after growth ✓')).toBe(seen(plain, 'after growth ✓'));
  });
});
