import { describe, expect, it } from 'vitest';
import { createSessionSigner } from '../../src/auth/session.js';

describe('session tokens', () => {
  const signer = createSessionSigner('unit-session-secret-long-enough', 60);

  it('verifies a token again from memory until it expires', () => {
    const now = Date.now();
    const { token, expiresAt } = signer.issue('u-1', now);
    expect(signer.verify(token, now + 1)?.userId).toBe('u-1');
    // The second check is answered from the verified-token cache: the expiry still applies.
    expect(signer.verify(token, now + 2)?.expiresAt).toEqual(expiresAt);
    expect(signer.verify(token, expiresAt.getTime())).toBeNull();
    expect(signer.verify(token, expiresAt.getTime() + 1)).toBeNull();
  });

  it('refuses a forged token even after the genuine one was verified', () => {
    const { token } = signer.issue('u-2');
    expect(signer.verify(token)?.userId).toBe('u-2');
    const [version, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ sub: 'admin', iat: Date.now(), exp: Date.now() + 60_000 }),
    ).toString('base64url');
    expect(signer.verify(`${version}.${forgedPayload}.${signature}`)).toBeNull();
    expect(signer.verify(`${token.slice(0, -2)}xx`)).toBeNull();
  });

  it('accepts only the canonical spelling of a token', () => {
    const { token } = signer.issue('u-4');
    expect(signer.verify(token)?.userId).toBe('u-4');
    // Base64url decoding ignores padding and characters outside its alphabet: these decode to the
    // same signature, and must not pass (nor fill the verified-token cache).
    for (const variant of [`${token}=`, `${token}==`, `${token}!!`, `${token}${'='.repeat(600)}`]) {
      expect(signer.verify(variant)).toBeNull();
    }
  });

  it('does not accept a token signed with another secret', () => {
    const other = createSessionSigner('another-secret-that-is-long-enough', 60);
    const { token } = other.issue('u-3');
    expect(other.verify(token)?.userId).toBe('u-3');
    expect(signer.verify(token)).toBeNull();
  });
});
