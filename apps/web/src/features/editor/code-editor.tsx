import { autocompletion, type CompletionSource, closeBrackets } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { placeholder as cmPlaceholder, EditorView, keymap, lineNumbers } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import { type EditorLanguage, loadLanguage } from './languages';
import { variableHighlighter } from './variables';

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language?: EditorLanguage;
  readOnly?: boolean;
  ariaLabel: string;
  /** Variable names known in the active scope (highlighted; unknown ones flagged). */
  knownVars?: string[];
  completions?: CompletionSource[];
  placeholder?: string;
  minHeight?: string;
  folding?: boolean;
  onModEnter?: () => void;
}

/** A multi-line CodeMirror 6 editor; the language is loaded lazily and swapped through a compartment. */
export function CodeEditor({
  value,
  onChange,
  language = 'text',
  readOnly = false,
  ariaLabel,
  knownVars,
  completions,
  placeholder,
  minHeight = '8rem',
  folding = true,
  onModEnter,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const langComp = useRef(new Compartment());
  const varsComp = useRef(new Compartment());
  const roComp = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
  const onModEnterRef = useRef(onModEnter);
  onChangeRef.current = onChange;
  onModEnterRef.current = onModEnter;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; props flow in through effects below
  useEffect(() => {
    if (!host.current) {
      return;
    }
    const extensions: Extension[] = [
      lineNumbers(),
      folding ? foldGutter() : [],
      history(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightSelectionMatches(),
      search({ top: true }),
      // Token classes (`tok-*`) coloured in styles.css, so light and dark themes both read well.
      syntaxHighlighting(classHighlighter),
      keymap.of([
        {
          key: 'Mod-Enter',
          run: () => {
            onModEnterRef.current?.();
            return Boolean(onModEnterRef.current);
          },
          // Handled here (the body editor sends): the page's Ctrl/⌘+Enter shortcut must not send a second time.
          stopPropagation: true,
        },
        ...defaultKeymap,
        ...historyKeymap,
        ...foldKeymap,
        ...searchKeymap,
        indentWithTab,
      ]),
      completions && completions.length > 0 ? autocompletion({ override: completions }) : autocompletion(),
      langComp.current.of([]),
      varsComp.current.of(knownVars ? variableHighlighter(knownVars) : []),
      roComp.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
      EditorView.contentAttributes.of({ 'aria-label': ariaLabel }),
      EditorView.theme({ '&': { minHeight }, '.cm-scroller': { minHeight } }),
      placeholder ? cmPlaceholder(placeholder) : [],
      EditorView.updateListener.of((u) => {
        if (u.docChanged) {
          onChangeRef.current?.(u.state.doc.toString());
        }
      }),
    ];
    view.current = new EditorView({
      parent: host.current,
      state: EditorState.create({ doc: value, extensions }),
    });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    let live = true;
    void loadLanguage(language).then((ext) => {
      if (live) {
        view.current?.dispatch({ effects: langComp.current.reconfigure(ext) });
      }
    });
    return () => {
      live = false;
    };
  }, [language]);

  useEffect(() => {
    view.current?.dispatch({
      effects: varsComp.current.reconfigure(knownVars ? variableHighlighter(knownVars) : []),
    });
  }, [knownVars]);

  useEffect(() => {
    view.current?.dispatch({
      effects: roComp.current.reconfigure([
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
      ]),
    });
  }, [readOnly]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  return (
    <div
      ref={host}
      className="h-full overflow-hidden rounded border border-zinc-300 dark:border-zinc-700"
      data-testid={`editor-${ariaLabel}`}
    />
  );
}
