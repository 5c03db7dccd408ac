/** Public settings of the web app; the only place that reads `import.meta.env`. */
export const config = {
  /** Base URL of the API (empty: same origin, proxied by Vite in dev). */
  apiBase: (import.meta.env.VITE_API_BASE as string | undefined) ?? '',
  /** Bodies above this many characters use the virtualized viewer without folding. */
  bigBodyThreshold: 1_000_000,
  isDev: import.meta.env.DEV,
};

/** WebSocket URL of the live-events endpoint, derived from the API base or the page origin. */
export function wsUrl(): string {
  const base = config.apiBase || window.location.origin;
  return `${base.replace(/^http/, 'ws')}/ws`;
}
