import { existsSync } from 'node:fs';
import { defineProject } from 'vitest/config';

/** Debian's Chromium; without it the whole project is skipped (see global-setup). */
export const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

export default defineProject({
  test: {
    name: 'e2e',
    // Without Chromium the suite still loads and reports every test as skipped (see support/skip.ts).
    include: ['specs/**/*.test.ts'],
    globalSetup: hasChromium ? ['./global-setup.ts'] : [],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { TZ: 'UTC' },
  },
});
