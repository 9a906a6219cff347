/**
 * The limits and formats the embedded account service enforces and the contract's description states:
 * one constant for both, so the OpenAPI document cannot promise what the code does not check.
 */

/** A phone number: 6 to 15 digits, optionally with a leading +. */
export const PHONE_PATTERN = /^\+?[0-9]{6,15}$/;
export const EMAIL_MAX = 254;
/** A display name, after trimming. */
export const NAME_MAX = 100;
export const AVATAR_MAX = 2048;
/** Optional free text of 2.4 (recommendCode, customSource). */
export const OPTIONAL_TEXT_MAX = 256;

/** 2.7 paging and search term. */
export const SEARCH_PAGE_SIZE_MAX = 100;
export const SEARCH_PAGE_MAX = 1_000_000_000;
export const SEARCH_VALUE_MAX = 256;

/** Verification codes (2.1, 2.14): digits, lifetime, wrong tries before the code is void, resend pause. */
export const CODE_RULES = {
  digits: 6,
  ttlMs: 5 * 60_000,
  maxAttempts: 5,
  cooldownMs: 60_000,
} as const;

/** The password policy both sides enforce: 8 to 64 characters with at least one letter and one digit. */
export const PASSWORD_POLICY = {
  minLength: 8,
  maxLength: 64,
  description: '8 to 64 characters with at least one letter and one digit',
} as const;

export function passwordMeetsPolicy(password: string): boolean {
  return (
    password.length >= PASSWORD_POLICY.minLength &&
    password.length <= PASSWORD_POLICY.maxLength &&
    /\p{L}/u.test(password) &&
    /\p{Nd}/u.test(password)
  );
}
