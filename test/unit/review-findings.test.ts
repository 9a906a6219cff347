/**
 * Review of issue 14 (unit level): findings that fail on the code as reviewed.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryRevocations } from '../../src/auth/revocations.js';
import { createSessionSigner } from '../../src/auth/session.js';
import { createLogger } from '../../src/logger.js';
import { createOutageLog } from '../../src/observability/outage-log.js';
import { captureLogs } from '../helpers/log-capture.js';

describe('review: revocations', () => {
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

describe('review: outage log', () => {
  it('writes a bounded number of lines for a flapping dependency (one replica of three down)', () => {
    const logs = captureLogs();
    let t = 0;
    const outage = createOutageLog(createLogger('info', logs.stream), {
      dependency: 'upstream',
      effect: 'fields fail',
      now: () => t,
    });
    // 3,000 calls in 3 seconds, every third one failing.
    for (let i = 0; i < 3_000; i++) {
      if (i % 3 === 0) outage.failed(new Error('503'));
      else outage.ok();
      t += 1;
    }
    expect(logs.records().length).toBeLessThanOrEqual(4);
  });
});
