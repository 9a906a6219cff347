/** Checks of a session token through `me`, and where Redis keeps a revoked session, for auth tests. */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Stack } from './stack.js';

const ME = '{ me { id } }';

/** The Redis key of a revoked session: a digest of the token, never the token. */
export const revokedSessionKey = (token: string) =>
  `lwork-graph:revoked-session:${createHash('sha256').update(token).digest('base64url')}`;

export async function expectLive(stack: Stack, token: string, userId: string) {
  const res = await stack.gql(ME, {}, token);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data?.me.id).toBe(userId);
}

export async function expectEnded(stack: Stack, token: string) {
  const res = await stack.gql(ME, {}, token);
  expect(res.data).toBeNull();
  expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
}
