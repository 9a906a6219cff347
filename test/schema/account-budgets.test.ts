/**
 * Attempt budgets belong to the account, whichever name a guesser uses for it (phone, email, display
 * name, formatted or re-cased), and an unknown account answers exactly like a known one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EXTRA_USERS, DEMO_USERS } from '../../src/account-service/index.js';
import { DEFAULT_POLICIES } from '../../src/limits/attempt-limiter.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Error { message } } }`;
const { max } = DEFAULT_POLICIES.login.perTarget;

let stack: Stack;
beforeAll(async () => {
  // Each test guesses from an address of its own (a proxy hop in front says which), so the
  // per-address budget, which refused guesses spend too, belongs to that test alone.
  stack = await startStack({ TRUST_PROXY_HOPS: '1' }, { inProcess: true });
});
afterAll(() => stack.stop());
let caller = 0;
beforeEach(() => {
  caller++;
});
const gql: Stack['gql'] = (query, variables, token) =>
  stack.gql(query, variables, token, { 'x-forwarded-for': `198.51.100.${caller}` });

/** The result's typename, or the error code when the attempt was refused. */
async function attempt(loginName: string, password: string): Promise<string> {
  const res = await gql(LOGIN, { input: { loginName, password } });
  return res.data?.login?.__typename ?? String(res.errors?.[0]?.extensions?.code);
}

/** Every way to name the demo account that signs in. */
const demoNames = [
  DEMO_USERS.demo.phone,
  DEMO_USERS.demo.email,
  DEMO_USERS.demo.name,
  '159 1234 5678',
  'DEMO@EXAMPLE.COM',
  '(159) 1234-5678',
  '159.1234.5678',
  '  Demo@Example.com  ',
  '１５９１２３４５６７８',
  '159\u00a01234\u20135678',
];

