/**
 * Where the entry bundle (dist/apiplay.js) lives, set by main.ts at start. Lazily loaded chunks live in
 * dist/chunks/, so their own `import.meta.url` cannot locate the files build.mjs writes next to the entry (the load
 * thread's entry, sandbox/).
 */
let entryUrl: string | undefined;

export function setEntryUrl(url: string): void {
  entryUrl = url;
}

/** A file next to the entry bundle; undefined when the CLI runs from source (not bundled). */
export function besideEntry(name: string): URL | undefined {
  return entryUrl === undefined ? undefined : new URL(name, entryUrl);
}
