/** 2.11 profile read, 2.12 profile replace, 2.13 task state. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { MCODES } from '../../src/contract/mcodes.js';
import { TASK_TYPES } from '../../src/contract/wire.js';
import {
  OTHER_TENANT,
  startTestAccountService,
  type TestAccountService,
} from '../helpers/account-service.js';

const { demo, admin } = DEMO_USERS;
let t: TestAccountService;

beforeAll(async () => {
  t = await startTestAccountService();
});
afterAll(async () => {
  await t.close();
});

describe('2.11 / 2.12 profile', () => {
  it('answers the demo profile, including broker fields the contract example lacks', async () => {
    const res = await t.call('GET', `/v1/api/account/${demo.id}/info`);
    expect(res.body.result).toBe(true);
    expect(res.body.data.base).toMatchObject({
      accountName: 'test',
      birthday: '2017-03-01',
      homePlace: { city: '', country: '3225', province: '' },
      phones: { countryCode: '+886', phone: '12312', phoneStr: '+886 12312' },
      occupation: 'Engineer',
    });
    expect(res.body.data.cert.idNum).toBe('11111111111');
    expect(res.body.data.finance).toMatchObject({ investmentExperience: [], netIncome: '50000-100000' });
  });

  it('gives a new user an empty document', async () => {
    const id = await t.service.store.createUser('T001117', { name: 'Blank', password: 'Blank1234' });
    expect((await t.call('GET', `/v1/api/account/${id}/info`)).body.data).toEqual({
      base: {},
      cert: {},
      finance: {},
    });
  });

  it('stores the whole posted document and returns it as stored, unknown fields included', async () => {
    const doc = {
      base: {
        accountName: 'admin',
        gender: '1',
        residence: { city: 'Taipei', country: '886', province: '' },
        favouriteColour: 'teal',
      },
      cert: { idType: 'passport', idNum: 'P1234567', extra: { nested: [1, 2, { deep: true }] } },
      finance: {
        investmentExperience: ['forex', 'stocks'],
        floatingAssets: '10000',
        transactionsPerYear: '50',
      },
      brokerSection: { anything: 1 },
    };
    const res = await t.call('POST', `/v1/api/account/${admin.id}/update`, doc);
    expect(res.body).toEqual({ result: true, mcode: 'm0000000' });
    expect((await t.call('GET', `/v1/api/account/${admin.id}/info`)).body.data).toEqual(doc);
    // A later document replaces it whole.
    const smaller = { base: { accountName: 'admin2' } };
    expect((await t.call('POST', `/v1/api/account/${admin.id}/update`, smaller)).body.result).toBe(true);
    expect((await t.call('GET', `/v1/api/account/${admin.id}/info`)).body.data).toEqual(smaller);
  });

  it('refuses non-object documents and sections', async () => {
    for (const body of [[1, 2], 'text', 42, null, { base: [] }, { cert: 'x' }, { finance: null }]) {
      const res = await t.call('POST', `/v1/api/account/${admin.id}/update`, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    }
    expect((await t.call('POST', `/v1/api/account/${admin.id}/update`)).body.mcode).toBe(
      MCODES.INVALID_PARAMETER.code,
    );
  });

  it('answers USER_NOT_FOUND for an unknown or foreign user', async () => {
    expect((await t.call('GET', '/v1/api/account/nobody/info')).body).toEqual({
      result: false,
      mcode: MCODES.USER_NOT_FOUND.code,
    });
    expect((await t.call('POST', '/v1/api/account/nobody/update', { base: {} })).body.mcode).toBe(
      MCODES.USER_NOT_FOUND.code,
    );
    expect(
      (await t.call('GET', `/v1/api/account/${demo.id}/info`, undefined, { tenant: OTHER_TENANT })).body
        .mcode,
    ).toBe(MCODES.USER_NOT_FOUND.code);
  });
});

describe('2.13 task state', () => {
  const state = (userId: string, type: string) =>
    t.call('GET', `/v1/api/account/${userId}/${type}/task/state`);

  it('answers the contract fields for the demo tasks', async () => {
    const same = await state(demo.id, 'JOB_TYPE_TA_SAME_OPEN');
    expect(same.body).toEqual({
      result: true,
      mcode: 'm0000000',
      data: {
        createdTime: '2017-04-19T18:07:43.218',
        id: 'e431c3aa-b1e2-4d5a-9321-7e9909eba5e2',
        jobType: 'JOB_TYPE_TA_SAME_OPEN',
        pubUserId: demo.id,
        state: 'Approved',
      },
    });
    const open = await state(demo.id, 'JOB_TYPE_TA_OPEN');
    expect(open.body.data).toMatchObject({ jobType: 'JOB_TYPE_TA_OPEN', state: 'Submited' });
    expect(open.body.data.createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
  });

  it('answers the newest task of a type', async () => {
    t.service.store.addTask('T001117', {
      id: 'newer-task',
      userId: demo.id,
      jobType: 'JOB_TYPE_TA_BIND',
      state: 'Submited',
      createdTime: '2020-01-01T00:00:00.000',
    });
    t.service.store.addTask('T001117', {
      id: 'older-task',
      userId: demo.id,
      jobType: 'JOB_TYPE_TA_BIND',
      state: 'Rejected',
      createdTime: '2019-01-01T00:00:00.000',
    });
    expect((await state(demo.id, 'JOB_TYPE_TA_BIND')).body.data.id).toBe('newer-task');
  });

  it('answers TASK_NOT_FOUND, USER_NOT_FOUND and INVALID_PARAMETER', async () => {
    for (const type of TASK_TYPES) {
      expect((await state(admin.id, type)).body, type).toEqual({
        result: false,
        mcode: MCODES.TASK_NOT_FOUND.code,
      });
    }
    expect((await state('nobody', 'JOB_TYPE_TA_OPEN')).body.mcode).toBe(MCODES.USER_NOT_FOUND.code);
    const bad = await state(demo.id, 'JOB_TYPE_UNKNOWN');
    expect(bad.status).toBe(400);
    expect(bad.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
  });
});
