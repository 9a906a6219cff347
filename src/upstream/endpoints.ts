/**
 * One typed function per section of the Lwork REST contract. Method, path and the `data` schema come
 * from the section (src/contract/sections.ts); names speak the contract's language, the GraphQL layer
 * translates to its own in the schema modules.
 */
import type { z } from 'zod';
import { expandPath } from '../contract/section.js';
import { SECTIONS, type SectionId } from '../contract/sections.js';
import type {
  EmailCodeRegisterBody,
  EmailRegisterBody,
  LoginBody,
  LoginData,
  PhoneCodeType,
  PhoneRegisterBody,
  ProfileData,
  PwdResetBody,
  PwdSetBody,
  SearchData,
  SearchType,
  TaskData,
  TaskType,
  UserDetail,
} from '../contract/wire.js';
import type { CallContext, CallSpec, UpstreamClient } from './client.js';
import { isUpstreamError } from './errors.js';

export interface SearchParams {
  type: SearchType;
  value: string;
  /** 1-based. */
  page: number;
  size: number;
}

type SectionOf<Id extends SectionId> = (typeof SECTIONS)[Id];

/** What a call of the section sends: its path parameters, query and body, each only if it has them. */
type CallInput<S> = (S extends { params: z.ZodObject } ? { params: z.input<S['params']> } : unknown) &
  (S extends { query: z.ZodObject } ? { query: z.input<S['query']> } : unknown) &
  (S extends { body: { wire: z.ZodType } } ? { body: z.input<S['body']['wire']> } : unknown);

/** What a success of the section resolves to: its parsed `data`, or undefined when it has none. */
type CallResult<S> = S extends { data: { wire: z.ZodType; optional: infer O } }
  ? z.output<S['data']['wire']> | (O extends true ? undefined : never)
  : undefined;

type QueryValue = string | number | boolean;

/** Any section's input, as `call` reads it at run time. */
interface LooseInput {
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue | undefined>;
  body?: unknown;
}

/** The Lwork API bound to one request's context (request id, abort signal). */
export function createLworkApi(client: UpstreamClient, context: CallContext = {}) {
  function call<Id extends SectionId>(
    id: Id,
    input: CallInput<SectionOf<Id>>,
    options: { dataOptional?: boolean } = {},
  ): Promise<CallResult<SectionOf<Id>>> {
    const section = SECTIONS[id];
    // The conditional input type narrows per section; at run time every section's input is one of these.
    const { params, query, body } = input as LooseInput;
    const wire = 'data' in section ? section.data : undefined;
    const searchParams =
      query &&
      Object.fromEntries(
        Object.entries(query).filter((entry): entry is [string, QueryValue] => entry[1] !== undefined),
      );
    const spec: CallSpec<unknown> = {
      section: id,
      method: section.method,
      // Relative to the client's base URL; each parameter percent-encoded as one segment.
      path: expandPath(section.path, params ?? {}).slice(1),
      ...(searchParams ? { searchParams } : {}),
      ...(body !== undefined ? { json: body } : {}),
      ...(wire ? { data: wire.wire, dataOptional: options.dataOptional ?? wire.optional } : {}),
    };
    // The section's own wire schema parsed `data`, so the result has the section's type.
    return client.call(spec, context) as Promise<CallResult<SectionOf<Id>>>;
  }

  return {
    /** 2.1: the code itself when sendSms is false, otherwise undefined. */
    requestPhoneCode: (phone: string, type: PhoneCodeType, sendSms: boolean): Promise<string | undefined> =>
      call('2.1', { query: { phone, type, sendSms } }, { dataOptional: sendSms }),

    /** 2.2: a ticket for 2.3. */
    verifyPhoneCode: (phone: string, code: string): Promise<string> =>
      call('2.2', { query: { phone, code } }),

    /** 2.3 */
    resetPasswordByPhone: (phone: string, body: PwdResetBody): Promise<void> =>
      call('2.3', { params: { phoneNo: phone }, body }),

    /** 2.4 */
    registerByPhone: (body: PhoneRegisterBody): Promise<void> => call('2.4', { body }),

    /** 2.5 */
    registerByEmail: (body: EmailRegisterBody): Promise<void> => call('2.5', { body }),

    /** 2.6 */
    login: (body: LoginBody): Promise<LoginData> => call('2.6', { body }),

    /** 2.7 */
    searchUsers: (params: SearchParams): Promise<SearchData> =>
      call('2.7', {
        query: { type: params.type, value: params.value, page: params.page, size: params.size },
      }),

    /** 2.8 */
    userDetail: (userId: string): Promise<UserDetail> => call('2.8', { params: { userId } }),

    /** 2.9 */
    changePassword: (body: PwdSetBody): Promise<void> => call('2.9', { body }),

    /** 2.10: answers the new detail. */
    updateAvatar: (userId: string, avatar: string): Promise<UserDetail> =>
      call('2.10', { params: { userId }, body: { avatar } }),

    /** 2.11 */
    profile: (userId: string): Promise<ProfileData> => call('2.11', { params: { userId } }),

    /** 2.12: the whole document replaces the stored one. */
    updateProfile: (userId: string, profile: ProfileData): Promise<void> =>
      call('2.12', { params: { userId }, body: profile }),

    /** 2.13: null when the user has no task of this type. */
    taskState: async (userId: string, taskType: TaskType): Promise<TaskData | null> => {
      try {
        return await call('2.13', { params: { userId, taskType } });
      } catch (error) {
        if (isUpstreamError(error) && error.is('TASK_NOT_FOUND')) return null;
        throw error;
      }
    },

    /** 2.14 */
    sendEmailCode: (email: string): Promise<void> => call('2.14', { query: { email } }),

    /** 2.15 */
    registerByEmailCode: (body: EmailCodeRegisterBody): Promise<void> => call('2.15', { body }),
  };
}

export type LworkApi = ReturnType<typeof createLworkApi>;
