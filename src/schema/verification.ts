/**
 * Phone verification codes (2.1), their tickets (2.2) and the phone password reset (2.3) they
 * allow. The registrations that use codes are in registration.ts.
 */
import { PASSWORD_POLICY } from '../contract/wire.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { AlreadyRegistered, InvalidCode, InvalidTicket } from './errors.js';
import { forbidden } from './guards.js';
import { endSessions } from './session.js';
import { callUpstream, type ExpectedFailures } from './upstream-call.js';
import { codeRule, passwordRule, phoneRule, ticketRule, ValidationError } from './validation.js';

const PhoneCodePurposeRef = builder.enumType('PhoneCodePurpose', {
  values: {
    REGISTER: { value: 'Register' },
    RESET_PASSWORD: { value: 'ResetPassword' },
    UPDATE_PHONE_NUMBER: { value: 'UpdatePhoneNumber' },
  } as const,
});

export const codeFailures = {
  CODE_INVALID: () => new InvalidCode('WRONG_OR_EXPIRED'),
  CODE_ATTEMPTS_EXCEEDED: () => new InvalidCode('TOO_MANY_ATTEMPTS'),
} satisfies ExpectedFailures;

export const PHONE_DESCRIPTION =
  'National digits, e.g. 15912345678: spaces, dots, hyphens and parentheses are ignored; no + or country code.';

export const passwordPolicyFailure = (path: string[]) => () =>
  new ValidationError([{ path, message: `must be ${PASSWORD_POLICY.description}` }]);

// ---- phone codes and tickets ----

const RequestPhoneCodeInput = builder.inputType('RequestPhoneCodeInput', {
  fields: (t) => ({
    phone: t.string({ required: true, description: PHONE_DESCRIPTION, validate: { schema: phoneRule } }),
    purpose: t.field({ type: PhoneCodePurposeRef, required: true }),
    returnCode: t.boolean({
      defaultValue: false,
      description:
        'Answer with the code instead of sending an SMS. Admins only, or in development callers on the loopback interface.',
    }),
  }),
});

const PhoneCodeRequestRef = builder
  .objectRef<{ sent: boolean; code: string | null }>('PhoneCodeRequest')
  .implement({
    fields: (t) => ({
      sent: t.exposeBoolean('sent', { description: 'True when the code went out by SMS.' }),
      code: t.exposeString('code', {
        nullable: true,
        description: 'The code, only when returnCode was granted.',
      }),
    }),
  });

builder.mutationField('requestPhoneCode', (t) =>
  t.field({
    type: PhoneCodeRequestRef,
    description:
      'Sends a 6-digit code to a phone (valid 5 minutes, 5 tries, one per minute). For RESET_PASSWORD the answer is the same whether or not the phone is registered.',
    errors: { types: [AlreadyRegistered, ValidationError], directResult: true },
    args: { input: t.arg({ type: RequestPhoneCodeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const returnCode = input.returnCode === true;
      if (returnCode) mayReceiveCode(ctx);
      const code = await callUpstream(
        ctx,
        () => ctx.api.requestPhoneCode(input.phone, input.purpose, !returnCode),
        {
          budget: { action: 'requestPhoneCode', target: input.phone },
          expected: { PHONE_REGISTERED: () => new AlreadyRegistered('PHONE') },
        },
      );
      return { sent: !returnCode, code: returnCode ? (code ?? null) : null };
    },
  }),
);

/**
 * The code itself goes to admins, and with EXPOSE_CODES to callers on this machine only: anyone who
 * gets a reset code can take over the phone's account.
 */
function mayReceiveCode(ctx: GraphQLContext): void {
  if (ctx.viewer?.admin === true) return;
  if (!ctx.exposeCodes) throw forbidden('Only admins may receive the code itself');
  if (!ctx.callerIsLocal()) {
    throw forbidden(
      'Only admins, or in development callers on this machine (loopback), may receive the code itself',
    );
  }
}

const VerifyPhoneCodeInput = builder.inputType('VerifyPhoneCodeInput', {
  fields: (t) => ({
    phone: t.string({ required: true, description: PHONE_DESCRIPTION, validate: { schema: phoneRule } }),
    code: t.string({ required: true, validate: { schema: codeRule } }),
  }),
});

const PhoneTicketRef = builder.objectRef<{ ticket: string }>('PhoneTicket').implement({
  description:
    'Proof that the caller holds the phone: single use, valid 10 minutes, for resetPasswordByPhone.',
  fields: (t) => ({ ticket: t.exposeString('ticket') }),
});

builder.mutationField('verifyPhoneCode', (t) =>
  t.field({
    type: PhoneTicketRef,
    errors: { types: [InvalidCode, ValidationError], directResult: true },
    args: { input: t.arg({ type: VerifyPhoneCodeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      ticket: await callUpstream(ctx, () => ctx.api.verifyPhoneCode(input.phone, input.code), {
        budget: { action: 'verifyPhoneCode', target: input.phone, guesses: [InvalidCode] },
        expected: codeFailures,
      }),
    }),
  }),
);

const ResetPasswordByPhoneInput = builder.inputType('ResetPasswordByPhoneInput', {
  fields: (t) => ({
    phone: t.string({ required: true, description: PHONE_DESCRIPTION, validate: { schema: phoneRule } }),
    ticket: t.string({ required: true, validate: { schema: ticketRule } }),
    newPassword: t.string({ required: true, validate: { schema: passwordRule } }),
  }),
});

const PasswordResetRef = builder.objectRef<{ phone: string }>('PasswordReset').implement({
  fields: (t) => ({
    phone: t.exposeString('phone', { description: 'Sign in with this phone and the new password.' }),
  }),
});

builder.mutationField('resetPasswordByPhone', (t) =>
  t.field({
    type: PasswordResetRef,
    errors: { types: [InvalidTicket, ValidationError], directResult: true },
    args: { input: t.arg({ type: ResetPasswordByPhoneInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // Whose sessions the reset ends is settled before the password changes: a reset that could
      // not end them would leave a thief signed in.
      const owner = await phoneOwner(ctx, input.phone);
      const reset = { newPwd: input.newPassword, verified: input.newPassword, ticket: input.ticket };
      await callUpstream(ctx, () => ctx.api.resetPasswordByPhone(input.phone, reset), {
        expected: {
          TICKET_INVALID: () => new InvalidTicket(),
          PASSWORD_POLICY: passwordPolicyFailure(['input', 'newPassword']),
        },
      });
      if (owner) await endSessions(ctx, owner);
      return { phone: input.phone };
    },
  }),
);

/**
 * The id of the user with exactly this phone, or null when there is none. The contract names the
 * user of a reset by phone only, and its search matches parts of phones, so every page is read.
 */
async function phoneOwner(ctx: GraphQLContext, phone: string): Promise<string | null> {
  const found = await ctx.loaders.searchExact(
    'Phone',
    phone,
    (u) => u.phone === phone,
    RESET_LOOKUP_MAX_PAGES,
  );
  if (!found.complete) {
    // Too many phones contain this one to be sure whose it is: refuse rather than reset blind.
    throw forbidden('The password of this phone cannot be reset here: contact support');
  }
  return found.users[0]?.pubUserId ?? null;
}

/** Phones are 6 to 15 digits: even a 6-digit one is part of few enough numbers to read them all. */
const RESET_LOOKUP_MAX_PAGES = 50;
