// The Chromium every browser-mode benchmark drives: the system's (never a download), without
// the background work that would add noise to what is measured; and what they wait on in it.
import { chromium, type Browser, type Page } from '@playwright/test';

export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Resolves once the status bar says the engine has received at least `bytes` in all. */
export async function waitForBytesReceived(page: Page, bytes: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      Number(
        document
          .querySelector('[role="status"][data-bytes-received]')
          ?.getAttribute('data-bytes-received'),
      ) >= n,
    bytes,
  );
}
