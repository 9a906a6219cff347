/**
 * The exact shapes the contract documents: what the embedded account service answers and the request
 * bodies it accepts, with descriptions. The OpenAPI document's component schemas are derived from these
 * (`z.toJSONSchema`), registered in `COMPONENTS` under their component names.
 *
 * Each narrows a tolerant wire shape of wire.ts field by field (`narrow`): the compiler refuses a field
 * the wire shape lacks, a wire field left out, and a type the wire shape would not accept. So the client
 * parses whatever the service is documented to send, and the two cannot name different fields.
 */
import { z } from 'zod';
import { MCODES } from './mcodes.js';
import {
  AVATAR_MAX,
  CODE_RULES,
  EMAIL_MAX,
  NAME_MAX,
  OPTIONAL_TEXT_MAX,
  PASSWORD_POLICY,
  PHONE_PATTERN,
  SEARCH_PAGE_SIZE_MAX,
} from './rules.js';
import {
  addressSchema,
  avatarBodySchema,
  emailCodeRegisterBodySchema,
  emailRegisterBodySchema,
  loginBodySchema,
  loginDataSchema,
  phoneRegisterBodySchema,
  profilePhoneSchema,
  profileSchema,
  pwdResetBodySchema,
  pwdSetBodySchema,
  searchDataSchema,
  searchUserSchema,
  TASK_TYPES,
  taskSchema,
  tradingAccountSchema,
  userDetailSchema,
} from './wire.js';

/** The component schemas of the OpenAPI document, by name. */
export const COMPONENTS = z.registry<{ id: string }>();

function component<S extends z.ZodType>(id: string, schema: S): S {
  COMPONENTS.add(schema, { id });
  return schema;
}

type Narrowing<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodType<z.output<S[K]>> };

/** The fields of `wire`, each narrowed to a type `wire` accepts; no field more, none less. */
export function narrow<S extends z.ZodRawShape, N extends Narrowing<S>>(
  _wire: z.ZodObject<S, z.core.$ZodObjectConfig>,
  fields: N & Record<Exclude<keyof N, keyof S>, never>,
): N {
  return fields;
}

const text = (description: string) => z.string().describe(description);
const nullableText = (description: string) => z.string().nullable().describe(description);
const optionalText = (description: string) => z.string().optional().describe(description);
// Epoch milliseconds; format int64 tells generators not to squeeze them into 32 bits.
const epochMs = (description: string) => z.int().meta({ format: 'int64', description });

export const phoneNumber = z.string().regex(PHONE_PATTERN);
const phoneField = phoneNumber.describe('A phone number: 6 to 15 digits, optionally with a leading +.');
const password = (description: string) =>
  z
    .string()
    .min(PASSWORD_POLICY.minLength)
    .max(PASSWORD_POLICY.maxLength)
    .describe(`${description} Policy: ${PASSWORD_POLICY.description} (else PASSWORD_POLICY).`);
const displayName = z.string().min(1).max(NAME_MAX).describe('Name (trimmed).');
const emailAddress = z.string().max(EMAIL_MAX).describe('Email address.');

/** 2.1 with sendSms=false: the code itself. */
export const verificationCode = z
  .string()
  .regex(new RegExp(`^[0-9]{${CODE_RULES.digits}}$`))
  .describe('The verification code.');

const mcodeNames = Object.keys(MCODES) as Array<keyof typeof MCODES>;
const catalogue = mcodeNames
  .map((name) => `- \`${MCODES[name].code}\` ${name} (HTTP ${MCODES[name].status}): ${MCODES[name].meaning}`)
  .join('\n');

export const mcode = component(
  'Mcode',
  z
    .enum(mcodeNames.map((name) => MCODES[name].code) as [string, ...string[]])
    .describe(`The outcome code of every answer. \`m0000000\` is success; the catalogue:\n\n${catalogue}`),
);

export const envelope = component(
  'Envelope',
  z
    .looseObject({
      result: z.boolean(),
      mcode,
      data: z.unknown().optional(),
      message: z.string().optional(),
    })
    .describe(
      'Every answer: `result` (true on success), `mcode` (the outcome code), `data` where the section has it, ' +
        'and on failure an optional value-free `message`.',
    ),
);

// ---- answers ----

export const loginData = component(
  'LoginData',
  z
    .strictObject(
      narrow(loginDataSchema, {
        userId: z.string().min(1).describe('The user id.'),
        phone: nullableText('The phone number; null for a user registered by email.'),
        language: text('The user language: en-US, zh-CN.'),
        lastLoginTime: epochMs('This login time, epoch milliseconds.'),
      }),
    )
    .describe('2.6 login data.'),
);

