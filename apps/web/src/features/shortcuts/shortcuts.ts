/** Every keyboard shortcut, listed once so the help dialog and handlers agree. */
export const shortcuts = [
  { keys: 'Ctrl/⌘ + Enter', action: 'Send the request' },
  { keys: 'Escape (while sending)', action: 'Cancel the request' },
  { keys: 'Ctrl/⌘ + S', action: 'Save the request' },
  { keys: 'Alt + N', action: 'New request tab' },
  { keys: 'Alt + W', action: 'Close the tab' },
  { keys: 'Ctrl/⌘ + K', action: 'Filter the sidebar' },
  { keys: 'Ctrl/⌘ + F (in body)', action: 'Find in response body' },
  { keys: '↑ ↓ ← → Home End', action: 'Move in the sidebar tree and tab lists' },
  { keys: 'Enter / F2 / Delete', action: 'Open / rename / delete the focused tree item' },
  { keys: 'Shift + F10 / context-menu key', action: 'Open the tree item menu' },
  { keys: 'Alt + ↑ / ↓', action: 'Move the focused tree item up or down' },
  {
    keys: 'Alt + 1 … 9',
    action: 'Open Requests, Environments, Runner, Runs, History, Members, API keys, Settings',
  },
  { keys: 'Ctrl/⌘ + Enter (in the Runner)', action: 'Run the collection' },
  { keys: '← → ↑ ↓ on a pane divider', action: 'Resize the sidebar or the request/response split' },
  { keys: '?', action: 'Show this help' },
] as const;

/** True when the event's target is a text field (so single-key shortcuts do not fire while typing). */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target;
  if (!(t instanceof HTMLElement)) {
    return false;
  }
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}
