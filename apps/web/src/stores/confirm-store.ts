import { create } from 'zustand';

/** What a confirm or prompt dialog asks. */
export interface AskOptions {
  title: string;
  message?: string;
  /** Label of the confirming button (default "OK"). */
  confirmLabel?: string;
  /** The action destroys something: the button is red. */
  danger?: boolean;
  /** Ask for text: the field's label and initial value. */
  input?: { label: string; initial?: string };
}

interface Pending extends AskOptions {
  resolve: (answer: string | null) => void;
}

interface ConfirmState {
  pending: Pending | null;
  ask: (opts: AskOptions) => Promise<string | null>;
  answer: (value: string | null) => void;
}

/** The one open confirm/prompt dialog (UI state only); `ConfirmHost` renders it. */
export const useConfirmStore = create<ConfirmState>()((set, get) => ({
  pending: null,
  ask: (opts) =>
    new Promise((resolve) => {
      // A second question while one is open answers the first with "cancel".
      get().pending?.resolve(null);
      set({ pending: { ...opts, resolve } });
    }),
  answer: (value) => {
    get().pending?.resolve(value);
    set({ pending: null });
  },
}));

/** In place of `window.confirm`: resolves true when confirmed. */
export async function confirmAction(opts: Omit<AskOptions, 'input'>): Promise<boolean> {
  return (await useConfirmStore.getState().ask(opts)) !== null;
}

/** In place of `window.prompt`: resolves with the text, or null when cancelled. */
export function promptText(
  opts: AskOptions & { input: NonNullable<AskOptions['input']> },
): Promise<string | null> {
  return useConfirmStore.getState().ask(opts);
}
