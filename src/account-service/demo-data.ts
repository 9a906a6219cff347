/**
 * Fixed demo values: the development tenant and the demo users seeded into an empty database. These
 * are documented development credentials (README); the service refuses DEV_TENANT.apiKey in production.
 */
import { EXAMPLE_PROFILE } from '../contract/examples.js';

export const DEV_TENANT = { id: 'T001117', apiKey: 'lwork-dev-key' } as const;

export const DEMO_USERS = {
  demo: {
    id: '4b07e7af-798a-4f68-9b2c-561a8300eac2',
    name: 'Test',
    nickname: 'demo',
    phone: '15912345678',
    email: 'demo@example.com',
    password: 'Demo1234',
  },
  admin: {
    id: '0a0d7f2e-5c1b-4b8e-9f3a-2d6c8e1b7a01',
    name: 'Admin',
    nickname: 'admin',
    phone: '15900000000',
    email: 'admin@example.com',
    password: 'Admin1234',
  },
} as const;

/** More ordinary demo users, for search and paging. Dave is disabled. */
export const DEMO_EXTRA_USERS = {
  alice: {
    id: '1c5e0b8a-3f7d-4e2a-9b61-7d3f2a8c4e10',
    name: 'Alice Chen',
    nickname: 'alice',
    phone: '15900000001',
    email: 'alice@example.com',
    password: 'Alice1234',
    enabled: true,
  },
  bob: {
    id: '2d6f1c9b-4a8e-4f3b-8c72-8e4a3b9d5f21',
    name: 'Bob Li',
    nickname: 'bob',
    phone: '15900000002',
    email: 'bob@example.com',
    password: 'Bob12345',
    enabled: true,
  },
  carol: {
    id: '3e7a2d0c-5b9f-4a4c-9d83-9f5b4c0e6a32',
    name: 'Carol Wang',
    nickname: 'carol',
    phone: '15900000003',
    email: 'carol@example.com',
    password: 'Carol1234',
    enabled: true,
  },
  dave: {
    id: '4f8b3e1d-6c0a-4b5d-8e94-0a6c5d1f7b43',
    name: 'Dave Zhou',
    nickname: 'dave',
    phone: '15900000004',
    email: 'dave@example.com',
    password: 'Dave1234',
    enabled: false,
  },
} as const;

/** The demo user's profile: the contract's 2.11 example plus broker fields the example does not show. */
export const DEMO_PROFILE = {
  base: { ...EXAMPLE_PROFILE.base, email: 'demo@example.com', occupation: 'Engineer' },
  cert: { ...EXAMPLE_PROFILE.cert },
  finance: {
    ...EXAMPLE_PROFILE.finance,
    floatingAssets: '',
    netIncome: '50000-100000',
    transactionsPerYear: '',
  },
};

export const DEMO_ACCOUNT_GROUPS = [
  { id: '9', name: 'Standard USD' },
  { id: '12', name: 'Pro EUR' },
] as const;

/** Trading accounts by owner. */
export const DEMO_TRADING_ACCOUNTS = [
  {
    userId: DEMO_USERS.demo.id,
    id: '2090001252',
    name: 'demo',
    type: 'Live',
    groupId: '9',
    balance: 1014.07,
    currency: 'USD',
    leverage: 100,
    platform: 'MT4',
    server: 'MT4-Live',
    status: true,
  },
  {
    userId: DEMO_USERS.demo.id,
    id: '2090005469',
    name: 'demo',
    type: 'Demo',
    groupId: null,
    balance: 0,
    currency: 'USD',
    leverage: 100,
    platform: 'MT4',
    server: 'MT4-Demo',
    status: true,
  },
  {
    userId: DEMO_EXTRA_USERS.alice.id,
    id: '2090001300',
    name: 'alice',
    type: 'Live',
    groupId: '12',
    balance: 25000.5,
    currency: 'EUR',
    leverage: 200,
    platform: 'MT5',
    server: 'MT5-Live',
    status: true,
  },
  {
    userId: DEMO_EXTRA_USERS.bob.id,
    id: '2090005500',
    name: 'bob',
    type: 'Demo',
    groupId: null,
    balance: 10000,
    currency: 'USD',
    leverage: 50,
    platform: 'MT4',
    server: 'MT4-Demo',
    status: false,
  },
] as const;

export const DEMO_TASKS = [
  {
    id: 'd3a1f0c2-7b4e-4c59-8a16-2f9e0b7c4d11',
    userId: DEMO_USERS.demo.id,
    jobType: 'JOB_TYPE_TA_OPEN',
    state: 'Submited',
    createdTime: '2017-04-18T09:30:12.001',
  },
  {
    id: 'e431c3aa-b1e2-4d5a-9321-7e9909eba5e2',
    userId: DEMO_USERS.demo.id,
    jobType: 'JOB_TYPE_TA_SAME_OPEN',
    state: 'Approved',
    createdTime: '2017-04-19T18:07:43.218',
  },
] as const;

/** Fixed registration times, so search order is stable: demo first, then admin, then the others. */
export const DEMO_REGISTER_TIME_START = 1_490_780_106_812;
