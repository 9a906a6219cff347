/** Hostile or malformed arguments get clear, typed errors: never a crash, never an upstream call. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack({}, { inProcess: true });
  admin = await stack.adminToken();
});
afterAll(() => stack.stop());

describe('bad input', () => {
  it('refuses a deeply nested JSON object as a bad argument', async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 500; i++) deep = { nested: deep };
    stack.service.counters.reset();
    const res = await stack.gql(
      'mutation($input: ProfileUpdateInput!) { updateProfile(input: $input) { __typename } }',
      { input: { base: { extraFields: deep } } },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/nests too deeply/);
    expect(stack.service.counters.total).toBe(0);
  });

  it('refuses a blank search value before calling upstream', async () => {
    stack.service.counters.reset();
    const res = await stack.gql('{ users(search: { field: NAME, value: "   " }) { totalCount } }', {}, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['search', 'value'], message: 'is required' }],
    });
    expect(stack.service.counters.total).toBe(0);
  });

  it('answers wrong types and unknown enum values as validation errors', async () => {
    const wrongType = await stack.gql(
      '{ users(search: { field: NAME, value: "a" }, first: "ten") { totalCount } }',
      {},
      admin,
    );
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badEnum = await stack.gql(
      'query($f: UserSearchField!) { users(search: { field: $f, value: "a" }) { totalCount } }',
      { f: 'SHOE_SIZE' },
      admin,
    );
    expect(badEnum.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await stack.gql(
      '{ users(search: { field: NAME, value: "a" }, first: 99999999999) { totalCount } }',
      {},
      admin,
    );
    expect(huge.data ?? null).toBeNull();
    expect(huge.errors?.map((e) => e.extensions?.code)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a malformed entity id as bad input, without an upstream call', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id } } }',
      { reps: [{ __typename: 'User', id: '../../v1/api/user/list' }] },
      admin,
    );
    expect(res.data?._entities).toEqual([null]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 0], 'BAD_USER_INPUT'],
    ]);
    expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { path: ['representations', '0', 'id'], message: 'is not a user id' },
    ]);
    expect(stack.service.counters.total).toBe(0);
  });

  it('says why a code is not handed out', async () => {
    const res = await stack.gql(
      'mutation { requestPhoneCode(input: { phone: "13800000077", purpose: REGISTER, returnCode: true }) { __typename } }',
    );
    expect(res.errors?.[0]).toMatchObject({
      message: 'Only admins may receive the code itself',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('answers unicode and control characters in names without trouble', async () => {
    const res = await stack.gql(
      'mutation($input: RegisterByEmailInput!) { registerByEmail(input: $input) { __typename ... on Session { user { name } } } }',
      { input: { email: 'unicode@example.com', password: 'Ünïcödé123', name: '名字 🚀' } },
    );
    expect(res.data?.registerByEmail.__typename).toBe('Session');
  });
});
