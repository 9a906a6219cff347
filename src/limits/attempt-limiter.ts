/**
 * Attempt limits on the mutations that guess secrets or send messages, per target (an account, a
 * phone, an email) and per client address. The numbers follow OWASP's Authentication and Forgot Password
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

/**
 * What an attempt is counted against besides the address: a key, or a lookup that finds it (a login
 * name's account), run only once the address is within its budget.
 */
export type Target = string | (() => Promise<string>);

export interface AttemptLimiter {
  /**
   * Counts the attempt against the target and the client address, and throws RATE_LIMITED when
   * either budget is spent. Counting before the work (and refunding successes) keeps a burst of
   * parallel guesses inside the budget. A target lookup that fails gives the address its count back
   * and rethrows.
   */
  begin(action: Action, target: Target, address: string): Promise<Attempt>;
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
      // not create a counter per target it names, nor have its targets looked up.
      const addressKey = `${action}:a:${digest(address)}`;
      await count(addressKey, policy.perAddress, action);
      let key: string;
      try {
        key = typeof target === 'string' ? target : await target();
      } catch (error) {
        // The lookup failed (an outage): no guess was made.
        await store.decrement(addressKey);
        throw error;
      }
      const targetKey = `${action}:t:${digest(key.trim().toLowerCase())}`;
      try {
        await count(targetKey, policy.perTarget, action);
      } catch (error) {
        // Refused for its target, the attempt reached nobody: the address gets its count back,
        // unless a lookup ran for it. Lookups cost upstream calls, so they stay within the address's
        // budget even when every target they find is spent.
        if (typeof target === 'string') await store.decrement(addressKey);
        throw error;
      }
      return {
        succeeded: async () => {
          if (policy.counts === 'failures') {
            await Promise.all([store.decrement(addressKey), store.decrement(targetKey)]);
          }
        },
      };
    },
  };

  async function count(key: string, rule: Rule, action: Action): Promise<void> {
    const { count, resetInMs } = await store.increment(key, rule.windowMs);
    if (count <= rule.max) return;
    onRejected?.(action);
    throw new RateLimitedError(Math.max(1, Math.ceil(resetInMs / 1000)));
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** For deployments whose router already limits attempts (ATTEMPT_LIMITS=false). */
export const unlimitedAttempts: AttemptLimiter = {
  begin: async () => ({ succeeded: async () => {} }),
};
