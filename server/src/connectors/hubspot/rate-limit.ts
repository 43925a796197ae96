/**
 * Per-portal request limits (reference/hubspot.md §3.8, Corrections 2): HubSpot counts an OAuth
 * app's requests per installed portal over a rolling 10 seconds (100, or 110 since the last
 * increase: we stay under 100), and search requests at about 5 per second (we stay at 4). A
 * rolling log of start times per window, so no moment of any window passes its limit. One
 * limiter per portal per process, shared by every request of that portal (createPortalLimiters).
 */
export interface RateWindow {
  limit: number;
  ms: number;
}

export const HUBSPOT_BURST: RateWindow = { limit: 95, ms: 10_000 };
export const HUBSPOT_SEARCH: RateWindow = { limit: 4, ms: 1_000 };

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface PortalLimiter {
  /** Waits until one more request (a search, when `search`) fits every window, and counts it. */
  take(search: boolean): Promise<void>;
}

function createLimiter(clock: Clock, burst: RateWindow, searchWindow: RateWindow): PortalLimiter {
  const starts: number[] = [];
  const searches: number[] = [];
  // Requests take their turn in order: one waiting search does not let later ones overtake it forever.
  let queue: Promise<void> = Promise.resolve();
  const waitFor = (log: number[], window: RateWindow, now: number): number => {
    while (log.length > 0 && log[0]! <= now - window.ms) log.shift();
    return log.length < window.limit ? 0 : log[0]! + window.ms - now;
  };
  return {
    take(search) {
      const turn = queue.then(async () => {
        for (;;) {
          const now = clock.now();
          const wait = Math.max(waitFor(starts, burst, now), search ? waitFor(searches, searchWindow, now) : 0);
          if (wait <= 0) {
            starts.push(now);
            if (search) searches.push(now);
            return;
          }
          await clock.sleep(wait);
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export interface PortalLimiters {
  forPortal(portalId: string): PortalLimiter;
}

export function createPortalLimiters(clock: Clock = realClock, burst = HUBSPOT_BURST, search = HUBSPOT_SEARCH): PortalLimiters {
  const byPortal = new Map<string, PortalLimiter>();
  return {
    forPortal(portalId) {
      let limiter = byPortal.get(portalId);
      if (!limiter) {
        limiter = createLimiter(clock, burst, search);
        byPortal.set(portalId, limiter);
      }
      return limiter;
    },
  };
}
