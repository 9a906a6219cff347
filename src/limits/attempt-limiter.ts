/**
 * Attempt limits on the mutations that guess secrets or send messages, per target (phone, email,
 * login name) and per client address. The numbers follow OWASP's Authentication and Forgot Password
 * cheat sheets and NIST SP 800-63B 5.2.2 (at most 100 consecutive failures per account; throttle
 * well below that); see README "Attempt limits".
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { CounterStore } from './store.js';

export type Action =
  | 'login'
  | 'verifyPhoneCode'
  | 'requestPhoneCode'
  | 'sendEmailCode'
  | 'register'
  | 'changePassword';

export interface Rule {
  max: number;
  windowMs: number;
}

export interface ActionPolicy {
  perTarget: Rule;
  perAddress: Rule;
  /** Count failures only (guessing), or every attempt (sending messages). */
  counts: 'failures' | 'attempts';
}

const MINUTE = 60_000;

export const DEFAULT_POLICIES: Record<Action, ActionPolicy> = {
  // Registrations that hit an existing account or a wrong code probe accounts and codes.
  register: {
    perTarget: { max: 10, windowMs: 15 * MINUTE },
    perAddress: { max: 50, windowMs: 15 * MINUTE },
    counts: 'failures',
  },
  changePassword: {
    perTarget: { max: 10, windowMs: 15 * MINUTE },
    perAddress: { max: 100, windowMs: 15 * MINUTE },
    counts: 'failures',
  },
  login: {
    perTarget: { max: 10, windowMs: 15 * MINUTE },
    perAddress: { max: 100, windowMs: 15 * MINUTE },
    counts: 'failures',
  },
  verifyPhoneCode: {
    perTarget: { max: 10, windowMs: 15 * MINUTE },
    perAddress: { max: 50, windowMs: 15 * MINUTE },
    counts: 'failures',
  },
  requestPhoneCode: {
    perTarget: { max: 5, windowMs: 60 * MINUTE },
    perAddress: { max: 20, windowMs: 60 * MINUTE },
    counts: 'attempts',
  },
  sendEmailCode: {
    perTarget: { max: 5, windowMs: 60 * MINUTE },
    perAddress: { max: 20, windowMs: 60 * MINUTE },
    counts: 'attempts',
  },
};

export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many attempts: try again later', {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
    });
  }
}

export interface Attempt {
  /** The attempt succeeded: for actions that count failures only, it is taken back. */
  succeeded(): Promise<void>;
}

export interface AttemptLimiter {
  /**
   * Counts the attempt against the target and the client address, and throws RATE_LIMITED when
   * either budget is spent. Counting before the work (and refunding successes) keeps a burst of
   * parallel guesses inside the budget.
   */
  begin(action: Action, target: string, address: string): Promise<Attempt>;
}

export function createAttemptLimiter(
  store: CounterStore,
  policies: Record<Action, ActionPolicy> = DEFAULT_POLICIES,
  onRejected?: (action: Action) => void,
): AttemptLimiter {
  return {
    async begin(action, target, address) {
      const policy = policies[action];
      // Targets are hashed: the store (Redis) never holds phone numbers or emails in clear.
      // The address first: an address already over its budget (one client spraying targets) must
      // not create a counter per target it names.
      const keys = [
        { key: `${action}:a:${digest(address)}`, rule: policy.perAddress },
        { key: `${action}:t:${digest(target.trim().toLowerCase())}`, rule: policy.perTarget },
      ];
      for (const [i, { key, rule }] of keys.entries()) {
        const count = await store.increment(key, rule.windowMs);
        if (count.count > rule.max) {
          onRejected?.(action);
          // Refused for its target, the attempt reached nobody: the address gets its count back.
          const address = keys[0];
          if (i > 0 && address) await store.decrement(address.key);
          throw new RateLimitedError(Math.max(1, Math.ceil(count.resetInMs / 1000)));
        }
      }
      return {
        succeeded: async () => {
          if (policy.counts === 'failures') await Promise.all(keys.map(({ key }) => store.decrement(key)));
        },
      };
    },
  };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** For deployments whose router already limits attempts (ATTEMPT_LIMITS=false). */
export const unlimitedAttempts: AttemptLimiter = {
  begin: async () => ({ succeeded: async () => {} }),
};
