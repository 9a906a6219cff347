/** The revocation table when it is full: no user's revocation is lost to another caller's sign-outs. */
import { describe, expect, it } from 'vitest';
import { createMemoryRevocations } from '../../src/auth/revocations.js';
import { createSessionSigner } from '../../src/auth/session.js';

describe('revocations in a full table', () => {
  it("one user's logouts never revive another user's ended sessions (the table evicts the oldest entry)", async () => {
    // The server uses maxEntries 100,000; 3 here stands for it. Anyone can register and sign in
    // as often as they like (successful logins are refunded), so one caller can write that many.
    const now = 50_000;
    const signer = createSessionSigner('review-revocations-secret-long-enough', 3_600);
    const revocations = createMemoryRevocations(3_600, { maxEntries: 3, now: () => now });
    const session = (user: string, at: number) => {
      const verified = signer.verify(signer.issue(user, at).token, now);
      if (!verified) throw new Error('test token does not verify');
      return verified;
    };
    const stolen = session('victim', 10_000);
    await revocations.endUserSessions('victim', 20_000); // the victim changes their password
    expect(await revocations.hasEnded(stolen)).toBe(true);
    for (let i = 0; i < 3; i++) await revocations.endSession(session('attacker', 30_000 + i)); // sign-outs
    expect(await revocations.hasEnded(stolen)).toBe(true);
    await revocations.close();
  });
});
