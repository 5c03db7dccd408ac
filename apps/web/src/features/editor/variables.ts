import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  type EditorView,
  MatchDecorator,
  ViewPlugin,
  type ViewUpdate,
} from '@codemirror/view';

const dynamicVars = [
  '$guid',
  '$timestamp',
  '$isoTimestamp',
  '$randomInt',
  '$randomUUID',
  '$randomEmail',
  '$randomFirstName',
];

/** Highlights `{{name}}`; names not in `known` (and not dynamic) get the "missing" style. */
export function variableHighlighter(known: string[]): Extension {
  const set = new Set(known);
  const ok = Decoration.mark({ class: 'cm-var' });
  const missing = Decoration.mark({ class: 'cm-var-missing' });
  const decorator = new MatchDecorator({
    regexp: /\{\{\s*([^{}\s]+)\s*\}\}/g,
    decoration: (m) => {
      const name = m[1] ?? '';
      return name.startsWith('$') || set.has(name) ? ok : missing;
    },
  });
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorator.createDeco(view);
      }
      update(u: ViewUpdate) {
        this.decorations = decorator.updateDeco(u, this.decorations);
      }
    },
    { decorations: (v) => v.decorations },
  );
}

/** Completion of `{{` + variable names from the active environment, globals and dynamic variables. */
export function variableCompletion(getVars: () => { key: string; value: string; secret?: boolean }[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const before = ctx.matchBefore(/\{\{[^{}\s]*$/);
    if (!before) {
      return null;
    }
    const vars = getVars();
    return {
      from: before.from + 2,
      validFor: /^[^{}\s]*$/,
      options: [
        ...vars.map((v) => ({
          label: v.key,
          detail: v.secret ? '••••' : v.value.slice(0, 40),
          type: 'variable',
          apply: `${v.key}}}`,
        })),
        ...dynamicVars.map((d) => ({ label: d, detail: 'dynamic', type: 'constant', apply: `${d}}}` })),
      ],
    };
  };
}
