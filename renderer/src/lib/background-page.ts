// How many bytes a loader that fills a view in the background (the decoded view's conversation,
// the exchange timings) asks for per readPayload. In browser mode each page is one WebSocket
// message of base64 text, received and decoded on the page's main thread: a 1 MiB page (~1.4 MB
// of text) held it for 40–110 ms on a 2-core machine — long tasks right after a 50 MB body's
// first screen was shown. A quarter of that stays well under the long-task mark, at the price of
// more round trips (a few ms each on loopback).
export const BACKGROUND_PAGE_BYTES = 256 * 1024;
