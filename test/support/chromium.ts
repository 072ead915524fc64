import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium package (`.ci/run` installs it); playwright-core drives it, no browser download. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests can run; a file that needs Chromium skips itself, saying why, when it is missing. */
export const haveChromium = (what: string): boolean => {
  if (existsSync(chromiumPath)) return true;
  console.warn(`Skipping ${what}: no Chromium at ${chromiumPath} (apt-get install chromium).`);
  return false;
};

/** Headless Chromium with nothing of its own going to the network. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
