// The Chromium every browser-mode benchmark drives: the system's (never a download), without
// the background work that would add noise to what is measured.
import { chromium, type Browser } from '@playwright/test';

export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
