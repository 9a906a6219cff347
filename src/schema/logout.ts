/**
 * logout: the session ends on the server, on every instance (revocations are shared through Redis),
 * so a copied token stops working when its owner signs out.
 */
import { builder } from './builder.js';
import { unauthenticated } from './guards.js';

type Scope = 'CURRENT_SESSION' | 'ALL_SESSIONS';

const LogoutScopeRef = builder.enumType('LogoutScope', {
  values: {
    CURRENT_SESSION: { description: 'The session whose token signed the request.' },
    ALL_SESSIONS: { description: 'Every session of the user issued until now, this one included.' },
  } as const,
});

const LogoutPayload = builder.objectRef<{ userId: string; scope: Scope }>('LogoutPayload').implement({
  description: 'The sessions have ended: their tokens are refused from now on, by every instance.',
  fields: (t) => ({
    userId: t.exposeID('userId', { description: 'The user who signed out.' }),
    scope: t.field({ type: LogoutScopeRef, resolve: (p) => p.scope }),
  }),
});

builder.mutationField('logout', (t) =>
  t.field({
    type: LogoutPayload,
    description:
      'Ends the current session, or with `allSessions: true` every session of the user issued until now. ' +
      'Signing out of a session that has already ended answers the same and changes nothing, so a retry ' +
      'is safe; ending all sessions needs a live one. UNAUTHENTICATED without a genuine, unexpired token.',
    args: {
      allSessions: t.arg.boolean({ required: true, defaultValue: false }),
    },
    resolve: async (_root, { allSessions }, ctx) => {
      const { session } = ctx;
      if (!session) throw unauthenticated();
      const userId = session.userId;
      if (!allSessions) {
        // Already ended: nothing to do, and the answer is the same (idempotent).
        if (ctx.viewer) await ctx.revocations.endSession(session);
        return { userId, scope: 'CURRENT_SESSION' as const };
      }
      // Only a live session may end the others: a stolen token that was already ended must not sign
      // its owner out again and again.
      if (!ctx.viewer) throw unauthenticated();
      // At least just after this session's issue time, so it ends too whatever the clocks say.
      await ctx.revocations.endUserSessions(userId, Math.max(Date.now(), session.issuedAt.getTime() + 1));
      return { userId, scope: 'ALL_SESSIONS' as const };
    },
  }),
);
