import { existsSync } from 'node:fs';

/** The whole project skips, with this message, when Debian's Chromium is not installed. */
export const noChromium = existsSync('/usr/bin/chromium')
  ? false
  : 'e2e skipped: /usr/bin/chromium not found (apt-get install -y chromium)';
