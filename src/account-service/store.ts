/**
 * The account service's SQLite storage (better-sqlite3): users, trading accounts and groups, tasks and
 * profiles here, codes, tickets and the outbox in code-store.ts on the same connection. Every table
 * carries `tenant_id` and every query filters on it, so tenants never see each other's rows. The schema
 * is created on open.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SearchType, TaskType } from '../contract/wire.js';
import { CodeStore, type OutboxMessage } from './code-store.js';
import { hashPassword } from './passwords.js';
import { emailKey } from './validation.js';

export const DEFAULT_PROFILE = { base: {}, cert: {}, finance: {} } as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  tenant_id       TEXT NOT NULL,
  id              TEXT NOT NULL,
  name            TEXT NOT NULL,
  nickname        TEXT,
  email           TEXT,
  email_key       TEXT,            -- lower-cased email: the unique, case-insensitive key
  phone           TEXT,
  password_hash   TEXT NOT NULL,
  avatar          TEXT,
  language        TEXT NOT NULL DEFAULT 'en-US',
  is_enabled      INTEGER NOT NULL DEFAULT 1,
  register_time   INTEGER NOT NULL,
  last_login_time INTEGER,
  recommend_code  TEXT,
  custom_source   TEXT,
  profile         TEXT NOT NULL,   -- the 2.11 document as JSON text
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS users_tenant_phone ON users (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS users_tenant_email ON users (tenant_id, email_key) WHERE email_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS users_tenant_registered ON users (tenant_id, register_time, id);

CREATE TABLE IF NOT EXISTS account_groups (
  tenant_id TEXT NOT NULL,
  id        TEXT NOT NULL,
  name      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS trading_accounts (
  tenant_id TEXT NOT NULL,
  id        TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  name      TEXT NOT NULL,
  type      TEXT NOT NULL CHECK (type IN ('Live', 'Demo')),
  group_id  TEXT,
  balance   REAL NOT NULL DEFAULT 0,
  currency  TEXT NOT NULL,
  leverage  INTEGER NOT NULL,
  platform  TEXT NOT NULL,
  server    TEXT NOT NULL,
  status    INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS trading_accounts_user ON trading_accounts (tenant_id, user_id, id);

CREATE TABLE IF NOT EXISTS tasks (
  tenant_id    TEXT NOT NULL,
  id           TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  job_type     TEXT NOT NULL,
  state        TEXT NOT NULL,
  created_time TEXT NOT NULL,    -- 'YYYY-MM-DDTHH:mm:ss.SSS', as the contract answers it
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS tasks_user_type ON tasks (tenant_id, user_id, job_type, created_time);
`;

export interface User {
  id: string;
  name: string;
  nickname: string | null;
  email: string | null;
  phone: string | null;
  passwordHash: string;
  avatar: string | null;
  language: string;
  enabled: boolean;
  registerTime: number;
  lastLoginTime: number | null;
}

export interface NewUserRecord {
  id?: string;
  name: string;
  nickname?: string | null;
  email?: string | null;
  phone?: string | null;
  passwordHash: string;
  avatar?: string | null;
  language?: string;
  enabled?: boolean;
  registerTime: number;
  recommendCode?: string | null;
  customSource?: string | null;
  profile?: unknown;
}

/** `createUser` input: like a stored record, but with the plain password. */
export type NewUser = Omit<NewUserRecord, 'passwordHash' | 'registerTime'> & {
  password: string;
  registerTime?: number;
};

export interface TradingAccount {
  id: string;
  name: string;
  type: 'Live' | 'Demo';
  groupId: string | null;
  groupName: string | null;
  balance: number;
  currency: string;
  leverage: number;
  platform: string;
  server: string;
  status: boolean;
}

export type NewTradingAccount = Omit<TradingAccount, 'groupName'>;

export interface Task {
  id: string;
  userId: string;
  jobType: string;
  state: string;
  createdTime: string;
}

/** A unique index refused the insert: the phone or the email is taken in this tenant. */
export class DuplicateUserError extends Error {
  override name = 'DuplicateUserError';
  constructor(readonly field: 'phone' | 'email') {
    super(`duplicate ${field}`);
  }
}

interface UserRowDb {
  id: string;
  name: string;
  nickname: string | null;
  email: string | null;
  phone: string | null;
  password_hash: string;
  avatar: string | null;
  language: string;
  is_enabled: number;
  register_time: number;
  last_login_time: number | null;
}

function toUser(row: UserRowDb): User {
  return {
    id: row.id,
    name: row.name,
    nickname: row.nickname,
    email: row.email,
    phone: row.phone,
    passwordHash: row.password_hash,
    avatar: row.avatar,
    language: row.language,
    enabled: row.is_enabled === 1,
    registerTime: row.register_time,
    lastLoginTime: row.last_login_time,
  };
}

