// A bound on awaiting something that may never happen (a FIN, a reset, an answer), so a test
// fails at once with what it was waiting for instead of hanging until the runner gives up.
// The bound is a safety net, not a timing assertion: it is far above how long the awaited thing
// takes on a busy machine, and the test's claims are made by its assertions.

/** The same safety net the engine harness uses for its waits. */
const WITHIN_MS = 10_000;

/** Resolves or rejects as `promise` does; rejects naming `what` if it has not settled in `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = WITHIN_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
