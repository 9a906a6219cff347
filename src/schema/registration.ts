/**
 * Registration: by phone with a code (2.4), by email with a password (2.5) or with an emailed code
 * (2.14, 2.15). A registration signs the new user in.
 */

import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { AlreadyRegistered, InvalidCode } from './errors.js';
import { SessionRef, signIn } from './session.js';
import { callUpstream } from './upstream-call.js';
import {
  attributionRule,
  codeRule,
  emailRule,
  nameRule,
  passwordRule,
  phoneRule,
  ValidationError,
} from './validation.js';
import { codeFailures, PHONE_DESCRIPTION, passwordPolicyFailure } from './verification.js';

/** Registration answers that tell something about an account or a code: they count as guesses. */
const registrationGuesses = [AlreadyRegistered, InvalidCode];

const RegisterByPhoneInput = builder.inputType('RegisterByPhoneInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: { schema: nameRule } }),
    phone: t.string({ required: true, description: PHONE_DESCRIPTION, validate: { schema: phoneRule } }),
    password: t.string({ required: true, validate: { schema: passwordRule } }),
    code: t.string({
      required: true,
      description: 'From requestPhoneCode with REGISTER.',
      validate: { schema: codeRule },
    }),
    recommendCode: t.string({ validate: { schema: attributionRule } }),
    customSource: t.string({ validate: { schema: attributionRule } }),
  }),
});

builder.mutationField('registerByPhone', (t) =>
  t.field({
    type: SessionRef,
    description: 'Registers a user with a phone code and signs them in.',
    errors: { types: [AlreadyRegistered, InvalidCode, ValidationError], directResult: true },
    args: { input: t.arg({ type: RegisterByPhoneInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const registration = {
        name: input.name,
        phone: input.phone,
        password: input.password,
        validateCode: input.code,
        ...(input.recommendCode ? { recommendCode: input.recommendCode } : {}),
        ...(input.customSource ? { customSource: input.customSource } : {}),
      };
      await callUpstream(ctx, () => ctx.api.registerByPhone(registration), {
        budget: { action: 'register', target: input.phone, guesses: registrationGuesses },
        expected: {
          ...codeFailures,
          PHONE_REGISTERED: () => new AlreadyRegistered('PHONE'),
          PASSWORD_POLICY: passwordPolicyFailure(['input', 'password']),
        },
      });
      return signIn(ctx, input.phone, input.password);
    },
  }),
);

const SendEmailCodeInput = builder.inputType('SendEmailCodeInput', {
  fields: (t) => ({ email: t.string({ required: true, validate: { schema: emailRule } }) }),
});

const EmailCodeRequestRef = builder.objectRef<{ email: string }>('EmailCodeRequest').implement({
  fields: (t) => ({ email: t.exposeString('email', { description: 'Where the code was sent.' }) }),
});

builder.mutationField('sendEmailCode', (t) =>
  t.field({
    type: EmailCodeRequestRef,
    description: 'Emails a 6-digit registration code (valid 5 minutes, 5 tries, one per minute).',
    errors: { types: [AlreadyRegistered, ValidationError], directResult: true },
    args: { input: t.arg({ type: SendEmailCodeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await callUpstream(ctx, () => ctx.api.sendEmailCode(input.email), {
        budget: { action: 'sendEmailCode', target: input.email },
        expected: { EMAIL_REGISTERED: () => new AlreadyRegistered('EMAIL') },
      });
      return { email: input.email };
    },
  }),
);

const RegisterByEmailInput = builder.inputType('RegisterByEmailInput', {
  fields: (t) => ({
    email: t.string({ required: true, validate: { schema: emailRule } }),
    password: t.string({ required: true, validate: { schema: passwordRule } }),
    name: t.string({
      description:
        "Used with a code only (the code-less registration takes no name); defaults to the email's local part.",
      validate: { schema: nameRule },
    }),
    code: t.string({
      description: 'From sendEmailCode. Without it the email is registered unverified.',
      validate: { schema: codeRule },
    }),
  }),
});

builder.mutationField('registerByEmail', (t) =>
  t.field({
    type: SessionRef,
    description: 'Registers a user by email, with a code from sendEmailCode or without, and signs them in.',
    errors: { types: [AlreadyRegistered, InvalidCode, ValidationError], directResult: true },
    args: { input: t.arg({ type: RegisterByEmailInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await callUpstream(ctx, () => registerEmail(ctx, input), {
        budget: { action: 'register', target: input.email, guesses: registrationGuesses },
        expected: {
          ...codeFailures,
          EMAIL_REGISTERED: () => new AlreadyRegistered('EMAIL'),
          PASSWORD_POLICY: passwordPolicyFailure(['input', 'password']),
        },
      });
      return signIn(ctx, input.email, input.password);
    },
  }),
);

/** With a code, the verified registration (2.15); without, the unverified one (2.5). */
async function registerEmail(
  ctx: GraphQLContext,
  input: { email: string; password: string; name?: string | null; code?: string | null },
): Promise<void> {
  const { email, password, code } = input;
  if (!code) return ctx.api.registerByEmail({ mail: email, password });
  const name = input.name ?? email.split('@')[0] ?? email;
  return ctx.api.registerByEmailCode({ name, email, password, validateCode: code });
}
