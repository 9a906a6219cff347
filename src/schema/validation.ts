/**
 * Argument validation shared by the schema modules: the ValidationError raised for any invalid
 * argument (typed result on mutations, BAD_USER_INPUT elsewhere) and the zod rules of the layer.
 */
import { type ZodError, z } from 'zod';
import { PASSWORD_POLICY, passwordMeetsPolicy } from '../contract/wire.js';

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

export const phoneRule = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{6,15}$/, 'must be 6 to 15 digits, optionally starting with +');
export const emailRule = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'));
export const passwordRule = z.string().refine(passwordMeetsPolicy, `must be ${PASSWORD_POLICY.description}`);
export const codeRule = z
  .string()
  .trim()
  .regex(/^[0-9]{6}$/, 'must be 6 digits');
export const ticketRule = z.string().trim().min(1, 'is required').max(512, 'is too long');
export const nameRule = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');
export const loginNameRule = z.string().trim().min(1, 'is required').max(254, 'is too long');
export const avatarUrlRule = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .regex(/^(https?:)?\/\/[^\s/?#]+[^\s]*$/i, 'must be an http(s) URL or a protocol-relative //host/path');
export const userIdRule = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a user id');
/** Account numbers on their trading platform (2090001252). */
export const tradingAccountIdRule = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a trading account id');
