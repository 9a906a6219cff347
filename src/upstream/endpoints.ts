/**
 * One typed function per section of the Lwork REST contract. Names speak the contract's language;
 * the GraphQL layer translates to its own in the schema modules.
 */
import { z } from 'zod';
import {
  type EmailCodeRegisterBody,
  type EmailRegisterBody,
  type LoginBody,
  type LoginData,
  loginDataSchema,
  type PhoneCodeType,
  type PhoneRegisterBody,
  type ProfileData,
  type PwdResetBody,
  type PwdSetBody,
  profileSchema,
  type SearchData,
  type SearchType,
  searchDataSchema,
  type TaskData,
  type TaskType,
  taskSchema,
  type UserDetail,
  userDetailSchema,
} from '../contract/wire.js';
import type { CallContext, UpstreamClient } from './client.js';
import { isUpstreamError } from './errors.js';

const codeSchema = z.string().min(1);

export interface SearchParams {
  type: SearchType;
  value: string;
  /** 1-based. */
  page: number;
  size: number;
}

const seg = encodeURIComponent;

/** The Lwork API bound to one request's context (request id, abort signal). */
export function createLworkApi(client: UpstreamClient, context: CallContext = {}) {
  return {
    /** 2.1: the code itself when sendSms is false, otherwise undefined. */
    requestPhoneCode: (phone: string, type: PhoneCodeType, sendSms: boolean): Promise<string | undefined> =>
      client.call(
        {
          section: '2.1',
          method: 'GET',
          path: 'v1/api/sys/mobile/code',
          searchParams: { phone, type, sendSms },
          data: codeSchema,
          dataOptional: sendSms,
        },
        context,
      ),

    /** 2.2: a ticket for 2.3. */
    verifyPhoneCode: (phone: string, code: string): Promise<string> =>
      client.call(
        {
          section: '2.2',
          method: 'GET',
          path: 'v1/api/sys/phone/code/verify',
          searchParams: { phone, code },
          data: codeSchema,
        },
        context,
      ),

    /** 2.3 */
    resetPasswordByPhone: (phone: string, body: PwdResetBody): Promise<void> =>
      client.call(
        { section: '2.3', method: 'POST', path: `v1/api/user/pwd/reset/${seg(phone)}/phone`, json: body },
        context,
      ),

    /** 2.4 */
    registerByPhone: (body: PhoneRegisterBody): Promise<void> =>
      client.call(
        { section: '2.4', method: 'POST', path: 'v1/api/user/phone/register', json: body },
        context,
      ),

    /** 2.5 */
    registerByEmail: (body: EmailRegisterBody): Promise<void> =>
      client.call(
        { section: '2.5', method: 'POST', path: 'v1/api/user/email/register', json: body },
        context,
      ),

    /** 2.6 */
    login: (body: LoginBody): Promise<LoginData> =>
      client.call(
        { section: '2.6', method: 'POST', path: 'v1/api/user/login', json: body, data: loginDataSchema },
        context,
      ),

    /** 2.7 */
    searchUsers: (params: SearchParams): Promise<SearchData> =>
      client.call(
        {
          section: '2.7',
          method: 'GET',
          path: 'v1/api/user/list',
          searchParams: { type: params.type, value: params.value, page: params.page, size: params.size },
          data: searchDataSchema,
        },
        context,
      ),

    /** 2.8 */
    userDetail: (userId: string): Promise<UserDetail> =>
      client.call(
        { section: '2.8', method: 'GET', path: `v1/api/user/${seg(userId)}/detail`, data: userDetailSchema },
        context,
      ),

    /** 2.9 */
    changePassword: (body: PwdSetBody): Promise<void> =>
      client.call({ section: '2.9', method: 'POST', path: 'v1/api/user/pwd/set', json: body }, context),

    /** 2.10: answers the new detail. */
    updateAvatar: (userId: string, avatar: string): Promise<UserDetail> =>
      client.call(
        {
          section: '2.10',
          method: 'POST',
          path: `v1/api/user/${seg(userId)}/avatar`,
          json: { avatar },
          data: userDetailSchema,
        },
        context,
      ),

    /** 2.11 */
    profile: (userId: string): Promise<ProfileData> =>
      client.call(
        { section: '2.11', method: 'GET', path: `v1/api/account/${seg(userId)}/info`, data: profileSchema },
        context,
      ),

    /** 2.12: the whole document replaces the stored one. */
    updateProfile: (userId: string, profile: ProfileData): Promise<void> =>
      client.call(
        { section: '2.12', method: 'POST', path: `v1/api/account/${seg(userId)}/update`, json: profile },
        context,
      ),

    /** 2.13: null when the user has no task of this type. */
    taskState: async (userId: string, taskType: TaskType): Promise<TaskData | null> => {
      try {
        return await client.call(
          {
            section: '2.13',
            method: 'GET',
            path: `v1/api/account/${seg(userId)}/${seg(taskType)}/task/state`,
            data: taskSchema,
          },
          context,
        );
      } catch (error) {
        if (isUpstreamError(error) && error.is('TASK_NOT_FOUND')) return null;
        throw error;
      }
    },

    /** 2.14 */
    sendEmailCode: (email: string): Promise<void> =>
      client.call(
        {
          section: '2.14',
          method: 'POST',
          path: 'v1/api/user/email/sendRegisterValidateCode',
          searchParams: { email },
        },
        context,
      ),

    /** 2.15 */
    registerByEmailCode: (body: EmailCodeRegisterBody): Promise<void> =>
      client.call(
        { section: '2.15', method: 'POST', path: 'v1/api/user/email/registerWithValidateCode', json: body },
        context,
      ),
  };
}

export type LworkApi = ReturnType<typeof createLworkApi>;
