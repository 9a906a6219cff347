/**
 * Input checks shared by the routes: zod parsing that reports the bad field without echoing its
 * value, and the phone / email / avatar formats.
 */
import type { z } from 'zod';
import { AVATAR_MAX, EMAIL_MAX, NAME_MAX, PHONE_PATTERN } from '../contract/rules.js';
import { ApiError } from './http.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Delivery is the real test.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Parses with a zod schema; a failure names the first bad field (path only, never the value). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new ApiError('INVALID_PARAMETER', `invalid or missing field: ${path}`);
}

export function requirePhone(phone: string, field = 'phone'): string {
  if (!PHONE_PATTERN.test(phone))
    throw new ApiError('INVALID_PARAMETER', `invalid or missing field: ${field}`);
  return phone;
}

/** The case-insensitive key of an email address (users.email_key, code and outbox targets). */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX && EMAIL_PATTERN.test(value);
}

export function requireEmail(email: string, field = 'email'): string {
  if (!isEmail(email)) throw new ApiError('INVALID_PARAMETER', `invalid or missing field: ${field}`);
  return email;
}

/** A display name: trimmed, 1 to NAME_MAX characters. */
export function requireName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > NAME_MAX) {
    throw new ApiError('INVALID_PARAMETER', `invalid or missing field: ${field}`);
  }
  return trimmed;
}

/** An avatar URL: http(s) or protocol-relative (`//host/path`, as in the contract example). */
export function requireAvatarUrl(avatar: string): string {
  const bad = () => new ApiError('INVALID_PARAMETER', 'invalid or missing field: avatar');
  if (avatar.length === 0 || avatar.length > AVATAR_MAX || /\s/.test(avatar)) throw bad();
  const absolute = avatar.startsWith('//') ? `https:${avatar}` : avatar;
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    throw bad();
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw bad();
  if (!avatar.startsWith('//') && !/^https?:\/\//i.test(avatar)) throw bad();
  return avatar;
}