export const searchUser = component(
  'SearchUser',
  z
    .strictObject(
      narrow(searchUserSchema, {
        accounts: z.array(z.string()).describe('Trading account ids.'),
        email: nullableText('Email address.'),
        isEnable: z.boolean().describe('Whether the user is enabled.'),
        lastLoginTime: z.int().nullable().meta({ format: 'int64', description: 'Epoch milliseconds.' }),
        phone: nullableText('Phone number.'),
        pubUserId: z.string().min(1).describe('The user id.'),
        realName: text('Registered name.'),
        registerTime: epochMs('Epoch milliseconds.'),
      }),
    )
    .describe('2.7 one user found; trading accounts are ids only.'),
);

export const searchPage = component(
  'SearchPage',
  z
    .strictObject(
      narrow(searchDataSchema, {
        list: z.array(searchUser),
        offset: z.int().min(0).describe('(pager - 1) * size.'),
        pager: z.int().min(1).describe('This page, 1-based.'),
        pages: z.int().min(0).describe('Number of pages.'),
        size: z.int().min(1).max(SEARCH_PAGE_SIZE_MAX).describe('Page size.'),
        total: z.int().min(0).describe('Number of users found.'),
      }),
    )
    .describe('2.7 one page of users.'),
);

export const tradingAccount = component(
  'TradingAccount',
  z
    .strictObject(
      narrow(tradingAccountSchema, {
        accountGroup: optionalText('Account group id.'),
        accountGroupName: optionalText('Account group name.'),
        accountId: z.string().min(1).describe('Trading account id.'),
        accountName: text('Account name.'),
        accountType: z.enum(['Live', 'Demo']).describe('Account type.'),
        balance: z.number().meta({ format: 'double', description: 'Balance.' }),
        currency: text('Trading currency.'),
        leverage: z.int().optional().describe('Leverage.'),
        platformName: text('Trading platform.'),
        serverName: text('Trading server.'),
        status: z.boolean().describe('Active.'),
      }),
    )
    .refine((a) => a.accountGroup === undefined || a.accountGroupName !== undefined)
    .meta({
      description: '2.8 one trading account. The group fields are present only for an account in a group.',
      dependentRequired: { accountGroup: ['accountGroupName'] },
    }),
);

export const userDetail = component(
  'UserDetail',
  z
    .strictObject(
      narrow(userDetailSchema, {
        username: text('User name.'),
        email: nullableText('Email address.'),
        phone: z.string().nullable().optional().describe('Phone number.'),
        nickname: nullableText('Nickname.'),
        avatar: z.string().nullable().optional().describe('Avatar URL.'),
        accounts: z.array(tradingAccount).describe('Trading accounts.'),
      }),
    )
    .describe('2.8 user details (also the answer of 2.10). It carries no user id: the caller knows it.'),
);

// The profile's sections and their parts are open: the broker configures which fields exist.

export const address = component(
  'Address',
  z
    .looseObject(
      narrow(addressSchema, {
        city: optionalText('City.'),
        country: optionalText('Country code.'),
        province: optionalText('Province.'),
      }),
    )
    .describe('A place in a profile (homePlace, residence, bankAddress).'),
);

export const profilePhone = component(
  'ProfilePhone',
  z
    .looseObject(
      narrow(profilePhoneSchema, {
        countryCode: optionalText('Country calling code, e.g. +886.'),
        phone: optionalText('Number.'),
        phoneStr: optionalText('Display form.'),
      }),
    )
    .describe('A phone in a profile (phones, standbyTelephone).'),
);

const profileBase = component(
  'ProfileBase',
  z
    .looseObject({
      accountName: optionalText('Account name.'),
      address: optionalText('Address.'),
      birthday: optionalText('Birthday, YYYY-MM-DD.'),
      email: optionalText('Email.'),
      gender: optionalText('Gender.'),
      homePlace: address.optional(),
      idAddress: optionalText('Address on the identity document.'),
      nationality: optionalText('Nationality.'),
      phones: profilePhone.optional(),
      residence: address.optional(),
      standbyTelephone: profilePhone.optional(),
    })
    .describe('Basic account data; the broker configures which fields exist.'),
);

const profileCert = component(
  'ProfileCert',
  z
    .looseObject({
      addressDocType: optionalText('Proof of address type.'),
      addressFile1: optionalText('Proof of address A.'),
      addressFile2: optionalText('Proof of address B.'),
      bankCardFile1: optionalText('Bank card proof A.'),
      bankCardFile2: optionalText('Bank card proof B.'),
      idNum: optionalText('Identity document number.'),
      idType: optionalText('Identity document type.'),
      idUrl1: optionalText('Identity document A (URL).'),
      idUrl2: optionalText('Identity document B (URL).'),
    })
    .describe('Identity documents; the broker configures which fields exist.'),
);

