// A page whose consumer stops for real, and a record of how its engine socket fared.
//
// How to stop a page (measured in this project's Chromium, 5,000 events/s, the server's send
// queue read with `ss`): CDP `Page.setWebLifecycleState {state: 'frozen'}` answers success but
// changes nothing for a page Playwright drives — no freeze or visibilitychange event fires,
// requestAnimationFrame and WebSocket messages keep arriving, and the server's socket never holds
// a byte. `Debugger.pause` does stop it: the page's main thread waits inside the debugger, so
// nothing reads the WebSocket; the browser stops reading the TCP socket once its own buffers are
// full, the kernel's buffers fill (about 4 MiB on loopback), and from then on every batch stays
// in the server's send buffer (`ws.bufferedAmount`) — exactly a tab that stopped consuming.
import type { CDPSession, Page } from '@playwright/test';

/** What the page saw of its engine socket and of alerts, since it loaded. */
export interface PageRecord {
  /** Every engine socket the page opened, with its close code once closed (ms since epoch). */
  readonly sockets: { readonly openedAt: number; closedAt?: number; code?: number }[];
  /** Text of every alert that appeared, once each (the "engine unreachable" banner among them). */
  readonly alerts: string[];
}

declare global {
  interface Window {
    portholeRecord?: PageRecord;
  }
}

// Evaluated as text: a bundled function would carry the bundler's helpers into the page.
const RECORDER = `(() => {
  const record = { sockets: [], alerts: [] };
  window.portholeRecord = record;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const entry = { openedAt: Date.now() };
      record.sockets.push(entry);
      this.addEventListener('close', (event) => {
        entry.closedAt = Date.now();
        entry.code = event.code;
      });
    }
  };
  const seen = () => {
    for (const alert of document.querySelectorAll('[role="alert"]')) {
      const text = alert.textContent ?? '';
      if (!record.alerts.includes(text)) record.alerts.push(text);
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})();`;

/** Call before the page loads: records its engine sockets and every alert it shows. */
export async function recordPage(page: Page): Promise<void> {
  await page.addInitScript(RECORDER);
}

export async function pageRecord(page: Page): Promise<PageRecord> {
  const record = await page.evaluate(() => window.portholeRecord);
  if (!record) throw new Error('recordPage() was not called before the page loaded');
  return record;
}

export interface Stall {
  /** When the page's main thread actually stopped (ms since epoch). */
  readonly pausedAt: number;
  /** Let the page run again; resolves once the debugger let go. */
  resume(): Promise<void>;
}

/**
 * Stop the page's main thread in the debugger. Resolves once it is paused (the page runs
 * something every frame and every batch, so that is at once).
 */
export async function stallPage(page: Page): Promise<Stall> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Debugger.enable');
  const paused = new Promise<number>((resolve) =>
    cdp.once('Debugger.paused', () => resolve(Date.now())),
  );
  await cdp.send('Debugger.pause');
  const pausedAt = await withTimeout(paused, 5000, 'the page never paused');
  return {
    pausedAt,
    async resume() {
      await cdp.send('Debugger.resume');
      await cdp.send('Debugger.disable');
      await cdp.detach();
    },
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
