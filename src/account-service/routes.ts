/** The route table: a handler for each contract section, at the section's method and path. */
import type { McodeName } from '../contract/mcodes.js';
import { SECTION_LIST, type SectionId } from '../contract/sections.js';
import { getProfile, getTaskState, updateProfile } from './handlers/accounts.js';
import {
  requestPhoneCode,
  resetPasswordByPhone,
  sendEmailRegisterCode,
  verifyPhoneCode,
} from './handlers/codes.js';
import type { Handler } from './handlers/context.js';
import { registerByEmail, registerByEmailCode, registerByPhone } from './handlers/registration.js';
import { changePassword, getUserDetail, login, searchUsers, updateAvatar } from './handlers/users.js';

/** One handler per section: the compiler refuses a missing or unknown section. */
export const HANDLERS: Readonly<Record<SectionId, Handler>> = {
  '2.1': requestPhoneCode,
  '2.2': verifyPhoneCode,
  '2.3': resetPasswordByPhone,
  '2.4': registerByPhone,
  '2.5': registerByEmail,
  '2.6': login,
  '2.7': searchUsers,
  '2.8': getUserDetail,
  '2.9': changePassword,
  '2.10': updateAvatar,
  '2.11': getProfile,
  '2.12': updateProfile,
  '2.13': getTaskState,
  '2.14': sendEmailRegisterCode,
  '2.15': registerByEmailCode,
};

export interface Route {
  /** The contract section, e.g. '2.8'. */
  section: string;
  method: 'GET' | 'POST';
  /** The contract path; `{name}` is one path segment. */
  path: string;
  handler: Handler;
}

/**
 * The routes, in contract order. Throws when a section has no handler or a handler names no section
 * (possible only past the compiler, e.g. with a cast), so the service cannot start half-routed.
 */
export function bindRoutes(handlers: Readonly<Record<string, Handler | undefined>>): Route[] {
  const known = new Set<string>(SECTION_LIST.map((s) => s.id));
  const unknown = Object.keys(handlers).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`handlers for unknown contract sections: ${unknown.join(', ')}`);
  return SECTION_LIST.map(({ id, method, path }) => {
    const handler = handlers[id];
    if (!handler) throw new Error(`contract section ${id} (${method} ${path}) has no handler`);
    return { section: id, method, path, handler };
  });
}

export const ROUTES: readonly Route[] = bindRoutes(HANDLERS);

interface CompiledRoute extends Route {
  pattern: RegExp;
}

const COMPILED: readonly CompiledRoute[] = ROUTES.map((route) => ({
  ...route,
  pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
}));

export type RouteMatch =
  | { route: Route; params: string[] }
  | { error: Extract<McodeName, 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'INVALID_PARAMETER'>; allow?: string };

/** 404 when no route has this path, 405 (with the allowed methods) when none has it with this method. */
export function matchRoute(method: string, path: string): RouteMatch {
  const candidates = COMPILED.map((route) => ({ route, m: route.pattern.exec(path) })).filter((c) => c.m);
  if (candidates.length === 0) return { error: 'NOT_FOUND' };
  const hit = candidates.find((c) => c.route.method === method);
  if (!hit?.m)
    return {
      error: 'METHOD_NOT_ALLOWED',
      allow: [...new Set(candidates.map((c) => c.route.method))].join(', '),
    };
  try {
    return { route: hit.route, params: hit.m.slice(1).map((p) => decodeURIComponent(p)) };
  } catch {
    return { error: 'INVALID_PARAMETER' };
  }
}