const SEARCH_CONDITION: Record<SearchType, string> = {
  // fold() is a JS lower-casing function registered on the connection: Unicode-aware, unlike lower().
  UserName: 'instr(fold(u.name), fold(@value)) > 0',
  Email: 'u.email_key = fold(@value)',
  Phone: 'instr(u.phone, @value) > 0',
  TradeAccount:
    'EXISTS (SELECT 1 FROM trading_accounts a WHERE a.tenant_id = u.tenant_id AND a.user_id = u.id AND a.id = @value)',
};

const USER_COLUMNS =
  'u.id, u.name, u.nickname, u.email, u.phone, u.password_hash, u.avatar, u.language, u.is_enabled, u.register_time, u.last_login_time';

export class AccountStore {
  readonly db: Database.Database;
  /** Codes, tickets and the outbox, in the same database (and transactions). */
  readonly codeStore: CodeStore;

  constructor(dbPath: string) {
    const inMemory = dbPath === ':memory:' || dbPath === '';
    if (!inMemory && !dbPath.startsWith('file:')) mkdirSync(dirname(dbPath), { recursive: true });
    this.db = new Database(dbPath);
    if (!inMemory) this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.function('fold', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLowerCase() : null,
    );
    this.db.exec(SCHEMA);
    this.codeStore = new CodeStore(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one SQLite transaction (rolled back if it throws). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- users ----

  /** Hashes the password and stores a user; returns its id. For seeding and tests. */
  async createUser(tenantId: string, input: NewUser): Promise<string> {
    const { password, registerTime, ...rest } = input;
    const passwordHash = await hashPassword(password);
    return this.insertUser(tenantId, { ...rest, passwordHash, registerTime: registerTime ?? Date.now() });
  }

  /** Throws DuplicateUserError when the phone or email is taken in this tenant. */
  insertUser(tenantId: string, u: NewUserRecord): string {
    const id = u.id ?? randomUUID();
    try {
      this.db
        .prepare(
          `INSERT INTO users (tenant_id, id, name, nickname, email, email_key, phone, password_hash, avatar,
             language, is_enabled, register_time, recommend_code, custom_source, profile)
           VALUES (@tenantId, @id, @name, @nickname, @email, @emailKey, @phone, @passwordHash, @avatar,
             @language, @enabled, @registerTime, @recommendCode, @customSource, @profile)`,
        )
        .run({
          tenantId,
          id,
          name: u.name,
          nickname: u.nickname ?? null,
          email: u.email ?? null,
          emailKey: u.email ? emailKey(u.email) : null,
          phone: u.phone ?? null,
          passwordHash: u.passwordHash,
          avatar: u.avatar ?? null,
          language: u.language ?? 'en-US',
          enabled: u.enabled === false ? 0 : 1,
          registerTime: u.registerTime,
          recommendCode: u.recommendCode ?? null,
          customSource: u.customSource ?? null,
          profile: JSON.stringify(u.profile ?? DEFAULT_PROFILE),
        });
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        if (err.message.includes('phone')) throw new DuplicateUserError('phone');
        if (err.message.includes('email')) throw new DuplicateUserError('email');
      }
      throw err;
    }
    return id;
  }

  countUsers(tenantId: string): number {
    const row = this.db.prepare('SELECT count(*) AS n FROM users WHERE tenant_id = ?').get(tenantId) as {
      n: number;
    };
    return row.n;
  }

  findUserById(tenantId: string, id: string): User | undefined {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.tenant_id = ? AND u.id = ?`)
      .get(tenantId, id) as UserRowDb | undefined;
    return row && toUser(row);
  }

  findUserByPhone(tenantId: string, phone: string): User | undefined {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.tenant_id = ? AND u.phone = ?`)
      .get(tenantId, phone) as UserRowDb | undefined;
    return row && toUser(row);
  }