const profileFinance = component(
  'ProfileFinance',
  z
    .looseObject({
      aba: optionalText('ABA number.'),
      accountNo: optionalText('Bank account number.'),
      bankAccount: optionalText('Bank.'),
      bankAddress: address.optional(),
      bankBranch: optionalText('Bank branch.'),
      floatingAssets: optionalText('Floating assets.'),
      incomeSource: optionalText('Source of income.'),
      investmentExperience: z.array(z.string()).optional().describe('Investment experience.'),
      investmentPurpose: optionalText('Investment purpose.'),
      investmentQuota: optionalText('Investment amount.'),
      investmentYear: optionalText('Years of investing.'),
      knowledgeLevel: optionalText('Knowledge level.'),
      netAssets: optionalText('Net assets.'),
      netIncome: optionalText('Net income.'),
      remark: optionalText('Remark.'),
      swift: optionalText('SWIFT code.'),
      totalAssets: optionalText('Total assets.'),
      transactionsPerYear: optionalText('Transactions per year.'),
    })
    .describe('Financial data; the broker configures which fields exist.'),
);

export const profile = component(
  'Profile',
  z
    .looseObject(
      narrow(profileSchema, {
        base: profileBase.optional(),
        cert: profileCert.optional(),
        finance: profileFinance.optional(),
      }),
    )
    .describe(
      '2.11 / 2.12 account profile: three open sections whose fields the broker configures. The document ' +
        'is stored as posted and answered as stored, unknown fields and sections included.',
    ),
);

export const task = component(
  'Task',
  z
    .strictObject(
      narrow(taskSchema, {
        createdTime: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/)
          .describe('Creation time, local ISO-8601 without zone, e.g. 2017-04-19T18:07:43.218.'),
        id: z.string().min(1).describe('Task id.'),
        jobType: z.enum(TASK_TYPES).describe('Task type.'),
        pubUserId: text('The user id.'),
        state: text('Task state, e.g. Submited (sic), Approved.'),
      }),
    )
    .describe('2.13 the newest task of a type.'),
);

// ---- request bodies: open, as the service ignores fields it does not know ----

export const pwdResetBody = component(
  'PwdResetDTO',
  z
    .looseObject(
      narrow(pwdResetBodySchema, {
        newPwd: password('New password.'),
        verified: text('The new password again (else PASSWORD_MISMATCH).'),
        ticket: text('The ticket of 2.2.'),
      }),
    )
    .describe('2.3 password reset.'),
);

export const phoneRegisterBody = component(
  'PhoneRegisterDTO',
  z
    .looseObject(
      narrow(phoneRegisterBodySchema, {
        name: displayName,
        phone: phoneField,
        password: password('Password.'),
        recommendCode: z.string().max(OPTIONAL_TEXT_MAX).optional().describe('Referral code.'),
        validateCode: text('The Register code of 2.1.'),
        customSource: z.string().max(OPTIONAL_TEXT_MAX).optional().describe('Customer source.'),
      }),
    )
    .describe('2.4 phone registration.'),
);

export const emailRegisterBody = component(
  'EmailRegisterDTO',
  z
    .looseObject(narrow(emailRegisterBodySchema, { mail: emailAddress, password: password('Password.') }))
    .describe('2.5 email registration; the user name is the address before the @.'),
);

export const loginBody = component(
  'LoginDTO',
  z
    .looseObject(
      narrow(loginBodySchema, {
        loginName: text(
          'A phone number, an email address (case-insensitive) or a user name (only when exactly one user has it).',
        ),
        password: text('Password.'),
      }),
    )
    .describe('2.6 login.'),
);

export const pwdSetBody = component(
  'PwdSetDTO',
  z
    .looseObject(
      narrow(pwdSetBodySchema, {
        userId: text('The user id.'),
        origin: text('Current password (else WRONG_ORIGIN_PASSWORD).'),
        newPwd: password('New password.'),
        verifyPwd: text('The new password again (else PASSWORD_MISMATCH).'),
      }),
    )
    .describe('2.9 password change.'),
);

export const avatarBody = component(
  'AvatarDTO',
  z
    .looseObject(
      narrow(avatarBodySchema, {
        avatar: z
          .string()
          .min(1)
          .max(AVATAR_MAX)
          .describe('New avatar URL: http(s) or protocol-relative (//host/path).'),
      }),
    )
    .describe('2.10 avatar.'),
);

export const emailCodeRegisterBody = component(
  'EmailCodeRegisterDTO',
  z
    .looseObject(
      narrow(emailCodeRegisterBodySchema, {
        name: displayName,
        email: emailAddress,
        password: password('Password.'),
        validateCode: text('The code of 2.14.'),
      }),
    )
    .describe('2.15 email registration with the code of 2.14.'),
);
