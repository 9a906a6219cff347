/**
 * The sections 2.1 to 2.15 of the Lwork account REST contract (`lwork-user-api.txt`), written once.
 * The account service binds a handler to each (routes.ts), the upstream client one typed function to
 * each (endpoints.ts), and the OpenAPI document describes each (openapi.ts).
 */
import { z } from 'zod';
import {
  avatarBody,
  emailCodeRegisterBody,
  emailRegisterBody,
  loginBody,
  loginData,
  phoneNumber,
  phoneRegisterBody,
  profile,
  pwdResetBody,
  pwdSetBody,
  searchPage,
  task,
  userDetail,
  verificationCode,
} from './documented-shapes.js';
import {
  EXAMPLE_AVATAR,
  EXAMPLE_DETAIL_ACCOUNTS,
  EXAMPLE_PROFILE,
  EXAMPLE_PROFILE_UPDATE,
  EXAMPLE_SEARCH_PAGE,
  EXAMPLE_USER_ID,
} from './examples.js';
import { CODE_RULES, SEARCH_PAGE_MAX, SEARCH_PAGE_SIZE_MAX, SEARCH_VALUE_MAX } from './rules.js';
import { body, data, optionalData, type Section } from './section.js';
import {
  avatarBodySchema,
  codeDataSchema,
  emailCodeRegisterBodySchema,
  emailRegisterBodySchema,
  loginBodySchema,
  loginDataSchema,
  PHONE_CODE_TYPES,
  phoneRegisterBodySchema,
  profileBodySchema,
  profileSchema,
  pwdResetBodySchema,
  pwdSetBodySchema,
  SEARCH_TYPES,
  searchDataSchema,
  TASK_TYPES,
  taskSchema,
  userDetailSchema,
} from './wire.js';

const NO_DATA =
  'Success carries no `data` (the contract lists it, its example and this service leave it out).';
const CODE_LIFE = `valid ${CODE_RULES.ttlMs / 60_000} minutes, at most one every ${CODE_RULES.cooldownMs / 1000} seconds`;

const phoneParam = phoneNumber.describe('Phone number: 6 to 15 digits, optionally with a leading +.');
const userIdParams = z.object({
  userId: z.string().describe('The user id (`userId` of 2.6, `pubUserId` of 2.7).'),
});

/** Checks each section against the Section type while keeping its own zod types for the client. */
function section<S extends Section>(spec: S): S {
  return spec;
}

