/**
 * Verification codes (2.1, 2.14) and tickets (2.2 -> 2.3). Codes are 6 random digits bound to a
 * target (phone, or lower-cased email) and a purpose; they are stored as salted sha256 hashes, expire
 * after 5 minutes, are void after 5 wrong tries, work once, and a new one for the same target and
 * purpose needs a 60 s pause. Tickets are 24 random bytes (base64url), stored hashed, bound to a phone
 * and a purpose, single use, valid 10 minutes.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CODE_RULES } from '../contract/rules.js';
import type { CodeStore } from './code-store.js';
import { ApiError } from './http.js';
import type { AccountStore } from './store.js';

export { CODE_RULES };

export const TICKET_RULES = { bytes: 24, ttlMs: 10 * 60_000 } as const;

/** Code purposes: the phone ones of 2.1, and 'EmailRegister' for 2.14. */
export type CodePurpose = 'Register' | 'ResetPassword' | 'UpdatePhoneNumber' | 'EmailRegister';

function sha256(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Codes {
  private readonly rows: CodeStore;

  constructor(private readonly store: AccountStore) {
    this.rows = store.codeStore;
  }

  /**
   * Creates and records a new code, replacing any earlier one. `deliver` puts it in the outbox (the
   * stand-in for the SMS / email gateway). Returns the code. CODE_COOLDOWN within 60 s of the last one.
   */
  issue(tenantId: string, target: string, purpose: CodePurpose, now: number, deliver: boolean): string {
    return this.store.transaction(() => {
      const previous = this.rows.getCode(tenantId, target, purpose);
      if (previous && now - previous.sentAt < CODE_RULES.cooldownMs) throw new ApiError('CODE_COOLDOWN');
      const code = String(randomInt(0, 10 ** CODE_RULES.digits)).padStart(CODE_RULES.digits, '0');
      const salt = randomBytes(16).toString('hex');
      this.rows.putCode(tenantId, target, purpose, {
        codeHash: sha256(salt, target, purpose, code),
        salt,
        sentAt: now,
        expiresAt: now + CODE_RULES.ttlMs,
      });
      if (deliver) this.rows.pushOutbox(tenantId, { target, purpose, code, sentAt: now });
      return code;
    });
  }

  /**
   * Checks a code without using it up; a wrong code counts a try. Throws CODE_INVALID (wrong, expired,
   * used, never sent) or CODE_ATTEMPTS_EXCEEDED (this was, or an earlier one was, the 5th wrong try).
   */
  check(tenantId: string, target: string, purpose: CodePurpose, code: string, now: number): void {
    const row = this.rows.getCode(tenantId, target, purpose);
    if (!row || row.consumedAt !== null || now >= row.expiresAt) throw new ApiError('CODE_INVALID');
    if (row.attempts >= CODE_RULES.maxAttempts) throw new ApiError('CODE_ATTEMPTS_EXCEEDED');
    if (sameHex(sha256(row.salt, target, purpose, code), row.codeHash)) return;
    const attempts = this.rows.addCodeAttempt(tenantId, target, purpose);
    throw new ApiError(attempts >= CODE_RULES.maxAttempts ? 'CODE_ATTEMPTS_EXCEEDED' : 'CODE_INVALID');
  }

  /**
   * Uses a code up. Call inside the transaction of the write it authorises, after `check`: if the code
   * changed or was used meanwhile (a parallel request), throws CODE_INVALID and the write rolls back.
   */
  consume(tenantId: string, target: string, purpose: CodePurpose, code: string, now: number): void {
    const row = this.rows.getCode(tenantId, target, purpose);
    const valid =
      row !== undefined &&
      row.consumedAt === null &&
      now < row.expiresAt &&
      row.attempts < CODE_RULES.maxAttempts &&
      sameHex(sha256(row.salt, target, purpose, code), row.codeHash);
    if (!valid) throw new ApiError('CODE_INVALID');
    this.rows.markCodeConsumed(tenantId, target, purpose, now);
  }

  /** Checks and uses up a code in one step (2.2). */
  checkAndConsume(tenantId: string, target: string, purpose: CodePurpose, code: string, now: number): void {
    this.check(tenantId, target, purpose, code, now);
    this.store.transaction(() => this.consume(tenantId, target, purpose, code, now));
  }

  issueTicket(tenantId: string, phone: string, purpose: CodePurpose, now: number): string {
    const ticket = randomBytes(TICKET_RULES.bytes).toString('base64url');
    this.rows.putTicket(
      sha256(ticket),
      { tenantId, phone, purpose, expiresAt: now + TICKET_RULES.ttlMs },
      now,
    );
    return ticket;
  }

  /** Throws TICKET_INVALID unless the ticket is live, unused and bound to this tenant, phone and purpose. */
  checkTicket(tenantId: string, phone: string, purpose: CodePurpose, ticket: string, now: number): void {
    const row = this.rows.getTicket(sha256(ticket));
    const valid =
      row !== undefined &&
      row.usedAt === null &&
      now < row.expiresAt &&
      row.tenantId === tenantId &&
      row.phone === phone &&
      row.purpose === purpose;
    if (!valid) throw new ApiError('TICKET_INVALID');
  }

  /** Uses a ticket up; call inside the transaction of the write, after `checkTicket`. */
  redeemTicket(tenantId: string, phone: string, purpose: CodePurpose, ticket: string, now: number): void {
    this.checkTicket(tenantId, phone, purpose, ticket, now);
    if (!this.rows.markTicketUsed(sha256(ticket), now)) throw new ApiError('TICKET_INVALID');
  }
}
