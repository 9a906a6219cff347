/** 2.1 phone code, 2.2 code -> ticket, 2.3 password reset with a ticket, 2.14 email registration code. */
import { z } from 'zod';
import { passwordMeetsPolicy } from '../../contract/rules.js';
import { PHONE_CODE_TYPES, pwdResetBodySchema } from '../../contract/wire.js';
import { ApiError, okAnswer } from '../http.js';
import { hashPassword } from '../passwords.js';
import { emailKey, parseInput, requireEmail, requirePhone } from '../validation.js';
import { type Handler, queryObject } from './context.js';

const phoneCodeQuery = z.object({
  phone: z.string(),
  type: z.enum(PHONE_CODE_TYPES),
  sendSms: z.enum(['true', 'false']).optional(),
});

/**
 * 2.1. Register and UpdatePhoneNumber codes are refused for a phone already registered in the tenant
 * (PHONE_REGISTERED). A ResetPassword code for an unknown phone gets the same answer as for a known
 * one, cooldown included, but nothing is delivered: the answer does not reveal who has an account.
 * sendSms=false hands the code to the (trusted, server-side) caller instead of delivering it.
 */
export const requestPhoneCode: Handler = (ctx) => {
  const q = parseInput(phoneCodeQuery, queryObject(ctx.query, ['phone', 'type', 'sendSms']));
  const phone = requirePhone(q.phone);
  const sendSms = q.sendSms !== 'false';
  const registered = ctx.store.findUserByPhone(ctx.tenantId, phone) !== undefined;
  if (q.type !== 'ResetPassword' && registered) throw new ApiError('PHONE_REGISTERED');
  const deliver = sendSms && (q.type !== 'ResetPassword' || registered);
  const code = ctx.codes.issue(ctx.tenantId, phone, q.type, ctx.now(), deliver);
  return okAnswer(sendSms ? undefined : code);
};

const verifyQuery = z.object({ phone: z.string(), code: z.string().min(1) });

/** 2.2. Uses up a ResetPassword code of the phone and answers a ticket for 2.3. */
export const verifyPhoneCode: Handler = (ctx) => {
  const q = parseInput(verifyQuery, queryObject(ctx.query, ['phone', 'code']));
  const phone = requirePhone(q.phone);
  const now = ctx.now();
  ctx.codes.check(ctx.tenantId, phone, 'ResetPassword', q.code, now);
  const ticket = ctx.store.transaction(() => {
    ctx.codes.consume(ctx.tenantId, phone, 'ResetPassword', q.code, now);
    return ctx.codes.issueTicket(ctx.tenantId, phone, 'ResetPassword', now);
  });
  return okAnswer(ticket);
};

/** 2.3. The ticket is used up only when the password really changes. */
export const resetPasswordByPhone: Handler = async (ctx) => {
  const phone = requirePhone(ctx.params[0] ?? '', 'phoneNo');
  const body = parseInput(pwdResetBodySchema, ctx.body);
  if (body.newPwd !== body.verified) throw new ApiError('PASSWORD_MISMATCH');
  if (!passwordMeetsPolicy(body.newPwd)) throw new ApiError('PASSWORD_POLICY');
  ctx.codes.checkTicket(ctx.tenantId, phone, 'ResetPassword', body.ticket, ctx.now());
  const user = ctx.store.findUserByPhone(ctx.tenantId, phone);
  if (!user) throw new ApiError('USER_NOT_FOUND');
  const passwordHash = await hashPassword(body.newPwd);
  ctx.store.transaction(() => {
    ctx.codes.redeemTicket(ctx.tenantId, phone, 'ResetPassword', body.ticket, ctx.now());
    ctx.store.setPasswordHash(ctx.tenantId, user.id, passwordHash);
  });
  return okAnswer();
};

/** 2.14. Always delivered to the outbox, never answered; EMAIL_REGISTERED for a taken address. */
export const sendEmailRegisterCode: Handler = (ctx) => {
  const q = parseInput(z.object({ email: z.string() }), queryObject(ctx.query, ['email']));
  const email = requireEmail(q.email.trim());
  if (ctx.store.findUserByEmail(ctx.tenantId, email)) throw new ApiError('EMAIL_REGISTERED');
  ctx.codes.issue(ctx.tenantId, emailKey(email), 'EmailRegister', ctx.now(), true);
  return okAnswer();
};
