/**
 * The wire shapes of the Lwork account REST API (`lwork-user-api.txt`, sections 2.1 to 2.15), with the
 * contract's own field names. The upstream client parses every response with these; the embedded
 * account service answers in exactly these shapes. Object schemas are loose: fields the contract does
 * not list (a broker's extra profile fields, a newer API's additions) pass through untouched.
 *
 * These are what a client accepts, deliberately tolerant of the real API's habits (null or "" or a
 * missing field, depending on the record). What the embedded service promises is narrower: the exact
 * shapes of `shapes.ts`, each typed against the wire shape it narrows (same fields, compatible types).
 */
import { z } from 'zod';

// Both sides enforce these; they live with the other enforced limits.
export { PASSWORD_POLICY, passwordMeetsPolicy, SEARCH_PAGE_SIZE_MAX } from './rules.js';

export const PHONE_CODE_TYPES = ['Register', 'ResetPassword', 'UpdatePhoneNumber'] as const;
export type PhoneCodeType = (typeof PHONE_CODE_TYPES)[number];

export const SEARCH_TYPES = ['UserName', 'Email', 'Phone', 'TradeAccount'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const TASK_TYPES = [
  'JOB_TYPE_TA_OPEN',
  'JOB_TYPE_TA_SAME_OPEN',
  'JOB_TYPE_TA_BIND',
  'JOB_TYPE_TA_UPDATE_OWNER',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** The envelope every response carries; `data` is absent where the contract omits it. */
export const envelopeSchema = z.looseObject({
  result: z.boolean(),
  mcode: z.string(),
  data: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** 2.1 (the code, with sendSms=false) and 2.2 (the ticket). */
export const codeDataSchema = z.string().min(1);

// Nullable text: the real API answers "" or null or leaves a field out depending on the record.
const text = z.string().nullish();

/** 2.6 login data. */
export const loginDataSchema = z.looseObject({
  userId: z.string().min(1),
  phone: text,
  language: text,
  lastLoginTime: z.number().nullish(),
});
export type LoginData = z.infer<typeof loginDataSchema>;

/** 2.7 one search hit: trading accounts are ids only. */
export const searchUserSchema = z.looseObject({
  pubUserId: z.string().min(1),
  realName: text,
  email: text,
  phone: text,
  isEnable: z.boolean().nullish(),
  lastLoginTime: z.number().nullish(),
  registerTime: z.number().nullish(),
  accounts: z.array(z.string()).nullish(),
});
export type SearchUser = z.infer<typeof searchUserSchema>;

/** 2.7 search data: 1-based `pager`, `offset` = (pager - 1) * size. */
export const searchDataSchema = z.looseObject({
  list: z.array(searchUserSchema),
  offset: z.number().int(),
  pager: z.number().int(),
  pages: z.number().int(),
  size: z.number().int(),
  total: z.number().int(),
});
export type SearchData = z.infer<typeof searchDataSchema>;

/** 2.8 one trading account of a user. */
export const tradingAccountSchema = z.looseObject({
  accountId: z.string().min(1),
  accountName: text,
  accountType: text,
  accountGroup: text,
  accountGroupName: text,
  balance: z.number().nullish(),
  currency: text,
  leverage: z.number().nullish(),
  platformName: text,
  serverName: text,
  status: z.boolean().nullish(),
});
export type TradingAccountData = z.infer<typeof tradingAccountSchema>;

/** 2.8 user detail (also the answer of 2.10). It carries no user id: the caller knows it. */
export const userDetailSchema = z.looseObject({
  username: text,
  email: text,
  phone: text,
  nickname: text,
  avatar: text,
  accounts: z.array(tradingAccountSchema).nullish(),
});
export type UserDetail = z.infer<typeof userDetailSchema>;

/** A place in a profile (homePlace, residence, bankAddress). */
export const addressSchema = z.looseObject({ city: text, country: text, province: text });
/** A phone in a profile (phones, standbyTelephone). */
export const profilePhoneSchema = z.looseObject({ countryCode: text, phone: text, phoneStr: text });

/**
 * 2.11 / 2.12 account profile. The broker decides which fields exist, so each section is an open
 * record: known fields are typed, unknown ones are kept as they are.
 */
export const profileSchema = z.looseObject({
  base: z.record(z.string(), z.unknown()).nullish(),
  cert: z.record(z.string(), z.unknown()).nullish(),
  finance: z.record(z.string(), z.unknown()).nullish(),
});
export type ProfileData = z.infer<typeof profileSchema>;

/** 2.13 task state. `createdTime` is a local ISO time without zone, e.g. 2017-04-19T18:07:43.218. */
export const taskSchema = z.looseObject({
  id: z.string().min(1),
  jobType: z.string(),
  pubUserId: z.string(),
  state: z.string(),
  createdTime: z.string().nullish(),
});
export type TaskData = z.infer<typeof taskSchema>;

// ---- request bodies ----

/** 2.3 PwdResetDTO. */
export const pwdResetBodySchema = z.object({ newPwd: z.string(), verified: z.string(), ticket: z.string() });
export type PwdResetBody = z.infer<typeof pwdResetBodySchema>;

/** 2.4 phone registration. */
export const phoneRegisterBodySchema = z.object({
  name: z.string(),
  phone: z.string(),
  password: z.string(),
  validateCode: z.string(),
  recommendCode: z.string().optional(),
  customSource: z.string().optional(),
});
export type PhoneRegisterBody = z.infer<typeof phoneRegisterBodySchema>;

/** 2.5 email registration without a code. */
export const emailRegisterBodySchema = z.object({ mail: z.string(), password: z.string() });
export type EmailRegisterBody = z.infer<typeof emailRegisterBodySchema>;

/** 2.6 login. */
export const loginBodySchema = z.object({ loginName: z.string(), password: z.string() });
export type LoginBody = z.infer<typeof loginBodySchema>;

/** 2.9 password change. */
export const pwdSetBodySchema = z.object({
  userId: z.string(),
  origin: z.string(),
  newPwd: z.string(),
  verifyPwd: z.string(),
});
export type PwdSetBody = z.infer<typeof pwdSetBodySchema>;

/** 2.10 avatarDTO. */
export const avatarBodySchema = z.object({ avatar: z.string() });
export type AvatarBody = z.infer<typeof avatarBodySchema>;

/** 2.12 accountDTO: the whole profile document. */
export const profileBodySchema = profileSchema;
export type ProfileBody = ProfileData;

/** 2.15 email registration with a code. */
export const emailCodeRegisterBodySchema = z.object({
  name: z.string(),
  email: z.string(),
  password: z.string(),
  validateCode: z.string(),
});
export type EmailCodeRegisterBody = z.infer<typeof emailCodeRegisterBodySchema>;
