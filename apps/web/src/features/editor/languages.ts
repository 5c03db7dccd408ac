import type { Extension } from '@codemirror/state';

export type EditorLanguage = 'json' | 'javascript' | 'xml' | 'html' | 'text' | 'graphql';

/** CodeMirror languages load lazily, each in its own chunk. */
export async function loadLanguage(lang: EditorLanguage): Promise<Extension> {
  switch (lang) {
    case 'json':
      return (await import('@codemirror/lang-json')).json();
    case 'javascript':
      return (await import('@codemirror/lang-javascript')).javascript();
    case 'xml':
      return (await import('@codemirror/lang-xml')).xml();
    case 'html':
      return (await import('@codemirror/lang-html')).html();
    case 'graphql':
    case 'text':
      return [];
    default: {
      const never: never = lang;
      return never;
    }
  }
}