describe('login budgets', () => {
  it('are spent by wrong passwords under any name of the account, then refuse every name', async () => {
    expect(demoNames.length).toBe(max);
    for (const [i, name] of demoNames.entries()) {
      expect(await attempt(name, `Wrong${i}pass`), name).toBe('InvalidCredentials');
    }
    stack.service.counters.reset();
    for (const name of demoNames) {
      expect(await attempt(name, DEMO_USERS.demo.password), name).toBe('RATE_LIMITED');
    }
    expect(stack.service.counters.bySection['2.6'] ?? 0, 'refused attempts never try the login').toBe(0);
  });

  it('hold across aliased logins in one document', async () => {
    const { phone, email, name } = DEMO_EXTRA_USERS.alice;
    const names = [phone, email, name, '159-0000-0001', email.toUpperCase(), '(159) 0000 0001'];
    const fields = Array.from(
      { length: max + 2 },
      (_, i) =>
        `a${i}: login(input: { loginName: ${JSON.stringify(names[i % names.length])}, password: "Wrong${i}pass" }) { __typename }`,
    );
    const res = await gql(`mutation { ${fields.join('\n')} }`);
    // Mutation fields run one after another; the first over budget stops the document.
    expect(res.errors?.[0]).toMatchObject({ path: [`a${max}`], extensions: { code: 'RATE_LIMITED' } });
    expect(await attempt(phone, DEMO_EXTRA_USERS.alice.password)).toBe('RATE_LIMITED');
  });

  it('hold against parallel guesses spread over the names', async () => {
    const { phone, email, name } = DEMO_EXTRA_USERS.bob;
    const names = [phone, email, name, '159 0000 0002', email.toUpperCase(), '159.0000.0002'];
    stack.service.counters.reset();
    const results = await Promise.all(
      Array.from({ length: max * 3 }, (_, i) => attempt(names[i % names.length] ?? phone, `Wrong${i}pass`)),
    );
    expect(results.filter((r) => r === 'InvalidCredentials')).toHaveLength(max);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(max * 2);
    expect(stack.service.counters.bySection['2.6']).toBe(max);
  });

  it('answer an unknown account exactly as a known one: same answers, same count, same upstream work', async () => {
    const series = async (names: string[]) => {
      stack.service.counters.reset();
      const answers: Array<{ result: string; message: unknown }> = [];
      for (let i = 0; i <= max; i++) {
        const res = await gql(LOGIN, {
          input: { loginName: names[i % names.length], password: `Wrong${i}pass` },
        });
        answers.push({
          result: res.data?.login?.__typename ?? String(res.errors?.[0]?.extensions?.code),
          message: res.data?.login?.message ?? res.errors?.[0]?.message,
        });
      }
      return { answers, upstream: { ...stack.service.counters.bySection } };
    };
    const carol = DEMO_EXTRA_USERS.carol;
    const known = await series([carol.email, carol.email.toUpperCase(), ` ${carol.email}`]);
    const unknown = await series(['nobody@example.com', 'NOBODY@example.com', ' Nobody@Example.com']);
    expect(known.answers.map((a) => a.result)).toEqual([
      ...Array(max).fill('InvalidCredentials'),
      'RATE_LIMITED',
    ]);
    expect(unknown.answers).toEqual(known.answers);
    expect(unknown.upstream).toEqual(known.upstream);

    // Dave is disabled: still a known account, and still only InvalidCredentials for wrong passwords.
    const dave = DEMO_EXTRA_USERS.dave;
    const knownPhone = await series([dave.phone, '159 0000 0004', '(159) 0000-0004']);
    const unknownPhone = await series(['13799990000', '137 9999 0000', '(137) 9999-0000']);
    expect(knownPhone.answers.map((a) => a.result)).toEqual([
      ...Array(max).fill('InvalidCredentials'),
      'RATE_LIMITED',
    ]);
    expect(unknownPhone.answers).toEqual(knownPhone.answers);
    expect(unknownPhone.upstream).toEqual(knownPhone.upstream);
  });

  it('refund successes under any name', async () => {
    const email = 'refund@example.com';
    const password = 'Refund1234';
    const registered = await gql(
      `mutation($input: RegisterByEmailInput!) { registerByEmail(input: $input) { __typename } }`,
      { input: { email, password } },
    );
    expect(registered.data?.registerByEmail.__typename).toBe('Session');
    const names = [email, 'refund', 'REFUND@example.com'];
    for (let i = 0; i < max - 1; i++) {
      expect(await attempt(names[i % names.length] ?? email, `Wrong${i}pass`)).toBe('InvalidCredentials');
    }
    for (const name of [...names, ...names]) expect(await attempt(name, password), name).toBe('Session');
    expect(await attempt('refund', 'Wrong-last1')).toBe('InvalidCredentials');
    expect(await attempt(email, password)).toBe('RATE_LIMITED');
  });
});

describe('phone budgets', () => {
  it('are shared by every spelling of one phone', async () => {
    const spellings = [
      '137 0000 0042',
      '137-0000-0042',
      '(137) 0000.0042',
      '１３７００００００４２',
      '13700000042',
    ];
    const verify = (phone: string) =>
      gql(`mutation($input: VerifyPhoneCodeInput!) { verifyPhoneCode(input: $input) { __typename } }`, {
        input: { phone, code: '123456' },
      });
    const { max: codeMax } = DEFAULT_POLICIES.verifyPhoneCode.perTarget;
    for (let i = 0; i < codeMax; i++) {
      const res = await verify(spellings[i % spellings.length] ?? '13700000042');
      expect(res.data?.verifyPhoneCode.__typename).toBe('InvalidCode');
    }
    for (const phone of spellings)
      expect((await verify(phone)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('stop registration probes of one phone under any spelling', async () => {
    const spellings = ['159 1234 5678', '159-1234-5678', '(159) 1234 5678', DEMO_USERS.demo.phone];
    const register = (phone: string) =>
      gql(`mutation($input: RegisterByPhoneInput!) { registerByPhone(input: $input) { __typename } }`, {
        input: { name: 'Probe', phone, password: 'Probe1234', code: '123456' },
      });
    const { max: registerMax } = DEFAULT_POLICIES.register.perTarget;
    for (let i = 0; i < registerMax; i++) {
      const res = await register(spellings[i % spellings.length] ?? DEMO_USERS.demo.phone);
      expect(['AlreadyRegistered', 'InvalidCode']).toContain(res.data?.registerByPhone.__typename);
    }
    for (const phone of spellings) {
      expect((await register(phone)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
  });
});
