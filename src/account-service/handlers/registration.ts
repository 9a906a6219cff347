/**
 * 2.4 phone + code, 2.5 email + password, 2.15 email + code. A duplicate is caught twice: by a lookup
 * first (a clear answer without spending the code), then by the unique index inside the insert's
 * transaction, so of two parallel registrations exactly one wins and the other gets *_REGISTERED.
 */
import { NAME_MAX, OPTIONAL_TEXT_MAX, passwordMeetsPolicy } from '../../contract/rules.js';
import {
  emailCodeRegisterBodySchema,
  emailRegisterBodySchema,
  phoneRegisterBodySchema,
} from '../../contract/wire.js';
import { ApiError, okAnswer } from '../http.js';
import { hashPassword } from '../passwords.js';
import { DuplicateUserError, type NewUserRecord } from '../store.js';
import { emailKey, parseInput, requireEmail, requireName, requirePhone } from '../validation.js';
import type { Handler, HandlerContext } from './context.js';

function insertOrDuplicate(ctx: HandlerContext, user: NewUserRecord, afterInsert?: () => void): void {
  try {
    ctx.store.transaction(() => {
      ctx.store.insertUser(ctx.tenantId, user);
      afterInsert?.();
    });
  } catch (err) {
    if (err instanceof DuplicateUserError) {
      throw new ApiError(err.field === 'phone' ? 'PHONE_REGISTERED' : 'EMAIL_REGISTERED');
    }
    throw err;
  }
}

function optionalText(value: string | undefined, field: string): string | null {
  if (value === undefined) return null;
  if (value.length > OPTIONAL_TEXT_MAX)
    throw new ApiError('INVALID_PARAMETER', `invalid or missing field: ${field}`);
  return value;
}

/** 2.4. Uses up the phone's Register code. */
export const registerByPhone: Handler = async (ctx) => {
  const body = parseInput(phoneRegisterBodySchema, ctx.body);
  const name = requireName(body.name);
  const phone = requirePhone(body.phone);
  const recommendCode = optionalText(body.recommendCode, 'recommendCode');
  const customSource = optionalText(body.customSource, 'customSource');
  if (!passwordMeetsPolicy(body.password)) throw new ApiError('PASSWORD_POLICY');
  if (ctx.store.findUserByPhone(ctx.tenantId, phone)) throw new ApiError('PHONE_REGISTERED');
  ctx.codes.check(ctx.tenantId, phone, 'Register', body.validateCode, ctx.now());
  const passwordHash = await hashPassword(body.password);
  const now = ctx.now();
  insertOrDuplicate(ctx, { name, phone, passwordHash, registerTime: now, recommendCode, customSource }, () =>
    ctx.codes.consume(ctx.tenantId, phone, 'Register', body.validateCode, now),
  );
  return okAnswer();
};

/** 2.5. No code; the name is the address's local part. */
export const registerByEmail: Handler = async (ctx) => {
  const body = parseInput(emailRegisterBodySchema, ctx.body);
  const email = requireEmail(body.mail.trim(), 'mail');
  if (!passwordMeetsPolicy(body.password)) throw new ApiError('PASSWORD_POLICY');
  if (ctx.store.findUserByEmail(ctx.tenantId, email)) throw new ApiError('EMAIL_REGISTERED');
  const passwordHash = await hashPassword(body.password);
  const name = (email.split('@')[0] ?? email).slice(0, NAME_MAX);
  insertOrDuplicate(ctx, { name, email, passwordHash, registerTime: ctx.now() });
  return okAnswer();
};

/** 2.15. Uses up the address's 2.14 code. */
export const registerByEmailCode: Handler = async (ctx) => {
  const body = parseInput(emailCodeRegisterBodySchema, ctx.body);
  const name = requireName(body.name);
  const email = requireEmail(body.email.trim());
  const target = emailKey(email);
  if (!passwordMeetsPolicy(body.password)) throw new ApiError('PASSWORD_POLICY');
  if (ctx.store.findUserByEmail(ctx.tenantId, email)) throw new ApiError('EMAIL_REGISTERED');
  ctx.codes.check(ctx.tenantId, target, 'EmailRegister', body.validateCode, ctx.now());
  const passwordHash = await hashPassword(body.password);
  const now = ctx.now();
  insertOrDuplicate(ctx, { name, email, passwordHash, registerTime: now }, () =>
    ctx.codes.consume(ctx.tenantId, target, 'EmailRegister', body.validateCode, now),
  );
  return okAnswer();
};
