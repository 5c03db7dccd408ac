// Apply the saved theme before first paint so there is no flash (a file, not inline: the CSP forbids inline scripts).
try {
  const saved = JSON.parse(localStorage.getItem('apiplay.settings') || '{}');
  const theme = saved.state?.theme || 'system';
  const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
} catch {
  // no saved settings
}
