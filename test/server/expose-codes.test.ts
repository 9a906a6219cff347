/**
 * EXPOSE_CODES hands out verification codes (and so any account's password reset): it answers callers
 * on the loopback interface only, even in development. Behind one trusted proxy the caller is the
 * address the proxy appended to X-Forwarded-For.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack({ EXPOSE_CODES: 'true', TRUST_PROXY_HOPS: '1' });
  admin = await stack.adminToken();
});
afterAll(() => stack.stop());

const REQUEST_CODE = `mutation($input: RequestPhoneCodeInput!) {
  requestPhoneCode(input: $input) { __typename ... on PhoneCodeRequest { sent code } }
}`;

/** Asks for the code itself as a caller the proxy saw at `forwardedFor`. */
async function requestCode(phone: string, forwardedFor: string, token?: string) {
  const res = await fetch(stack.server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': forwardedFor,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      query: REQUEST_CODE,
      variables: { input: { phone, purpose: 'RESET_PASSWORD', returnCode: true } },
    }),
  });
  return (await res.json()) as { data?: Json; errors?: Array<{ message: string; extensions?: Json }> };
}

describe('EXPOSE_CODES', () => {
  it.each([
    ['a LAN caller', '192.168.1.20'],
    ['a public caller', '203.0.113.7'],
    ['a caller that wrote its own loopback entry before the proxy', '127.0.0.1, 192.168.1.20'],
    ['an IPv6 caller', '2001:db8::7'],
    ['an IPv4-mapped LAN caller', '::ffff:10.0.0.5'],
  ])('refuses %s with FORBIDDEN, before any upstream call', async (_who, forwardedFor) => {
    stack.service.counters.reset();
    const res = await requestCode('13700000101', forwardedFor);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/loopback/);
    expect(stack.service.counters.total).toBe(0);
  });

  it('answers the code to every loopback form, and not to its neighbours', async () => {
    const cases: Array<[forwardedFor: string, loopback: boolean]> = [
      ['127.0.0.1', true],
      ['127.8.9.10', true],
      ['::1', true],
      ['::ffff:127.0.0.1', true],
      ['128.0.0.1', false],
      ['::2', false],
      ['::ffff:126.255.255.255', false],
      ['localhost', false],
    ];
    for (const [i, [forwardedFor, loopback]] of cases.entries()) {
      const res = await requestCode(`1370000020${i}`, forwardedFor);
      if (loopback) {
        expect(res.data?.requestPhoneCode, forwardedFor).toEqual({
          __typename: 'PhoneCodeRequest',
          sent: false,
          code: expect.stringMatching(/^[0-9]{6}$/),
        });
      } else {
        expect(res.errors?.[0]?.extensions?.code, forwardedFor).toBe('FORBIDDEN');
      }
    }
  });

  it('still answers admins from anywhere', async () => {
    const anonymous = await requestCode('13700000106', '192.168.1.20');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const res = await requestCode('13700000106', '192.168.1.20', admin);
    expect(res.data?.requestPhoneCode.code).toMatch(/^[0-9]{6}$/);
  });
});
