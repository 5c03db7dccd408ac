/**
 * Strings into QuickJS without emscripten's per-character copy. quickjs-emscripten turns every host string it
 * hands to the sandbox (`newString`: run()'s meta with the response body, host functions' results) into UTF-8 with
 * two JavaScript loops over its characters (`lengthBytesUTF8`, then `stringToUTF8`): ≈3 µs for a 700-byte body,
 * paid on every script run. `TextEncoder.encodeInto` writes the same bytes straight into the wasm heap.
 *
 * The hook is the context's `memory.newHeapCharPointer` (quickjs-emscripten-core 0.32, not part of its typed
 * API): it is replaced on that one context only, after checking it has the expected shape; any other shape keeps
 * the library's own path. Strings it would encode differently go the library's way too: lone surrogates
 * (emscripten writes them as 3-byte sequences, encodeInto as U+FFFD) and very long ones (encodeInto needs room for
 * 3 bytes per character up front, which a body near the memory cap would not have).
 */
import { Lifetime, type QuickJSContext } from 'quickjs-emscripten';

/** Above this many characters the library's exact-size copy is kept (the up-front room would be 3× the text). */
const FAST_MAX_CHARS = 256 * 1024;

interface HeapCharPointer {
  ptr: number;
  strlen: number;
}
/** What these hooks use of the emscripten module behind a context (wasm-call.ts too). */
export interface EmscriptenHeap {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
}

/** Whether `module` has the emscripten heap shape these hooks expect. */
export function isEmscriptenHeap<T extends object>(module: T | undefined): module is T & EmscriptenHeap {
  const m = module as Partial<EmscriptenHeap> | undefined;
  return typeof m?._malloc === 'function' && typeof m._free === 'function' && m.HEAPU8 instanceof Uint8Array;
}
interface ContextMemory {
  module: EmscriptenHeap;
  newHeapCharPointer(text: string): Lifetime<HeapCharPointer, HeapCharPointer>;
}

function contextMemory(vm: QuickJSContext): ContextMemory | undefined {
  const memory = (vm as unknown as { memory?: Partial<ContextMemory> }).memory;
  if (typeof memory?.newHeapCharPointer !== 'function' || !isEmscriptenHeap(memory.module)) {
    return undefined;
  }
  return memory as ContextMemory;
}

/** Make `vm.newString` (and every host string the context receives) encode with `encodeInto`. */
export function installFastStrings(vm: QuickJSContext): boolean {
  const memory = contextMemory(vm);
  const isWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
  if (!memory || typeof isWellFormed !== 'function' || typeof TextEncoder !== 'function') {
    return false;
  }
  const libraryCopy = memory.newHeapCharPointer.bind(memory);
  const module = memory.module;
  const encoder = new TextEncoder();
  const free = (value: HeapCharPointer) => module._free(value.ptr);
  memory.newHeapCharPointer = (text: string) => {
    if (text.length > FAST_MAX_CHARS || !isWellFormed.call(text)) {
      return libraryCopy(text);
    }
    const room = text.length * 3 + 1;
    const ptr = module._malloc(room);
    if (ptr === 0) {
      return libraryCopy(text);
    }
    // Read after malloc: a heap that grew has a new buffer (emscripten replaces HEAPU8).
    const heap = module.HEAPU8;
    const { written } = encoder.encodeInto(text, heap.subarray(ptr, ptr + room - 1));
    heap[ptr + written] = 0;
    return new Lifetime<HeapCharPointer, HeapCharPointer>({ ptr, strlen: written }, undefined, free);
  };
  return true;
}
