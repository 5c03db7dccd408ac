import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      sourceFiles(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** The top-level folder of src/ a path belongs to (undefined for src/index.ts and the like). */
function folderOf(path: string): string | undefined {
  const parts = relative(src, path).split('/');
  if (parts.length > 1) {
    return parts[0];
  }
  try {
    return statSync(path).isDirectory() ? parts[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Folder → folders it imports (type imports included: a cycle of types is still a cycle of concepts). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = folderOf(resolve(dirname(file), m[1] ?? m[2] ?? ''));
      if (from && to && from !== to) {
        graph.set(from, (graph.get(from) ?? new Set()).add(to));
      }
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        found.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      visit(node);
    }
  }
  return found;
}

describe('core folder structure', () => {
  it('has no import cycle between the folders of src/', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('keeps prepareRequest above http/ and auth/, and http/ below auth/', () => {
    const graph = folderGraph();
    expect(graph.get('prepare')?.has('auth')).toBe(true);
    expect(graph.get('prepare')?.has('http')).toBe(true);
    expect(graph.get('http')?.has('auth') ?? false).toBe(false);
    expect(graph.get('http')?.has('prepare') ?? false).toBe(false);
  });
});
