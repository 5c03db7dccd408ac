import { useEffect } from 'react';
import { isDark, useSettingsStore } from '../stores/settings-store';

/** Applies theme and font size to the document root. */
export function ThemeSync() {
  const theme = useSettingsStore((s) => s.theme);
  const fontSize = useSettingsStore((s) => s.fontSize);
  useEffect(() => {
    const apply = () => document.documentElement.classList.toggle('dark', isDark(theme));
    apply();
    if (theme !== 'system' || typeof matchMedia !== 'function') {
      return;
    }
    const mq = matchMedia('(prefers-color-scheme: dark)');
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, [theme]);
  useEffect(() => {
    document.documentElement.style.setProperty('--app-font-size', `${fontSize}px`);
  }, [fontSize]);
  return null;
}
