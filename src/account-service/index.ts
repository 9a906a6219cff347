/**
 * The embedded Lwork account service: a real HTTP implementation of the REST contract
 * (`lwork-user-api.txt`, 2.1 to 2.15) over SQLite. The GraphQL layer uses it as its default upstream.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Codes } from './codes.js';
import { checkTenants } from './config.js';
import { createCounters, type RequestCounters } from './counters.js';
import { DEV_TENANT } from './demo-data.js';
import { seedDemoData } from './seed-demo.js';
import { createAccountServer, type ResponseRecord, type ServerDeps, type Tenant } from './server.js';
import { AccountStore } from './store.js';

export type { OutboxMessage } from './code-store.js';
export type { AccountServiceConfig } from './config.js';
export { AccountServiceConfigError, accountServiceConfigFromEnv } from './config.js';
export type { RequestCounters } from './counters.js';
export { DEMO_EXTRA_USERS, DEMO_USERS, DEV_TENANT } from './demo-data.js';
export type { NewUser } from './store.js';
export { AccountStore } from './store.js';
export type { ResponseRecord, Tenant };

export interface AccountServiceOptions {
  /** A file path (its folder is created) or ':memory:'. */
  dbPath: string;
  /** At least one. */
  tenants: Tenant[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Seed the demo tenant (DEV_TENANT.id, when configured) if it has no users; default true. */
  demoData?: boolean;
  /** Clock in ms; tests inject one to expire codes and tickets. */
  now?: () => number;
  /** Benchmark only: latency added before every answer. Default 0. */
  delayMs?: number;
  /** Never receives codes, passwords, tickets, tokens or API keys. */
  logger?: Logger;
  /** Tests only: sees every answer after it is sent (the contract tests validate them). */
  onResponse?: (record: ResponseRecord) => void;
}

export interface AccountService {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  store: AccountStore;
  counters: RequestCounters;
  /** Benchmark only: changes the latency added before every answer. */
  setDelayMs(ms: number): void;
  /** Stops the server (idle keep-alive sockets too) and closes the database. */
  close(): Promise<void>;
}

/** How long close() lets in-flight requests finish before cutting their connections. */
const CLOSE_GRACE_MS = 2_000;

export async function startAccountService(opts: AccountServiceOptions): Promise<AccountService> {
  checkTenants(opts.tenants, process.env.NODE_ENV);
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? Date.now;
  const store = new AccountStore(opts.dbPath);
  const counters = createCounters();
  try {
    if ((opts.demoData ?? true) && opts.tenants.some((t) => t.id === DEV_TENANT.id)) {
      const seeded = await seedDemoData(store, DEV_TENANT.id);
      // Debug: on a first `npm start` an info line would stand above the banner that lists the demo users.
      if (seeded) opts.logger?.debug({ tenant: DEV_TENANT.id }, 'demo data seeded');
    }
    const deps: ServerDeps = {
      store,
      codes: new Codes(store),
      tenants: opts.tenants,
      now,
      counters,
      delayMs: opts.delayMs ?? 0,
      logger: opts.logger,
      onResponse: opts.onResponse,
    };
    const server = createAccountServer(deps);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          store.close();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    };
    const setDelayMs = (ms: number) => {
      deps.delayMs = ms;
    };
    return { url, store, counters, setDelayMs, close };
  } catch (err) {
    store.close();
    throw err;
  }
}
