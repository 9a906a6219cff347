import { describe, expect, it } from 'vitest';
import { createNotBeforeTable } from '../../src/auth/not-before-table.js';
import { createMemoryRevocations } from '../../src/auth/revocations.js';
import { createSessionSigner } from '../../src/auth/session.js';

describe('not-before table', () => {
  it('raises a time and never lowers it', () => {
    const table = createNotBeforeTable({ expiresAt: (_key, at) => at + 1_000, now: () => 0 });
    expect(table.raise('k', 500)?.at).toBe(500);
    expect(table.raise('k', 400)).toBeUndefined();
    expect(table.get('k')).toBe(500);
    table.close();
  });

  it('forgets entries once they expire, and holds at most maxEntries', () => {
    let now = 0;
    const table = createNotBeforeTable({
      expiresAt: (_key, at) => at + 1_000,
      maxEntries: 3,
      now: () => now,
    });
    for (const key of ['a', 'b', 'c', 'd']) table.raise(key, 100);
    expect(table.size).toBe(3);
    expect(table.get('a')).toBe(0); // the least recently raised went first
    expect(table.live().map((e) => e.key)).toEqual(['b', 'c', 'd']);
    now = 1_100;
    expect(table.get('b')).toBe(0);
    expect(table.live()).toEqual([]);
    table.close();
  });
});

describe('memory revocations', () => {
  it('end one session, or every session of a user issued before a time', async () => {
    const now = 10_000;
    const signer = createSessionSigner('memory-revocations-secret-long-enough', 60);
    const revocations = createMemoryRevocations(60, { now: () => now });
    const verify = (token: string) => {
      const session = signer.verify(token, now);
      if (!session) throw new Error('the test token does not verify');
      return session;
    };
    const first = verify(signer.issue('u', 9_000).token);
    const second = verify(signer.issue('u', 9_500).token);
    await revocations.endSession(first);
    expect(await revocations.hasEnded(first)).toBe(true);
    expect(await revocations.hasEnded(second)).toBe(false);

    await revocations.endUserSessions('u', 10_000);
    expect(await revocations.hasEnded(second)).toBe(true);
    const later = verify(signer.issue('u', 10_000).token);
    expect(await revocations.hasEnded(later)).toBe(false);
    await revocations.close();
  });
});

describe('a full revocation table', () => {
  it("folds a session's entry into its user's rather than forget it: one caller's sign-outs never push out another user's", async () => {
    const now = 1_000;
    const revocations = createMemoryRevocations(3_600, { maxEntries: 3, now: () => now });
    const session = (userId: string, issuedAt: number, id = `${userId}-${issuedAt}`) => ({
      id,
      userId: `user:${userId}`,
      issuedAt: new Date(issuedAt),
      expiresAt: new Date(issuedAt + 3_600_000),
    });
    await revocations.endUserSessions('user:victim', 900);
    await revocations.endSession(session('a', 500));
    // One caller signs out again and again: every session entry before its own last ones is folded.
    for (let i = 0; i < 50; i++) await revocations.endSession(session('attacker', 600 + i));
    expect(await revocations.hasEnded(session('victim', 800))).toBe(true);
    expect(await revocations.hasEnded(session('a', 500))).toBe(true);
    // Folding ends a's earlier sessions too (more than asked, never less), not later ones.
    expect(await revocations.hasEnded(session('a', 400, 'other'))).toBe(true);
    expect(await revocations.hasEnded(session('a', 501, 'later'))).toBe(false);
    for (let i = 0; i < 50; i++) expect(await revocations.hasEnded(session('attacker', 600 + i))).toBe(true);
    await revocations.close();
  });
});
