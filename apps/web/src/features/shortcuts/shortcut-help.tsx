import { useEffect, useState } from 'react';
import { Dialog } from '../../components/ui/dialog';
import { isTyping, shortcuts } from './shortcuts';

/** The `?` help dialog. */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" wide>
      <table className="w-full text-sm">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.keys} className="border-b border-zinc-100 dark:border-zinc-800">
              <td className="py-1 pr-4 whitespace-nowrap">
                <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs whitespace-nowrap dark:border-zinc-600">
                  {s.keys}
                </kbd>
              </td>
              <td className="py-1">{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}

export function useHelpShortcut(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !isTyping(e)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [open, setOpen];
}
