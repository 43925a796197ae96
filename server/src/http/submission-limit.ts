import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error';

/**
 * How often one user may submit (check-ins): a burst of `points` within `durationS` seconds, per
 * tenant and user, in this process. Enough for a seller correcting a typo; not for a script
 * rewriting a month's aggregates.
 */
export interface SubmissionLimit {
  consume(tenantId: string, userId: string): Promise<void>;
}

export function createSubmissionLimit(options: { points?: number; durationS?: number } = {}): SubmissionLimit {
  const limiter = new RateLimiterMemory({ points: options.points ?? 6, duration: options.durationS ?? 60 });
  return {
    async consume(tenantId, userId) {
      try {
        await limiter.consume(JSON.stringify([tenantId, userId]));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterS = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError('rate_limited', `Too many submissions: try again in ${retryAfterS} s`, { retryAfterS });
      }
    },
  };
}