export const SECTIONS = {
  '2.1': section({
    operationId: 'requestPhoneCode',
    method: 'GET',
    path: '/v1/api/sys/mobile/code',
    heading: '获取手机验证码',
    summary: 'Get a phone verification code',
    description:
      `Issues a Register, ResetPassword or UpdatePhoneNumber code (${CODE_LIFE} per phone and type). ` +
      'Register and UpdatePhoneNumber refuse a registered phone; a ResetPassword code for an unknown phone ' +
      'is answered alike but not delivered. With sendSms=false the code is answered instead of sent.',
    tag: 'Verification codes',
    query: z.object({
      phone: phoneParam,
      type: z.enum(PHONE_CODE_TYPES).describe('Code type.'),
      sendSms: z
        .boolean()
        .default(true)
        .describe('Send the code by SMS (default true); false answers it as `data`.'),
    }),
    data: optionalData(codeDataSchema, verificationCode),
    answers: 'The code as `data` when sendSms=false; no `data` when it was sent.',
    failures: ['PHONE_REGISTERED', 'CODE_COOLDOWN'],
    examples: { query: { phone: '15921433385', type: 'Register', sendSms: false }, data: '380086' },
  }),
  '2.2': section({
    operationId: 'verifyPhoneCode',
    method: 'GET',
    path: '/v1/api/sys/phone/code/verify',
    heading: '验证手机验证码',
    summary: 'Verify a phone verification code',
    description:
      'Uses up a ResetPassword code of the phone and answers a ticket for 2.3 (PwdResetDTO.ticket). ' +
      `${CODE_RULES.maxAttempts} wrong tries void the code.`,
    tag: 'Verification codes',
    query: z.object({ phone: phoneParam, code: z.string().min(1).describe('The code of 2.1.') }),
    data: data(codeDataSchema, z.string().min(1).describe('The ticket for 2.3.')),
    answers: 'The ticket.',
    failures: ['CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED'],
    examples: {
      query: { phone: '15912345678', code: '931484' },
      data: 'VDAwMTExN1RXMTM5MTgxMTM2MzQ5MzE0ODQ=',
    },
  }),
  '2.3': section({
    operationId: 'resetPasswordByPhone',
    method: 'POST',
    path: '/v1/api/user/pwd/reset/{phoneNo}/phone',
    heading: '重置用户密码-手机',
    summary: "Reset a user's password by phone",
    description:
      'Sets a new password with the ticket of 2.2; the ticket is used up when the password changes.',
    tag: 'Users',
    params: z.object({ phoneNo: phoneParam }),
    body: body(pwdResetBodySchema, pwdResetBody, 'PwdResetDTO.'),
    answers: NO_DATA,
    failures: ['PASSWORD_MISMATCH', 'PASSWORD_POLICY', 'TICKET_INVALID', 'USER_NOT_FOUND'],
    examples: {
      params: { phoneNo: '15912345678' },
      body: { newPwd: 'Abcd1234!', verified: 'Abcd1234!', ticket: 'VDAwMTExN1RXMTg4MTc1NTgwMjEyNzY5Njg=' },
    },
  }),
  '2.4': section({
    operationId: 'registerByPhone',
    method: 'POST',
    path: '/v1/api/user/phone/register',
    heading: '用户注册-手机',
    summary: 'Register a user by phone',
    description: 'Registers with the Register code of 2.1, which is used up.',
    tag: 'Registration',
    body: body(phoneRegisterBodySchema, phoneRegisterBody, 'The new user.'),
    answers: NO_DATA,
    failures: ['PASSWORD_POLICY', 'PHONE_REGISTERED', 'CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED'],
    examples: { body: { name: 'Demo', phone: '15912345678', password: 'Abcd1234~', validateCode: '602843' } },
  }),
  '2.5': section({
    operationId: 'registerByEmail',
    method: 'POST',
    path: '/v1/api/user/email/register',
    heading: '用户注册-邮件',
    summary: 'Register a user by email',
    description: 'Registers a Trader Work user by email address and password, without a code.',
    tag: 'Registration',
    body: body(emailRegisterBodySchema, emailRegisterBody, 'The new user.'),
    answers: NO_DATA,
    failures: ['PASSWORD_POLICY', 'EMAIL_REGISTERED'],
    examples: { body: { mail: 'demo@example.com', password: 'Abcd1234~' } },
  }),
  '2.6': section({
    operationId: 'login',
    method: 'POST',
    path: '/v1/api/user/login',
    heading: '用户登录',
    summary: 'User login',
    description:
      'Checks login name and password. A wrong name and a wrong password get the same answer; a disabled ' +
      'user hears USER_DISABLED only after giving the right password.',
    tag: 'Users',
    body: body(loginBodySchema, loginBody, 'Credentials.'),
    data: data(loginDataSchema, loginData),
    answers: 'The user signed in.',
    failures: ['INVALID_CREDENTIALS', 'USER_DISABLED'],
    examples: {
      body: { loginName: '15912345678', password: 'Abcd1234~' },
      data: {
        language: 'en-US',
        lastLoginTime: 1490630315366,
        phone: '15912345678',
        userId: '657d717a-241f-46d8-a5da-a4d80a8b095f',
      },
    },
  }),
  '2.7': section({
    operationId: 'searchUsers',
    method: 'GET',
    path: '/v1/api/user/list',
    heading: '查询用户',
    summary: 'Search users',
    description:
      'Finds users by `type`. Matching: UserName, a case-insensitive substring of the name; Email, the ' +
      'whole address, case-insensitive; Phone, a run of digits contained in the phone; TradeAccount, the ' +
      'exact trading account id. Ordered by register time, then id. The contract calls the paging ' +
      'parameters pageIndex and pageSize; their query names are page and size.',
    tag: 'Users',
    query: z.object({
      type: z.enum(SEARCH_TYPES).describe('What `value` is matched against.'),
      value: z
        .string()
        .min(1)
        .max(SEARCH_VALUE_MAX)
        .describe('The search term (trimmed; for Phone, digits with an optional leading +).'),
      page: z.int().min(1).max(SEARCH_PAGE_MAX).describe('Page number (pageIndex), 1-based.'),
      size: z.int().min(1).max(SEARCH_PAGE_SIZE_MAX).describe('Page size (pageSize).'),
    }),
    data: data(searchDataSchema, searchPage),
    answers: 'One page of users.',
    failures: [],
    examples: {
      query: { type: 'Email', value: 'bruce@example.com', page: 1, size: 10 },
      data: EXAMPLE_SEARCH_PAGE,
    },
  }),
  '2.8': section({
    operationId: 'getUserDetail',
    method: 'GET',
    path: '/v1/api/user/{userId}/detail',
    heading: '查询用户基本资料',
    summary: "Get a user's basic details",
    description: 'The user with their trading accounts.',
    tag: 'Users',
    params: userIdParams,
    data: data(userDetailSchema, userDetail),
    answers: 'The user details.',
    failures: ['USER_NOT_FOUND'],
    examples: {
      params: { userId: EXAMPLE_USER_ID },
      data: {
        accounts: EXAMPLE_DETAIL_ACCOUNTS,
        email: 'test@example.com',
        nickname: 'demo',
        username: 'Test',
      },
    },
  }),
  '2.9': section({
    operationId: 'changePassword',
    method: 'POST',
    path: '/v1/api/user/pwd/set',
    heading: '修改用户登录密码',
    summary: "Change a user's login password",
    description: 'Changes the password, given the current one.',
    tag: 'Users',
    body: body(pwdSetBodySchema, pwdSetBody, 'The password change.'),
    answers: NO_DATA,
    failures: ['USER_NOT_FOUND', 'PASSWORD_MISMATCH', 'PASSWORD_POLICY', 'WRONG_ORIGIN_PASSWORD'],
    examples: {
      body: {
        userId: '657d717a-241f-46d8-a5da-a4d80a8b095f',
        origin: 'Abcd1234!',
        newPwd: 'Abcd1234~',
        verifyPwd: 'Abcd1234~',
      },
    },
  }),
  '2.10': section({
    operationId: 'updateAvatar',
    method: 'POST',
    path: '/v1/api/user/{userId}/avatar',
    heading: '修改用户头像',
    summary: "Change a user's avatar",
    description: 'Sets the avatar URL and answers the user details of 2.8.',
    tag: 'Users',
    params: userIdParams,
    body: body(avatarBodySchema, avatarBody, 'avatarDTO.'),
    data: data(userDetailSchema, userDetail),
    answers: 'The user details with the new avatar.',
    failures: ['USER_NOT_FOUND'],
    examples: {
      params: { userId: EXAMPLE_USER_ID },
      body: { avatar: EXAMPLE_AVATAR },
      data: {
        accounts: EXAMPLE_DETAIL_ACCOUNTS.map(
          ({ accountGroup, accountGroupName, leverage, ...rest }) => rest,
        ),
        email: 'test@example.com',
        nickname: 'demo',
        username: 'Test',
        avatar: EXAMPLE_AVATAR,
      },
    },
  }),
  '2.11': section({
    operationId: 'getAccountProfile',
    method: 'GET',
    path: '/v1/api/account/{userId}/info',
    heading: '查询账户资料',
    summary: 'Get the account profile',
    description:
      "The user's account profile as last written by 2.12; the fields follow the broker's settings " +
      '(Support Center - Broker Work). A new user has empty sections.',
    tag: 'Account profile and tasks',
    params: userIdParams,
    data: data(profileSchema, profile),
    answers: 'The profile document.',
    failures: ['USER_NOT_FOUND'],
    examples: { params: { userId: EXAMPLE_USER_ID }, data: EXAMPLE_PROFILE },
  }),
  '2.12': section({
    operationId: 'updateAccountProfile',
    method: 'POST',
    path: '/v1/api/account/{userId}/update',
    heading: '修改账户资料',
    summary: 'Update the account profile',
    description:
      'Replaces the whole profile document with the posted one (the shape 2.11 answers); each section ' +
      'present must be an object.',
    tag: 'Account profile and tasks',
    params: userIdParams,
    body: body(profileBodySchema, profile, 'accountDTO: the whole profile document.'),
    answers: NO_DATA,
    failures: ['USER_NOT_FOUND'],
    examples: { params: { userId: EXAMPLE_USER_ID }, body: EXAMPLE_PROFILE_UPDATE },
  }),
  '2.13': section({
    operationId: 'getTaskState',
    method: 'GET',
    path: '/v1/api/account/{userId}/{taskType}/task/state',
    heading: '查询任务状态',
    summary: "Get a task's state",
    description: 'The newest task of the type for the user (the contract also calls userId pubUserId).',
    tag: 'Account profile and tasks',
    params: userIdParams.extend({
      taskType: z
        .enum(TASK_TYPES)
        .describe(
          'JOB_TYPE_TA_OPEN (open an account), JOB_TYPE_TA_SAME_OPEN (same-name account), JOB_TYPE_TA_BIND ' +
            '(bind an account), JOB_TYPE_TA_UPDATE_OWNER (change the account owner data).',
        ),
    }),
    data: data(taskSchema, task),
    answers: 'The task.',
    failures: ['USER_NOT_FOUND', 'TASK_NOT_FOUND'],
    examples: {
      params: { userId: '39444997-6082-400a-b2be-7ecb8a67722d', taskType: 'JOB_TYPE_TA_SAME_OPEN' },
      data: {
        createdTime: '2017-04-19T18:07:43.218',
        id: 'e431c3aa-b1e2-4d5a-9321-7e9909eba5e2',
        jobType: 'JOB_TYPE_TA_SAME_OPEN',
        pubUserId: '39444997-6082-400a-b2be-7ecb8a67722d',
        state: 'Submited',
      },
    },
  }),
  '2.14': section({
    operationId: 'sendEmailRegisterCode',
    method: 'POST',
    path: '/v1/api/user/email/sendRegisterValidateCode',
    heading: '用户注册-发送邮件验证码',
    summary: 'Registration: send an email verification code',
    description: `Sends a registration code to the address (${CODE_LIFE}), for 2.15. No body.`,
    tag: 'Registration',
    query: z.object({ email: z.string().min(1).describe('Email address (trimmed).') }),
    answers: `${NO_DATA} The code is never answered.`,
    failures: ['EMAIL_REGISTERED', 'CODE_COOLDOWN'],
    examples: { query: { email: 'demo@example.com' } },
  }),
  '2.15': section({
    operationId: 'registerByEmailCode',
    method: 'POST',
    path: '/v1/api/user/email/registerWithValidateCode',
    heading: '用户注册-使用邮件验证码注册',
    summary: 'Registration: register with an email verification code',
    description: 'Registers with the code of 2.14, which is used up.',
    tag: 'Registration',
    body: body(emailCodeRegisterBodySchema, emailCodeRegisterBody, 'The new user.'),
    answers: NO_DATA,
    failures: ['PASSWORD_POLICY', 'EMAIL_REGISTERED', 'CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED'],
    examples: {
      body: { name: 'steven', email: 'steven@example.com', password: 'Abcd1234', validateCode: '302454' },
    },
  }),
};

export type SectionId = keyof typeof SECTIONS;

/** The sections in contract order, each with its id. */
export const SECTION_LIST: ReadonlyArray<Section & { id: SectionId }> = (
  Object.keys(SECTIONS) as SectionId[]
).map((id) => ({ id, ...SECTIONS[id] }));
