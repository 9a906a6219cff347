/**
 * Session tokens: `v1.<payload>.<signature>`, base64url, HMAC-SHA256 over the version and payload.
 * Compact and dependency-free; the layer is the only party that issues and reads them.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const VERSION = 'v1';
const payloadSchema = z.object({ sub: z.string().min(1), iat: z.number().int(), exp: z.number().int() });

export interface Session {
  /**
   * Names this one session (a SHA-256 digest of its token), so it can be ended alone. Not a secret:
   * the token cannot be recovered from it.
   */
  id: string;
  userId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SessionSigner {
  issue(userId: string, now?: number): { token: string; expiresAt: Date };
  /** The session, or null for a malformed, forged or expired token. */
  verify(token: string, now?: number): Session | null;
}

/** Verified tokens remembered per signer: a client sends the same token with every request. */
const VERIFIED_CACHE_SIZE = 10_000;
/** Issued tokens are about 150 characters; anything much longer is not one of ours. */
const MAX_TOKEN_LENGTH = 512;

export function createSessionSigner(secret: string, ttlSeconds: number): SessionSigner {
  const key = Buffer.from(secret, 'utf8');
  const sign = (body: string) => createHmac('sha256', key).update(body).digest();
  // Token -> its checked session. A hit is the exact string this key already verified, so only the
  // expiry is checked again; the oldest entry goes first when full.
  const verified = new Map<string, Session>();

  return {
    issue(userId, now = Date.now()) {
      // Milliseconds, so a session issued right after a password change outlives the revocation.
      const iat = now;
      const exp = iat + ttlSeconds * 1000;
      const payload = Buffer.from(JSON.stringify({ sub: userId, iat, exp })).toString('base64url');
      const body = `${VERSION}.${payload}`;
      return { token: `${body}.${sign(body).toString('base64url')}`, expiresAt: new Date(exp) };
    },
    verify(token, now = Date.now()) {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      const known = verified.get(token);
      if (known && known.expiresAt.getTime() > now) return known;
      if (known) verified.delete(token);
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== VERSION) return null;
      const [, payload = '', signature = ''] = parts;
      const expected = sign(`${VERSION}.${payload}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      // The decoder skips padding and stray characters: only the canonical spelling of a signature is
      // the token, or one session could be sent (and cached) under endless spellings.
      if (given.toString('base64url') !== signature) return null;
      let claims: z.infer<typeof payloadSchema>;
      try {
        claims = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      } catch {
        return null;
      }
      if (claims.exp <= now) return null;
      // Frozen: one object serves every request that carries this token.
      const session: Session = Object.freeze({
        id: createHash('sha256').update(token).digest('base64url'),
        userId: claims.sub,
        issuedAt: new Date(claims.iat),
        expiresAt: new Date(claims.exp),
      });
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value ?? '');
      verified.set(token, session);
      return session;
    },
  };
}

/** A per-process secret for development, when SESSION_SECRET is unset: sessions end with the process. */
export function ephemeralSecret(): string {
  return randomBytes(32).toString('base64url');
}
