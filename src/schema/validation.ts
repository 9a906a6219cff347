/**
 * Argument validation shared by the schema modules: the ValidationError raised for any invalid
 * argument (typed result on mutations, BAD_USER_INPUT elsewhere) and the zod rules of the layer.
 * One idiom: whatever is checked (an argument, an input field, an input type) says
 * `validate: { schema: rule }` with a named zod rule, from here or beside the one type it serves.
 * A rule may normalise (phones): the resolver receives what it returns. All of a field's arguments
 * are parsed as one zod object, so every invalid one is reported at once.
 */
import { type ZodError, z } from 'zod';
import { PASSWORD_POLICY, passwordMeetsPolicy } from '../contract/wire.js';
import { isCountryCallingCode } from './country-calling-codes.js';
import { ACCOUNT_PHONE_DIGITS, isPhoneShaped, type PhoneRules, parsePhone } from './phone-number.js';

export interface FieldIssue {
  /** Path from the field's arguments, e.g. ['input', 'phone']. */
  path: string[];
  message: string;
}

export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly fieldErrors: FieldIssue[];

  constructor(fieldErrors: FieldIssue[]) {
    const first = fieldErrors[0];
    super(first ? `Invalid ${first.path.join('.') || 'input'}: ${first.message}` : 'Invalid input');
    this.fieldErrors = fieldErrors;
  }
}

/** Never includes the offending value: it may be a password or a code. */
export function validationErrorFromZod(error: ZodError): ValidationError {
  // A refinement that threw (not a ZodError) still answers as invalid input, never as a crash.
  const issues = Array.isArray(error?.issues) ? error.issues : [{ path: [], message: 'is invalid' }];
  return new ValidationError(
    issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  );
}

/** A zod transform to the phone's digits (see phone-number.ts), or an issue saying what is wrong. */
const toPhoneDigits =
  (rules: PhoneRules) =>
  (value: string, ctx: z.RefinementCtx): string => {
    const parsed = parsePhone(value, rules);
    if (parsed.ok) return parsed.digits;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  };

/** An account's phone: 6 to 15 national digits, formatting taken out. */
export const phoneRule = z.string().transform(toPhoneDigits(ACCOUNT_PHONE_DIGITS));
/** Part of a phone for the PHONE search: digits only, as few as one. */
export const phoneFragmentRule = z
  .string()
  .transform(toPhoneDigits({ minDigits: 1, maxDigits: ACCOUNT_PHONE_DIGITS.maxDigits, fragment: true }));
/**
 * A search input whose `value` must mean something for its `field`: each rule checks (and may
 * normalise, as phones are) the value of its field; other fields pass as they are. A blank is left
 * to the value's own rule.
 */
export function searchValueFor<T extends { field: string; value: string }>(
  rules: Partial<Record<T['field'], z.ZodType<string, string>>>,
) {
  return z.custom<T>().transform((input, ctx): T => {
    const rule = rules[input.field as T['field']];
    if (!rule || input.value.trim() === '') return input;
    const parsed = rule.safeParse(input.value);
    if (parsed.success) return { ...input, value: parsed.data };
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: issue.message });
    }
    return z.NEVER;
  });
}

/**
 * A profile's phone number, beside its own countryCode: some national numbers are short (the
 * contract's example stores 12312), so 4 digits suffice; empty clears it.
 */
export const profilePhoneNumberRule = z
  .string()
  .transform((value, ctx) =>
    value.trim() === ''
      ? ''
      : toPhoneDigits({ minDigits: 4, maxDigits: ACCOUNT_PHONE_DIGITS.maxDigits })(value, ctx),
  );
export const emailRule = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'));
export const passwordRule = z.string().refine(passwordMeetsPolicy, `must be ${PASSWORD_POLICY.description}`);
/** A password given to sign in or to prove it: only the length, since it may predate the policy. */
export const existingPasswordRule = z.string().min(1).max(256);
/** A referral code or a custom source of a registration, passed on as it is. */
export const attributionRule = z.string().max(64);
export const codeRule = z
  .string()
  .trim()
  .regex(/^[0-9]{6}$/, 'must be 6 digits');
export const ticketRule = z.string().trim().min(1, 'is required').max(512, 'is too long');
export const nameRule = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');
/** A country calling code assigned in E.164, e.g. +86; or empty. */
export const countryCodeRule = z
  .string()
  .trim()
  .refine(
    (code) => code === '' || isCountryCallingCode(code),
    'must be a country calling code such as +86, or empty',
  );

/**
 * Phone, email or user name. A name made only of digits and separators is a phone number, in the
 * form the account service stores it, so `159 1234 5678` signs in as `15912345678`.
 */
export const loginNameRule = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(254, 'is too long')
  .transform((name, ctx) => (isPhoneShaped(name) ? toPhoneDigits(ACCOUNT_PHONE_DIGITS)(name, ctx) : name));
export const avatarUrlRule = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .regex(/^(https?:)?\/\/[^\s/?#]+[^\s]*$/i, 'must be an http(s) URL or a protocol-relative //host/path');
export const userIdRule = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a user id');
/** Account numbers on their trading platform (2090001252). */
export const tradingAccountIdRule = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a trading account id');

const EARLIEST_BIRTHDAY = '1900-01-01';
/** UTC+14 is the earliest local date on Earth: a date is in the future once it is so everywhere. */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

/** What is wrong with a birthday (YYYY-MM-DD, a real day, 1900 to today), or null. */
export function birthdayProblem(value: string, now: number = Date.now()): string | null {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!parts) return 'must be a date as YYYY-MM-DD, or empty';
  // Before the calendar check: Date.UTC reads years 0 to 99 as 1900 to 1999.
  if (value < EARLIEST_BIRTHDAY) return `must be ${EARLIEST_BIRTHDAY} or later`;
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 1990-13-45 over into 1991; a calendar date survives the round trip unchanged.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'is not a calendar date';
  }
  const today = new Date(now + EARLIEST_ZONE_MS).toISOString().slice(0, 10);
  if (value > today) return 'must not be in the future';
  return null;
}

/** A birthday, or empty to clear it. */
export const birthdayRule = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = value === '' ? null : birthdayProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
