import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark' | 'system';

interface SettingsState {
  theme: Theme;
  fontSize: number;
  /** Request defaults applied to new requests. */
  timeoutMs: number;
  followRedirects: boolean;
  setTheme: (theme: Theme) => void;
  setFontSize: (size: number) => void;
  setTimeoutMs: (ms: number) => void;
  setFollowRedirects: (follow: boolean) => void;
}

export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      theme: 'system',
      fontSize: 13,
      timeoutMs: 30_000,
      followRedirects: true,
      setTheme: (theme) => set({ theme }),
      setFontSize: (fontSize) => set({ fontSize: Math.min(22, Math.max(10, fontSize)) }),
      setTimeoutMs: (timeoutMs) => set({ timeoutMs }),
      setFollowRedirects: (followRedirects) => set({ followRedirects }),
    }),
    { name: 'apiplay.settings', version: 1 },
  ),
);

/** Whether the resolved theme is dark. */
export function isDark(theme: Theme): boolean {
  if (theme === 'system') {
    return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  }
  return theme === 'dark';
}
