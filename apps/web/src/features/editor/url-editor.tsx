import { autocompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { variableCompletion, variableHighlighter } from './variables';

export interface VarInfo {
  key: string;
  value: string;
  secret?: boolean;
}

/** A one-line CodeMirror input with `{{var}}` highlighting and completion; Enter or Mod-Enter sends. */
export function UrlEditor({
  value,
  onChange,
  vars,
  onSend,
  readOnly = false,
  ariaLabel = 'Request URL',
}: {
  value: string;
  onChange: (value: string) => void;
  vars: VarInfo[];
  onSend: () => void;
  readOnly?: boolean;
  ariaLabel?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const varsRef = useRef(vars);
  const onChangeRef = useRef(onChange);
  const onSendRef = useRef(onSend);
  const hl = useRef(new Compartment());
  const ro = useRef(new Compartment());
  varsRef.current = vars;
  onChangeRef.current = onChange;
  onSendRef.current = onSend;

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; props flow through refs and effects
  useEffect(() => {
    if (!host.current) {
      return;
    }
    const send = () => {
      onSendRef.current();
      return true;
    };
    view.current = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          // stopPropagation: the page's own Ctrl/⌘+Enter shortcut must not send the same request a second time.
          keymap.of([
            { key: 'Mod-Enter', run: send, stopPropagation: true },
            ...historyKeymap,
            ...defaultKeymap,
          ]),
          autocompletion({ override: [variableCompletion(() => varsRef.current)], activateOnTyping: true }),
          keymap.of([{ key: 'Enter', run: send, stopPropagation: true }]),
          // One line only: pasted newlines are dropped.
          EditorState.transactionFilter.of((tr) => {
            if (!tr.docChanged || tr.newDoc.lines === 1) {
              return tr;
            }
            const text = tr.newDoc.toString().replace(/[\r\n]+/g, '');
            return [{ changes: { from: 0, to: tr.startState.doc.length, insert: text } }];
          }),
          hl.current.of(variableHighlighter(vars.map((v) => v.key))),
          ro.current.of(EditorState.readOnly.of(readOnly)),
          placeholder('https://api.example.com/path or {{baseUrl}}/path'),
          EditorView.contentAttributes.of({
            'aria-label': ariaLabel,
            'aria-multiline': 'false',
            role: 'textbox',
          }),
          EditorView.theme({
            '&': { fontFamily: 'var(--font-mono)' },
            '.cm-content': { padding: '5px 0' },
            '.cm-scroller': { overflow: 'hidden' },
          }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) {
              onChangeRef.current(u.state.doc.toString());
            }
          }),
        ],
      }),
    });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: hl.current.reconfigure(variableHighlighter(vars.map((v) => v.key))) });
  }, [vars]);

  useEffect(() => {
    view.current?.dispatch({ effects: ro.current.reconfigure(EditorState.readOnly.of(readOnly)) });
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
      data-testid="url-editor"
      className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
    />
  );
}
