import { newQuickJSWASMModuleFromVariant, type QuickJSContext, RELEASE_SYNC } from 'quickjs-emscripten';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunCall, type RunCall } from './wasm-call';
import { installFastStrings } from './wasm-strings';

let vm: QuickJSContext;
let runCall: RunCall;
const handles: { dispose(): void }[] = [];

beforeAll(async () => {
  const module = await newQuickJSWASMModuleFromVariant(RELEASE_SYNC);
  vm = module.newContext();
  installFastStrings(vm);
  // Shaped like the prelude's run(fn, meta, restoreAll, body?): echoes what it was given, or throws.
  const run = vm.unwrapResult(
    vm.evalCode(
      `(function (fn, meta, restoreAll, body) {
        if (meta === 'throw') { throw new TypeError('from run'); }
        if (meta === 'grow') { globalThis.big = 'x'.repeat(64 * 1024 * 1024) + meta; }
        return [fn(), meta, restoreAll, arguments.length, body === undefined ? '-' : body].join('|');
      })`,
    ),
  );
  handles.push(run);
  runCall = createRunCall(vm, run);
});

afterAll(() => {
  runCall.free();
  for (const h of handles) {
    h.dispose();
  }
  vm.dispose();
});

function call(meta: string, restoreAll: boolean, body?: string): string {
  const fn = vm.unwrapResult(vm.evalCode('(function () { return "fn"; })'));
  const metaH = vm.newString(meta);
  const bodyH = body === undefined ? undefined : vm.newString(body);
  const result = runCall.call(fn, metaH, restoreAll, bodyH);
  for (const h of [fn, metaH, bodyH]) {
    h?.dispose();
  }
  if (result.error) {
    const dumped = vm.dump(result.error) as { name?: string; message?: string };
    result.error.dispose();
    return `error ${dumped.name}: ${dumped.message}`;
  }
  return result.text;
}

describe('createRunCall', () => {
  it('takes the direct path on this quickjs-emscripten', () => {
    // If an upgrade changes the internals it uses, this fails: the library's path keeps working, but slower.
    expect(runCall.fast).toBe(true);
  });

  it('passes the function, meta, flag and, when given, the body', () => {
    expect(call('m\u0001é', true)).toBe('fn|m\u0001é|true|3|-');
    expect(call('m', false, '{"a":"ü"}')).toBe('fn|m|false|4|{"a":"ü"}');
  });

  it('hands back what run() threw', () => {
    expect(call('throw', false)).toBe('error TypeError: from run');
    expect(call('after', false)).toBe('fn|after|false|3|-');
  });

  it('keeps working after the wasm heap grew (a new buffer)', () => {
    expect(call('grow', true)).toBe('fn|grow|true|3|-');
    expect(call('again', false, 'b')).toBe('fn|again|false|4|b');
  });
});
