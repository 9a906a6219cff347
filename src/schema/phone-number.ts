/**
 * Phone numbers in the one form the contract's examples use: national digits, e.g. 15912345678.
 * The formatting people type (spaces, dots, hyphens and dashes, parentheses, full-width digits) is
 * taken out before any upstream call, so one number never reaches the account service spelt two ways
 * (two users, two attempt budgets). A country code is refused rather than guessed at: the contract's
 * phones carry none, and the profile's PhoneNumber has its own countryCode.
 */

/** Whitespace (no-break spaces included), dots, parentheses, ASCII hyphen and the Unicode dashes. */
const SEPARATOR_CLASS = '\\s.()\\-\\u2010-\\u2015\\u2212';
const SEPARATORS = new RegExp(`[${SEPARATOR_CLASS}]`, 'g');
const PHONE_SHAPED = new RegExp(`^\\+?[${SEPARATOR_CLASS}]*[0-9][0-9${SEPARATOR_CLASS}]*$`);
/** Longer than any formatted number: keeps hostile input from costing more than a glance. */
const RAW_MAX = 40;

export const ACCOUNT_PHONE_DIGITS = { minDigits: 6, maxDigits: 15 } as const;

export const NO_COUNTRY_CODE = 'must be the national number without + or a country code, e.g. 15912345678';

export type PhoneParse = { ok: true; digits: string } | { ok: false; message: string };

export interface PhoneRules {
  minDigits: number;
  maxDigits: number;
  /** A search fragment may start with 00 (it can sit anywhere in a number); a whole number may not. */
  fragment?: boolean;
}

/** NFKC folds full-width digits and plus signs into ASCII, so they are checked like the rest. */
function canonical(value: string): string {
  return value.normalize('NFKC').trim();
}

/** Only digits and separators, perhaps after a +: what someone typing a phone number writes. */
export function isPhoneShaped(value: string): boolean {
  const text = canonical(value);
  return text.length <= RAW_MAX && PHONE_SHAPED.test(text);
}

export function parsePhone(value: string, rules: PhoneRules): PhoneParse {
  const text = canonical(value);
  if (text.length > RAW_MAX) return { ok: false, message: 'is too long for a phone number' };
  if (text.startsWith('+')) return { ok: false, message: NO_COUNTRY_CODE };
  const digits = text.replace(SEPARATORS, '');
  if (!/^[0-9]*$/.test(digits)) {
    return {
      ok: false,
      message: 'must be a phone number: digits, optionally grouped with spaces, dots, hyphens or parentheses',
    };
  }
  // 00 is the international call prefix: what follows it is a country code.
  if (!rules.fragment && digits.startsWith('00')) return { ok: false, message: NO_COUNTRY_CODE };
  if (digits.length < rules.minDigits || digits.length > rules.maxDigits) {
    return { ok: false, message: `must have ${rules.minDigits} to ${rules.maxDigits} digits` };
  }
  return { ok: true, digits };
}
