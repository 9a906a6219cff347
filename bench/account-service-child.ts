/**
 * The benchmark's upstream: the embedded account service in its own process (so its CPU does not
 * mix with the measured layer's), seeded with extra users for the search and `_entities` scenarios.
 * Control over IPC: read the counters, set the added latency, stop.
 */
import { DEV_TENANT, startAccountService } from '../src/account-service/index.js';
import { hashPassword } from '../src/account-service/passwords.js';
import { serveControl } from './ipc.js';

/** Seeded users: "Bench User 01".."Bench User 60", two trading accounts each. */
const BENCH_USERS = 60;
const BENCH_NAME_PREFIX = 'Bench User';

const service = await startAccountService({
  dbPath: ':memory:',
  tenants: [{ ...DEV_TENANT }],
  port: 0,
});

// One hash for every seeded user: they are read, never logged in, and scrypt is slow.
const passwordHash = await hashPassword('Bench1234');
const ids: string[] = [];
service.store.transaction(() => {
  for (let i = 1; i <= BENCH_USERS; i++) {
    const n = String(i).padStart(2, '0');
    const id = service.store.insertUser(DEV_TENANT.id, {
      name: `${BENCH_NAME_PREFIX} ${n}`,
      nickname: `bench${n}`,
      phone: `1580000${String(i).padStart(4, '0')}`,
      email: `bench${n}@example.com`,
      passwordHash,
      registerTime: 1_600_000_000_000 + i * 1000,
    });
    ids.push(id);
    for (const [k, type] of (['Live', 'Demo'] as const).entries()) {
      service.store.addTradingAccount(DEV_TENANT.id, id, {
        id: `30${String(i).padStart(4, '0')}${k}`,
        name: `bench${n}-${type.toLowerCase()}`,
        type,
        groupId: k === 0 ? '9' : null,
        balance: 1000 + i,
        currency: 'USD',
        leverage: 100,
        platform: 'MT5',
        server: `MT5-${type}`,
        status: true,
      });
    }
  }
});

serveControl(
  {
    counters: () => ({ total: service.counters.total, connections: service.counters.connections }),
    memory: () => ({ cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }),
    delay: (message) => {
      service.setDelayMs(Number(message.ms));
      return {};
    },
    stop: async () => {
      await service.close();
      setImmediate(() => process.exit(0));
      return {};
    },
  },
  { url: service.url, userIds: ids },
);
