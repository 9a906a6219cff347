/**
 * Storage of verification codes, reset tickets and the outbox (the stand-in for the SMS / email
 * gateway), on the account store's SQLite connection. Rows only: the rules live in codes.ts.
 */
import type Database from 'better-sqlite3';
import { emailKey } from './validation.js';

const SCHEMA = `
-- One live code per target and purpose; a new code replaces the old one.
CREATE TABLE IF NOT EXISTS codes (
  tenant_id   TEXT NOT NULL,
  target      TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  code_hash   TEXT NOT NULL,     -- sha256 of salt, target, purpose and code: never the code itself
  salt        TEXT NOT NULL,
  sent_at     INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  consumed_at INTEGER,
  PRIMARY KEY (tenant_id, target, purpose)
);

CREATE TABLE IF NOT EXISTS tickets (
  ticket_hash TEXT PRIMARY KEY,  -- sha256 of the ticket
  tenant_id   TEXT NOT NULL,
  phone       TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);

-- What the SMS / email gateway would have delivered. Stands in for the gateway, so it holds codes.
CREATE TABLE IF NOT EXISTS outbox (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL,
  target    TEXT NOT NULL,
  purpose   TEXT NOT NULL,
  code      TEXT NOT NULL,
  sent_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_target ON outbox (target, seq);
`;

export interface CodeRow {
  codeHash: string;
  salt: string;
  sentAt: number;
  expiresAt: number;
  attempts: number;
  consumedAt: number | null;
}

export interface TicketRow {
  tenantId: string;
  phone: string;
  purpose: string;
  expiresAt: number;
  usedAt: number | null;
}

export interface OutboxMessage {
  target: string;
  purpose: string;
  code: string;
  sentAt: number;
}

export class CodeStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  getCode(tenantId: string, target: string, purpose: string): CodeRow | undefined {
    return this.db
      .prepare(
        `SELECT code_hash AS codeHash, salt, sent_at AS sentAt, expires_at AS expiresAt, attempts,
           consumed_at AS consumedAt
         FROM codes WHERE tenant_id = ? AND target = ? AND purpose = ?`,
      )
      .get(tenantId, target, purpose) as CodeRow | undefined;
  }

  putCode(
    tenantId: string,
    target: string,
    purpose: string,
    row: Omit<CodeRow, 'attempts' | 'consumedAt'>,
  ): void {
    this.db
      .prepare(
        `INSERT INTO codes (tenant_id, target, purpose, code_hash, salt, sent_at, expires_at, attempts, consumed_at)
         VALUES (@tenantId, @target, @purpose, @codeHash, @salt, @sentAt, @expiresAt, 0, NULL)
         ON CONFLICT (tenant_id, target, purpose) DO UPDATE SET code_hash = excluded.code_hash,
           salt = excluded.salt, sent_at = excluded.sent_at, expires_at = excluded.expires_at, attempts = 0,
           consumed_at = NULL`,
      )
      .run({ ...row, tenantId, target, purpose });
  }

  /** Counts one wrong try; returns the new count. */
  addCodeAttempt(tenantId: string, target: string, purpose: string): number {
    const row = this.db
      .prepare(
        `UPDATE codes SET attempts = attempts + 1 WHERE tenant_id = ? AND target = ? AND purpose = ?
         RETURNING attempts`,
      )
      .get(tenantId, target, purpose) as { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }

  markCodeConsumed(tenantId: string, target: string, purpose: string, time: number): void {
    this.db
      .prepare('UPDATE codes SET consumed_at = ? WHERE tenant_id = ? AND target = ? AND purpose = ?')
      .run(time, tenantId, target, purpose);
  }

  putTicket(ticketHash: string, row: Omit<TicketRow, 'usedAt'>, now: number): void {
    this.db.prepare('DELETE FROM tickets WHERE expires_at < ?').run(now);
    this.db
      .prepare(
        `INSERT INTO tickets (ticket_hash, tenant_id, phone, purpose, expires_at)
         VALUES (@ticketHash, @tenantId, @phone, @purpose, @expiresAt)`,
      )
      .run({ ...row, ticketHash });
  }

  getTicket(ticketHash: string): TicketRow | undefined {
    return this.db
      .prepare(
        `SELECT tenant_id AS tenantId, phone, purpose, expires_at AS expiresAt, used_at AS usedAt
         FROM tickets WHERE ticket_hash = ?`,
      )
      .get(ticketHash) as TicketRow | undefined;
  }

  /** Marks an unused ticket used; false if it was already used. */
  markTicketUsed(ticketHash: string, time: number): boolean {
    return (
      this.db
        .prepare('UPDATE tickets SET used_at = ? WHERE ticket_hash = ? AND used_at IS NULL')
        .run(time, ticketHash).changes === 1
    );
  }

  pushOutbox(tenantId: string, message: OutboxMessage): void {
    this.db
      .prepare(
        'INSERT INTO outbox (tenant_id, target, purpose, code, sent_at) VALUES (@tenantId, @target, @purpose, @code, @sentAt)',
      )
      .run({ ...message, tenantId });
  }

  /** Codes "sent" to a phone or email (emails match case-insensitively), oldest first. */
  outbox(target: string, tenantId?: string): OutboxMessage[] {
    const key = target.includes('@') ? emailKey(target) : target;
    return this.db
      .prepare(
        `SELECT target, purpose, code, sent_at AS sentAt FROM outbox
         WHERE target = @key AND (@tenantId IS NULL OR tenant_id = @tenantId) ORDER BY seq`,
      )
      .all({ key, tenantId: tenantId ?? null }) as OutboxMessage[];
  }
}
