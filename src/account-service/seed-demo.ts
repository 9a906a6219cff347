/** Seeds the demo tenant with the fixed demo users, accounts, profile and tasks of demo-data.ts. */
import {
  DEMO_ACCOUNT_GROUPS,
  DEMO_EXTRA_USERS,
  DEMO_PROFILE,
  DEMO_REGISTER_TIME_START,
  DEMO_TASKS,
  DEMO_TRADING_ACCOUNTS,
  DEMO_USERS,
} from './demo-data.js';
import { hashPassword } from './passwords.js';
import type { AccountStore } from './store.js';

/** Seeds `tenantId` when it has no users yet; true if it did. */
export async function seedDemoData(store: AccountStore, tenantId: string): Promise<boolean> {
  if (store.countUsers(tenantId) > 0) return false;
  const users = [
    { ...DEMO_USERS.demo, enabled: true, profile: DEMO_PROFILE },
    { ...DEMO_USERS.admin, enabled: true, profile: undefined },
    ...Object.values(DEMO_EXTRA_USERS).map((u) => ({ ...u, profile: undefined })),
  ];
  // Hash first (scrypt runs on the thread pool, in parallel), then write everything in one transaction.
  const hashes = await Promise.all(users.map((u) => hashPassword(u.password)));
  return store.transaction(() => {
    if (store.countUsers(tenantId) > 0) return false;
    users.forEach((u, i) => {
      store.insertUser(tenantId, {
        id: u.id,
        name: u.name,
        nickname: u.nickname,
        phone: u.phone,
        email: u.email,
        passwordHash: hashes[i] ?? '',
        enabled: u.enabled,
        registerTime: DEMO_REGISTER_TIME_START + i * 86_400_000,
        profile: u.profile,
      });
    });
    for (const g of DEMO_ACCOUNT_GROUPS) store.upsertAccountGroup(tenantId, g.id, g.name);
    for (const { userId, ...account } of DEMO_TRADING_ACCOUNTS)
      store.addTradingAccount(tenantId, userId, account);
    for (const task of DEMO_TASKS) store.addTask(tenantId, task);
    return true;
  });
}