  findUserByEmail(tenantId: string, email: string): User | undefined {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.tenant_id = ? AND u.email_key = ?`)
      .get(tenantId, emailKey(email)) as UserRowDb | undefined;
    return row && toUser(row);
  }

  /** Users whose name equals `name` exactly; at most `limit`. */
  findUsersByName(tenantId: string, name: string, limit = 2): User[] {
    const rows = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.tenant_id = ? AND u.name = ? LIMIT ?`)
      .all(tenantId, name, limit) as UserRowDb[];
    return rows.map(toUser);
  }

  setLastLoginTime(tenantId: string, id: string, time: number): void {
    this.db
      .prepare('UPDATE users SET last_login_time = ? WHERE tenant_id = ? AND id = ?')
      .run(time, tenantId, id);
  }

  setPasswordHash(tenantId: string, id: string, passwordHash: string): void {
    this.db
      .prepare('UPDATE users SET password_hash = ? WHERE tenant_id = ? AND id = ?')
      .run(passwordHash, tenantId, id);
  }

  setAvatar(tenantId: string, id: string, avatar: string): void {
    this.db.prepare('UPDATE users SET avatar = ? WHERE tenant_id = ? AND id = ?').run(avatar, tenantId, id);
  }

  setEnabled(tenantId: string, id: string, enabled: boolean): void {
    this.db
      .prepare('UPDATE users SET is_enabled = ? WHERE tenant_id = ? AND id = ?')
      .run(enabled ? 1 : 0, tenantId, id);
  }

  /** The stored profile document, or undefined for an unknown user. */
  getProfile(tenantId: string, id: string): unknown {
    const row = this.db
      .prepare('SELECT profile FROM users WHERE tenant_id = ? AND id = ?')
      .get(tenantId, id) as { profile: string } | undefined;
    return row && (JSON.parse(row.profile) as unknown);
  }

  /** Replaces the profile document; false for an unknown user. */
  setProfile(tenantId: string, id: string, profile: unknown): boolean {
    const info = this.db
      .prepare('UPDATE users SET profile = ? WHERE tenant_id = ? AND id = ?')
      .run(JSON.stringify(profile), tenantId, id);
    return info.changes === 1;
  }

  /** One page of users matching a 2.7 search, ordered by register time then id. */
  searchUsers(
    tenantId: string,
    type: SearchType,
    value: string,
    limit: number,
    offset: number,
  ): { users: User[]; total: number } {
    const where = `u.tenant_id = @tenantId AND ${SEARCH_CONDITION[type]}`;
    const params = { tenantId, value };
    const { n } = this.db.prepare(`SELECT count(*) AS n FROM users u WHERE ${where}`).get(params) as {
      n: number;
    };
    const rows = this.db
      .prepare(
        `SELECT ${USER_COLUMNS} FROM users u WHERE ${where}
         ORDER BY u.register_time, u.id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as UserRowDb[];
    return { users: rows.map(toUser), total: n };
  }

  // ---- trading accounts and groups ----

  upsertAccountGroup(tenantId: string, id: string, name: string): void {
    this.db
      .prepare(
        `INSERT INTO account_groups (tenant_id, id, name) VALUES (?, ?, ?)
         ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name`,
      )
      .run(tenantId, id, name);
  }

  addTradingAccount(tenantId: string, userId: string, a: NewTradingAccount): void {
    this.db
      .prepare(
        `INSERT INTO trading_accounts (tenant_id, id, user_id, name, type, group_id, balance, currency, leverage,
           platform, server, status)
         VALUES (@tenantId, @id, @userId, @name, @type, @groupId, @balance, @currency, @leverage, @platform,
           @server, @status)`,
      )
      .run({ ...a, tenantId, userId, status: a.status ? 1 : 0 });
  }

  /** A user's trading accounts, by account id. */
  tradingAccounts(tenantId: string, userId: string): TradingAccount[] {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.name, a.type, a.group_id, g.name AS group_name, a.balance, a.currency, a.leverage,
           a.platform, a.server, a.status
         FROM trading_accounts a
         LEFT JOIN account_groups g ON g.tenant_id = a.tenant_id AND g.id = a.group_id
         WHERE a.tenant_id = ? AND a.user_id = ? ORDER BY a.id`,
      )
      .all(tenantId, userId) as Array<{
      id: string;
      name: string;
      type: 'Live' | 'Demo';
      group_id: string | null;
      group_name: string | null;
      balance: number;
      currency: string;
      leverage: number;
      platform: string;
      server: string;
      status: number;
    }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      groupId: r.group_id,
      groupName: r.group_name,
      balance: r.balance,
      currency: r.currency,
      leverage: r.leverage,
      platform: r.platform,
      server: r.server,
      status: r.status === 1,
    }));
  }

  /** Account ids per user, for a page of search results. */
  accountIdsByUser(tenantId: string, userIds: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT user_id, id FROM trading_accounts
         WHERE tenant_id = ? AND user_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(tenantId, JSON.stringify(userIds)) as Array<{ user_id: string; id: string }>;
    for (const r of rows) out.get(r.user_id)?.push(r.id);
    return out;
  }

  // ---- tasks ----

  addTask(tenantId: string, task: Task): void {
    this.db
      .prepare(
        `INSERT INTO tasks (tenant_id, id, user_id, job_type, state, created_time)
         VALUES (@tenantId, @id, @userId, @jobType, @state, @createdTime)`,
      )
      .run({ ...task, tenantId });
  }

  /** The newest task of this type for the user. */
  latestTask(tenantId: string, userId: string, jobType: TaskType): Task | undefined {
    return this.db
      .prepare(
        `SELECT id, user_id AS userId, job_type AS jobType, state, created_time AS createdTime FROM tasks
         WHERE tenant_id = ? AND user_id = ? AND job_type = ? ORDER BY created_time DESC, id DESC LIMIT 1`,
      )
      .get(tenantId, userId, jobType) as Task | undefined;
  }

  /** Codes "sent" to a phone or email (emails match case-insensitively), oldest first. */
  outbox(target: string, tenantId?: string): OutboxMessage[] {
    return this.codeStore.outbox(target, tenantId);
  }
}
