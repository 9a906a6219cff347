/** Sessions: login and changePassword, and the Session type every sign-in answers with. */
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { AccountDisabled, InvalidCredentials } from './errors.js';
import { signedInUser, viewerUser } from './guards.js';
import { loginBudgetKey } from './login-account.js';
import { callUpstream } from './upstream-call.js';
import { type UserParent, UserRef } from './user.js';
import { existingPasswordRule, loginNameRule, passwordRule, ValidationError } from './validation.js';

interface SessionParent {
  token: string;
  expiresAt: Date;
  user: UserParent;
}

export const SessionRef = builder.objectRef<SessionParent>('Session').implement({
  description: 'A signed-in session: send `Authorization: Bearer <token>` until `expiresAt`.',
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.field({ type: 'DateTime', resolve: (s) => s.expiresAt }),
    user: t.field({ type: UserRef, resolve: (s) => s.user }),
  }),
});

/** Signs the user in upstream (2.6) and issues a session for them. */
export async function signIn(
  ctx: GraphQLContext,
  loginName: string,
  password: string,
): Promise<SessionParent> {
  const login = await callUpstream(ctx, () => ctx.api.login({ loginName, password }), {
    expected: {
      INVALID_CREDENTIALS: () => new InvalidCredentials(),
      USER_DISABLED: () => new AccountDisabled(),
    },
  });
  const { token, expiresAt } = ctx.sessions.issue(login.userId);
  return {
    token,
    expiresAt,
    user: signedInUser(ctx, { id: login.userId, language: login.language ?? null }),
  };
}

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    loginName: t.string({
      required: true,
      description:
        'Phone, email or user name. A phone is its national digits; spaces, dots, hyphens and parentheses are ignored.',
      validate: { schema: loginNameRule },
    }),
    password: t.string({ required: true, validate: { schema: existingPasswordRule } }),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    type: SessionRef,
    errors: { types: [InvalidCredentials, AccountDisabled, ValidationError], directResult: true },
    args: { input: t.arg({ type: LoginInput, required: true }) },
    // One budget per account, whichever of its names the caller uses. The lookup and the login call
    // run whether or not the account exists, so neither the answer nor its timing tells.
    resolve: (_root, { input }, ctx) =>
      callUpstream(ctx, () => signIn(ctx, input.loginName, input.password), {
        budget: {
          action: 'login',
          target: () => loginBudgetKey(ctx.loaders, input.loginName),
          guesses: [InvalidCredentials],
        },
      }),
  }),
);

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ required: true, validate: { schema: existingPasswordRule } }),
    newPassword: t.string({ required: true, validate: { schema: passwordRule } }),
  }),
});

const ChangePasswordPayload = builder
  .objectRef<{ user: UserParent; session: SessionParent }>('ChangePasswordPayload')
  .implement({
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (p) => p.user }),
      session: t.field({
        type: SessionRef,
        description:
          'A new session: every session of the user from before the change has ended, this one included.',
        resolve: (p) => p.session,
      }),
    }),
  });

/** Ends every session of the user issued until now; answers a new one. */
export async function endSessions(ctx: GraphQLContext, userId: string): Promise<void> {
  await ctx.revocations.endUserSessions(userId, Date.now());
}

builder.mutationField('changePassword', (t) =>
  t.field({
    type: ChangePasswordPayload,
    description: "Changes the viewer's password; the current one must be given.",
    errors: { types: [InvalidCredentials, ValidationError], directResult: true },
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const user = viewerUser(ctx);
      const userId = user.id;
      const { currentPassword: origin, newPassword: newPwd } = input;
      // A stolen session must not become a way to guess the current password.
      await callUpstream(ctx, () => ctx.api.changePassword({ userId, origin, newPwd, verifyPwd: newPwd }), {
        budget: { action: 'changePassword', target: userId, guesses: [InvalidCredentials] },
        expected: { WRONG_ORIGIN_PASSWORD: () => new InvalidCredentials('The current password is wrong') },
      });
      await endSessions(ctx, userId);
      const { token, expiresAt } = ctx.sessions.issue(userId);
      return { user, session: { token, expiresAt, user } };
    },
  }),
);
