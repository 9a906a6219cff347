/** The route table: one entry per contract section, with its method and path. */
import type { McodeName } from '../contract/mcodes.js';
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

export interface Route {
  /** The contract section, e.g. '2.8'. */
  section: string;
  method: 'GET' | 'POST';
  /** The contract path; `{name}` is one path segment. */
  path: string;
  handler: Handler;
}

export const ROUTES: readonly Route[] = [
  { section: '2.1', method: 'GET', path: '/v1/api/sys/mobile/code', handler: requestPhoneCode },
  { section: '2.2', method: 'GET', path: '/v1/api/sys/phone/code/verify', handler: verifyPhoneCode },
  {
    section: '2.3',
    method: 'POST',
    path: '/v1/api/user/pwd/reset/{phoneNo}/phone',
    handler: resetPasswordByPhone,
  },
  { section: '2.4', method: 'POST', path: '/v1/api/user/phone/register', handler: registerByPhone },
  { section: '2.5', method: 'POST', path: '/v1/api/user/email/register', handler: registerByEmail },
  { section: '2.6', method: 'POST', path: '/v1/api/user/login', handler: login },
  { section: '2.7', method: 'GET', path: '/v1/api/user/list', handler: searchUsers },
  { section: '2.8', method: 'GET', path: '/v1/api/user/{userId}/detail', handler: getUserDetail },
  { section: '2.9', method: 'POST', path: '/v1/api/user/pwd/set', handler: changePassword },
  { section: '2.10', method: 'POST', path: '/v1/api/user/{userId}/avatar', handler: updateAvatar },
  { section: '2.11', method: 'GET', path: '/v1/api/account/{userId}/info', handler: getProfile },
  { section: '2.12', method: 'POST', path: '/v1/api/account/{userId}/update', handler: updateProfile },
  {
    section: '2.13',
    method: 'GET',
    path: '/v1/api/account/{userId}/{taskType}/task/state',
    handler: getTaskState,
  },
  {
    section: '2.14',
    method: 'POST',
    path: '/v1/api/user/email/sendRegisterValidateCode',
    handler: sendEmailRegisterCode,
  },
  {
    section: '2.15',
    method: 'POST',
    path: '/v1/api/user/email/registerWithValidateCode',
    handler: registerByEmailCode,
  },
];

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
