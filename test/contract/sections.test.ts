/**
 * The contract's sections are the one description of the REST API: the service's routes, the upstream
 * client's functions and the OpenAPI document must each cover every section exactly once, at the
 * section's method and path. (The document's side: test/account-service/openapi.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, DEV_TENANT, type ResponseRecord } from '../../src/account-service/index.js';
import { bindRoutes, HANDLERS, ROUTES } from '../../src/account-service/routes.js';
import { expandPath, pathParamNames } from '../../src/contract/section.js';
import { SECTION_LIST, SECTIONS } from '../../src/contract/sections.js';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/client.js';
import { createLworkApi, type LworkApi } from '../../src/upstream/endpoints.js';
import { startTestAccountService, type TestAccountService } from '../helpers/account-service.js';
import { contractHook } from '../helpers/contract.js';

const ALL_IDS: string[] = SECTION_LIST.map((s) => s.id);

describe('the sections', () => {
  it('are 2.1 to 2.15 in order, each with a unique operation id and method + path', () => {
    expect(ALL_IDS).toEqual(Array.from({ length: 15 }, (_, i) => `2.${i + 1}`));
    expect(new Set(SECTION_LIST.map((s) => s.operationId)).size).toBe(15);
    expect(new Set(SECTION_LIST.map((s) => `${s.method} ${s.path}`)).size).toBe(15);
  });

  it.each(SECTION_LIST.map((s) => [s.id, s] as const))(
    '%s declares its path parameters in path order, and its examples fit its shapes',
    (_, s) => {
      expect(Object.keys(s.params?.shape ?? {})).toEqual(pathParamNames(s.path));
      if (s.params) expect(s.params.safeParse(s.examples.params).success, 'params').toBe(true);
      if (s.query) expect(s.query.safeParse(s.examples.query).success, 'query').toBe(true);
      expect(s.body === undefined, 'a body and its example').toBe(s.examples.body === undefined);
      if (s.body) {
        expect(s.body.documented.safeParse(s.examples.body).success, 'body, documented').toBe(true);
        expect(s.body.wire.safeParse(s.examples.body).success, 'body, wire').toBe(true);
      }
      expect(s.data === undefined, 'data and its example').toBe(s.examples.data === undefined);
      if (s.data) {
        expect(s.data.documented.safeParse(s.examples.data).success, 'data, documented').toBe(true);
        expect(s.data.wire.safeParse(s.examples.data).success, 'data, wire').toBe(true);
      }
      expect(s.method === 'POST' || s.body === undefined, 'a GET has no body').toBe(true);
    },
  );

  it('expand their paths with each parameter percent-encoded as one segment', () => {
    expect(expandPath(SECTIONS['2.13'].path, { userId: 'a/b c', taskType: 'JOB_TYPE_TA_OPEN' })).toBe(
      '/v1/api/account/a%2Fb%20c/JOB_TYPE_TA_OPEN/task/state',
    );
    expect(() => expandPath(SECTIONS['2.8'].path, {})).toThrow('userId');
  });
});

describe("the service's routes", () => {
  it('are one per section, with the section method and path', () => {
    expect(ROUTES.map((r) => [r.section, r.method, r.path])).toEqual(
      SECTION_LIST.map((s) => [s.id, s.method, s.path]),
    );
  });

  it('refuse to bind without a handler for every section, or with one for an unknown section', () => {
    const { '2.8': _detail, ...missing } = HANDLERS;
    expect(() => bindRoutes(missing)).toThrow('contract section 2.8 (GET /v1/api/user/{userId}/detail)');
    expect(() => bindRoutes({ ...HANDLERS, '2.16': HANDLERS['2.8'] })).toThrow('2.16');
  });
});

describe("the upstream client's functions", () => {
  let service: TestAccountService;
  let client: UpstreamClient;
  const routed: ResponseRecord[] = [];
  const labelled: string[] = [];

  beforeAll(async () => {
    service = await startTestAccountService({
      onResponse: (record) => {
        contractHook(record);
        routed.push(record);
      },
    });
    client = createUpstreamClient({
      baseUrl: service.url,
      tenantId: DEV_TENANT.id,
      apiKey: DEV_TENANT.apiKey,
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 5_000,
      getRetries: 0,
      maxSockets: 4,
      onCall: (section) => labelled.push(section),
    });
  });
  afterAll(async () => {
    client.close();
    await service.close();
  });

  const demo = DEMO_USERS.demo;
  const body = { name: 'Nobody', password: 'Nobody123', validateCode: '000000' };
  // One call of every function: the compiler refuses a function of the client missing here.
  const CALLS: Record<keyof LworkApi, (api: LworkApi) => Promise<unknown>> = {
    requestPhoneCode: (api) => api.requestPhoneCode('15955550000', 'Register', false),
    verifyPhoneCode: (api) => api.verifyPhoneCode(demo.phone, '000000'),
    resetPasswordByPhone: (api) =>
      api.resetPasswordByPhone(demo.phone, { newPwd: 'Abcd1234', verified: 'Abcd1234', ticket: 'none' }),
    registerByPhone: (api) => api.registerByPhone({ ...body, phone: '15955550001' }),
    registerByEmail: (api) => api.registerByEmail({ mail: demo.email, password: 'Abcd1234' }),
    login: (api) => api.login({ loginName: demo.phone, password: demo.password }),
    searchUsers: (api) => api.searchUsers({ type: 'UserName', value: 'o', page: 1, size: 2 }),
    userDetail: (api) => api.userDetail(demo.id),
    changePassword: (api) =>
      api.changePassword({ userId: demo.id, origin: 'Wrong1234', newPwd: 'Abcd1234', verifyPwd: 'Abcd1234' }),
    updateAvatar: (api) => api.updateAvatar(demo.id, '//cdn.example.com/a.png'),
    profile: (api) => api.profile(demo.id),
    updateProfile: (api) => api.updateProfile('no/such user', { base: {} }),
    taskState: (api) => api.taskState(demo.id, 'JOB_TYPE_TA_OPEN'),
    sendEmailCode: (api) => api.sendEmailCode(demo.email),
    registerByEmailCode: (api) => api.registerByEmailCode({ ...body, email: 'nobody@example.com' }),
  };

  it('are one per section: each is routed by the service to the section it names', async () => {
    const api = createLworkApi(client, { requestId: 'contract-drift' });
    const sectionOf: Record<string, string | undefined> = {};
    for (const [name, call] of Object.entries(CALLS)) {
      routed.length = 0;
      labelled.length = 0;
      // Domain failures are answers too (USER_NOT_FOUND, CODE_INVALID...): what matters is where they went.
      await call(api).catch(() => undefined);
      expect(routed, name).toHaveLength(1);
      const [record] = routed;
      // 200: routed (no 404 or 405), and every parameter and field was read under the contract's name
      // (no 400 INVALID_PARAMETER); domain failures are 200 too.
      expect(
        record?.status,
        `${name}: ${record?.method} ${record?.path} ${JSON.stringify(record?.body)}`,
      ).toBe(200);
      expect(labelled, name).toEqual([record?.section]);
      sectionOf[name] = record?.section;
    }
    const sections = Object.values(sectionOf).sort(
      (a, b) => ALL_IDS.indexOf(a ?? '') - ALL_IDS.indexOf(b ?? ''),
    );
    expect(sections).toEqual(ALL_IDS);
  });

  it('send what the section documents, and read the answers', async () => {
    const api = createLworkApi(client);
    await expect(api.userDetail(demo.id)).resolves.toMatchObject({ username: demo.name });
    await expect(api.requestPhoneCode('15955550002', 'Register', false)).resolves.toMatch(/^[0-9]{6}$/);
    await expect(api.requestPhoneCode('15955550003', 'Register', true)).resolves.toBeUndefined();
    await expect(api.taskState(demo.id, 'JOB_TYPE_TA_BIND')).resolves.toBeNull();
  });
});
