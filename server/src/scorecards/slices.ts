/**
 * Long work on the event loop (loading a tenant, computing a thousand cards) is cut into slices
 * that yield, so that /healthz and other requests are answered in between (DESIGN §10).
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface Slicer {
  /** Yields once the current slice has run for its time. */
  maybeYield(): Promise<void> | void;
}

export function createSlicer(sliceMs = 8): Slicer {
  let started = performance.now();
  return {
    maybeYield() {
      if (performance.now() - started < sliceMs) return;
      return yieldToEventLoop().then(() => {
        started = performance.now();
      });
    },
  };
}
