/**
 * The OpenAPI 3.1 description of the account service: every section of the REST contract
 * (`lwork-user-api.txt`, 2.1 to 2.15) with its path, parameters, bodies, envelopes, the tenant headers
 * and the contract's examples. Served at GET /openapi.json; the contract tests validate every response
 * the service sends in the test suite against it, so it cannot drift from the code.
 *
 * Constants (patterns, limits, enums, the mcode catalogue) come from the code that enforces them. The
 * contract's example email addresses are redacted in its text ("[email protected]"); example.com
 * addresses stand in for them, and the examples' JSON syntax slips (trailing commas) are fixed.
 */
import { MCODES, type McodeName } from '../contract/mcodes.js';
import {
  PASSWORD_POLICY,
  PHONE_CODE_TYPES,
  SEARCH_PAGE_SIZE_MAX,
  SEARCH_TYPES,
  TASK_TYPES,
} from '../contract/wire.js';
import { CODE_RULES } from './codes.js';
import { MAX_BODY_BYTES } from './http.js';
import { AVATAR_MAX, NAME_MAX, PHONE_PATTERN } from './validation.js';

/** A JSON Schema 2020-12 object (the OpenAPI 3.1 dialect). */
export type JsonSchema = { [keyword: string]: unknown };

export interface ExampleObject {
  summary: string;
  value: unknown;
}

export interface MediaTypeObject {
  schema: JsonSchema;
  examples?: Record<string, ExampleObject>;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description: string;
  schema: JsonSchema;
  examples?: Record<string, ExampleObject>;
}

export interface RequestBodyObject {
  required: boolean;
  description: string;
  content: { 'application/json': MediaTypeObject };
}

export interface ResponseObject {
  description: string;
  content: { 'application/json': MediaTypeObject };
}

export type ReferenceObject = { $ref: string };

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** The contract section this operation implements, e.g. '2.8'. */
  'x-contract-section': string;
  security: Array<Record<string, string[]>>;
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
}

export type HttpMethod = 'get' | 'post';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string }>;
  tags: Array<{ name: string; description: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { type: 'apiKey'; in: 'header'; name: string; description: string }>;
  };
}

export const OPENAPI_PATH = '/openapi.json';

const JSON_TYPE = 'application/json';
// Both headers on every contract operation.
const TENANT_SECURITY = [{ tenantId: [], apiToken: [] }];

const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string): ReferenceObject => ({ $ref: `#/components/responses/${name}` });
const nullable = (type: string, description: string): JsonSchema => ({ type: [type, 'null'], description });
const codes = (names: readonly McodeName[]) => names.map((name) => MCODES[name].code);

const mcodeList = (Object.keys(MCODES) as McodeName[])
  .map((name) => `- \`${MCODES[name].code}\` ${name} (HTTP ${MCODES[name].status}): ${MCODES[name].meaning}`)
  .join('\n');

/** The success envelope; `data` is required, or absent (`additionalProperties: false`) when not given. */
function success(data?: JsonSchema, dataRequired = true): JsonSchema {
  return {
    type: 'object',
    properties: {
      result: { type: 'boolean', const: true },
      mcode: { type: 'string', const: MCODES.OK.code },
      ...(data ? { data } : {}),
    },
    required: ['result', 'mcode', ...(data && dataRequired ? ['data'] : [])],
    additionalProperties: false,
  };
}

/** A failure envelope limited to the mcodes one answer can carry. */
function failure(names: readonly McodeName[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      result: { type: 'boolean', const: false },
      mcode: { type: 'string', enum: codes(names), description: 'An mcode of the catalogue (see Mcode).' },
      message: { type: 'string', description: 'Value-free detail, e.g. the name of a bad field.' },
    },
    required: ['result', 'mcode'],
    additionalProperties: false,
  };
}

function failureExample(name: McodeName): ExampleObject {
  return { summary: `${name}: ${MCODES[name].meaning}`, value: { result: false, mcode: MCODES[name].code } };
}

/**
 * The 200 answer: success, or one of the section's expected failures (still HTTP 200, `result` false),
 * as the contract's API does.
 */
function ok200(
  description: string,
  successSchema: JsonSchema,
  failures: readonly McodeName[],
  examples: Record<string, ExampleObject>,
): ResponseObject {
  const schema = failures.length === 0 ? successSchema : { oneOf: [successSchema, failure(failures)] };
  const failureExamples = Object.fromEntries(failures.map((name) => [name, failureExample(name)]));
  return { description, content: { [JSON_TYPE]: { schema, examples: { ...examples, ...failureExamples } } } };
}

/** The error statuses every operation can answer (404 and 405 are route-level: no operation matched). */
function errorResponses(method: HttpMethod): Record<string, ReferenceObject> {
  return method === 'post'
    ? {
        '400': responseRef('BadRequest'),
        '401': responseRef('Unauthorized'),
        '413': responseRef('PayloadTooLarge'),
        '415': responseRef('UnsupportedMediaType'),
        '500': responseRef('InternalError'),
      }
    : {
        '400': responseRef('InvalidParameter'),
        '401': responseRef('Unauthorized'),
        '500': responseRef('InternalError'),
      };
}

function errorResponse(title: string, description: string, names: readonly McodeName[]): ResponseObject {
  return {
    description,
    content: {
      [JSON_TYPE]: {
        schema: { title, ...failure(names) },
        examples: Object.fromEntries(names.map((name) => [name, failureExample(name)])),
      },
    },
  };
}

function jsonBody(description: string, schemaName: string, examples: Record<string, ExampleObject>) {
  return {
    required: true,
    description: `${description} At most ${MAX_BODY_BYTES / 1024 / 1024} MB of JSON.`,
    content: { [JSON_TYPE]: { schema: schemaRef(schemaName), examples } },
  } satisfies RequestBodyObject;
}

function param(
  where: 'query' | 'path',
  name: string,
  description: string,
  schema: JsonSchema,
  example: unknown,
  required = true,
): ParameterObject {
  return {
    name,
    in: where,
    required,
    description,
    schema,
    examples: { contract: { summary: 'From the contract example', value: example } },
  };
}

const example = (value: unknown, summary = 'The contract example'): Record<string, ExampleObject> => ({
  contract: { summary, value },
});

const phoneSchema: JsonSchema = {
  type: 'string',
  pattern: PHONE_PATTERN.source,
  description: 'A phone number: 6 to 15 digits, optionally with a leading +.',
};
const userIdParam = (exampleId: string) =>
  param(
    'path',
    'userId',
    'The user id (`userId` of 2.6, `pubUserId` of 2.7).',
    { type: 'string' },
    exampleId,
  );
const passwordSchema = (description: string): JsonSchema => ({
  type: 'string',
  minLength: PASSWORD_POLICY.minLength,
  maxLength: PASSWORD_POLICY.maxLength,
  description: `${description} Policy: ${PASSWORD_POLICY.description} (else PASSWORD_POLICY).`,
});

// ---- example values of the contract ----

const EXAMPLE_USER_ID = '4b07e7af-798a-4f68-9b2c-561a8300eac2';
const EXAMPLE_DETAIL_ACCOUNTS = [
  {
    accountGroup: '9',
    accountGroupName: '账户组测试99',
    accountId: '2090001252',
    accountName: 'demo',
    accountType: 'Live',
    balance: 1014.07,
    currency: 'USD',
    leverage: 100,
    platformName: 'MT4',
    serverName: 'MT4-Live',
    status: true,
  },
  {
    accountId: '2090005469',
    accountName: 'demo',
    accountType: 'Demo',
    balance: 0,
    currency: 'USD',
    leverage: 100,
    platformName: 'MT4',
    serverName: 'MT4-Demo',
    status: true,
  },
];
const EXAMPLE_AVATAR =
  '//broker-upload.oss-cn-hangzhou.aliyuncs.com/test/45d952ed-8ca9-4fac-8302-6e735e4d105e.png';
const EXAMPLE_PROFILE = {
  base: {
    accountName: 'test',
    birthday: '2017-03-01',
    email: 'test@example.com',
    gender: '0',
    homePlace: { city: '', country: '3225', province: '' },
    idAddress: '',
    nationality: '',
    phones: { countryCode: '+886', phone: '12312', phoneStr: '+886 12312' },
    residence: { city: '', country: '', province: '' },
    standbyTelephone: { countryCode: '', phone: '', phoneStr: ' ' },
  },
  cert: {
    addressDocType: '',
    addressFile1: '',
    addressFile2: '',
    bankCardFile1: '',
    bankCardFile2: '',
    idNum: '11111111111',
    idType: '',
    idUrl1: '',
    idUrl2: '',
  },
  finance: {
    aba: '',
    accountNo: '',
    bankAccount: '',
    bankAddress: { city: '', country: '', province: '' },
    incomeSource: '',
    investmentExperience: [],
    investmentPurpose: '',
    investmentQuota: '',
    investmentYear: '',
    knowledgeLevel: '',
    netAssets: '',
    remark: '',
    swift: '',
    totalAssets: '',
    bankBranch: '',
  },
};
// 2.12's example posts the 2.11 document with two finance fields more and bankBranch less.
const { bankBranch: _unposted, ...EXAMPLE_FINANCE_POSTED } = EXAMPLE_PROFILE.finance;
const EXAMPLE_PROFILE_UPDATE = {
  ...EXAMPLE_PROFILE,
  finance: { ...EXAMPLE_FINANCE_POSTED, floatingAssets: '', netIncome: '', transactionsPerYear: '' },
};

// ---- components ----

const text = (description: string): JsonSchema => ({ type: 'string', description });
const openObject = (description: string, properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  description,
  properties,
  additionalProperties: true,
});

const schemas: Record<string, JsonSchema> = {
  Mcode: {
    type: 'string',
    description: `The outcome code of every answer. \`m0000000\` is success; the catalogue:\n\n${mcodeList}`,
    enum: codes(Object.keys(MCODES) as McodeName[]),
  },
  Envelope: {
    type: 'object',
    description:
      'Every answer: `result` (true on success), `mcode` (the outcome code), `data` where the section has it, ' +
      'and on failure an optional value-free `message`.',
    properties: {
      result: { type: 'boolean' },
      mcode: schemaRef('Mcode'),
      data: {},
      message: { type: 'string' },
    },
    required: ['result', 'mcode'],
  },
  LoginData: {
    type: 'object',
    description: '2.6 login data.',
    properties: {
      userId: { type: 'string', minLength: 1, description: 'The user id.' },
      phone: nullable('string', 'The phone number; null for a user registered by email.'),
      language: text('The user language: en-US, zh-CN.'),
      lastLoginTime: {
        type: 'integer',
        format: 'int64',
        description: 'This login time, epoch milliseconds.',
      },
    },
    required: ['userId', 'phone', 'language', 'lastLoginTime'],
    additionalProperties: false,
  },
  SearchUser: {
    type: 'object',
    description: '2.7 one user found; trading accounts are ids only.',
    properties: {
      accounts: { type: 'array', items: { type: 'string' }, description: 'Trading account ids.' },
      email: nullable('string', 'Email address.'),
      isEnable: { type: 'boolean', description: 'Whether the user is enabled.' },
      lastLoginTime: { type: ['integer', 'null'], format: 'int64', description: 'Epoch milliseconds.' },
      phone: nullable('string', 'Phone number.'),
      pubUserId: { type: 'string', minLength: 1, description: 'The user id.' },
      realName: text('Registered name.'),
      registerTime: { type: 'integer', format: 'int64', description: 'Epoch milliseconds.' },
    },
    required: [
      'accounts',
      'email',
      'isEnable',
      'lastLoginTime',
      'phone',
      'pubUserId',
      'realName',
      'registerTime',
    ],
    additionalProperties: false,
  },
  SearchPage: {
    type: 'object',
    description: '2.7 one page of users.',
    properties: {
      list: { type: 'array', items: schemaRef('SearchUser') },
      offset: { type: 'integer', minimum: 0, description: '(pager - 1) * size.' },
      pager: { type: 'integer', minimum: 1, description: 'This page, 1-based.' },
      pages: { type: 'integer', minimum: 0, description: 'Number of pages.' },
      size: { type: 'integer', minimum: 1, maximum: SEARCH_PAGE_SIZE_MAX, description: 'Page size.' },
      total: { type: 'integer', minimum: 0, description: 'Number of users found.' },
    },
    required: ['list', 'offset', 'pager', 'pages', 'size', 'total'],
    additionalProperties: false,
  },
  TradingAccount: {
    type: 'object',
    description: '2.8 one trading account. The group fields are present only for an account in a group.',
    properties: {
      accountGroup: text('Account group id.'),
      accountGroupName: text('Account group name.'),
      accountId: { type: 'string', minLength: 1, description: 'Trading account id.' },
      accountName: text('Account name.'),
      accountType: { type: 'string', enum: ['Live', 'Demo'], description: 'Account type.' },
      balance: { type: 'number', format: 'double', description: 'Balance.' },
      currency: text('Trading currency.'),
      leverage: { type: 'integer', description: 'Leverage.' },
      platformName: text('Trading platform.'),
      serverName: text('Trading server.'),
      status: { type: 'boolean', description: 'Active.' },
    },
    required: [
      'accountId',
      'accountName',
      'accountType',
      'balance',
      'currency',
      'platformName',
      'serverName',
      'status',
    ],
    dependentRequired: { accountGroup: ['accountGroupName'] },
    additionalProperties: false,
  },
  UserDetail: {
    type: 'object',
    description: '2.8 user details (also the answer of 2.10). It carries no user id: the caller knows it.',
    properties: {
      username: text('User name.'),
      email: nullable('string', 'Email address.'),
      phone: nullable('string', 'Phone number.'),
      nickname: nullable('string', 'Nickname.'),
      avatar: nullable('string', 'Avatar URL.'),
      accounts: { type: 'array', items: schemaRef('TradingAccount'), description: 'Trading accounts.' },
    },
    required: ['username', 'email', 'nickname', 'accounts'],
    additionalProperties: false,
  },
  Address: openObject('A place in a profile (homePlace, residence, bankAddress).', {
    city: text('City.'),
    country: text('Country code.'),
    province: text('Province.'),
  }),
  ProfilePhone: openObject('A phone in a profile (phones, standbyTelephone).', {
    countryCode: text('Country calling code, e.g. +886.'),
    phone: text('Number.'),
    phoneStr: text('Display form.'),
  }),
  ProfileBase: openObject('Basic account data; the broker configures which fields exist.', {
    accountName: text('Account name.'),
    address: text('Address.'),
    birthday: text('Birthday, YYYY-MM-DD.'),
    email: text('Email.'),
    gender: text('Gender.'),
    homePlace: schemaRef('Address'),
    idAddress: text('Address on the identity document.'),
    nationality: text('Nationality.'),
    phones: schemaRef('ProfilePhone'),
    residence: schemaRef('Address'),
    standbyTelephone: schemaRef('ProfilePhone'),
  }),
  ProfileCert: openObject('Identity documents; the broker configures which fields exist.', {
    addressDocType: text('Proof of address type.'),
    addressFile1: text('Proof of address A.'),
    addressFile2: text('Proof of address B.'),
    bankCardFile1: text('Bank card proof A.'),
    bankCardFile2: text('Bank card proof B.'),
    idNum: text('Identity document number.'),
    idType: text('Identity document type.'),
    idUrl1: text('Identity document A (URL).'),
    idUrl2: text('Identity document B (URL).'),
  }),
  ProfileFinance: openObject('Financial data; the broker configures which fields exist.', {
    aba: text('ABA number.'),
    accountNo: text('Bank account number.'),
    bankAccount: text('Bank.'),
    bankAddress: schemaRef('Address'),
    bankBranch: text('Bank branch.'),
    floatingAssets: text('Floating assets.'),
    incomeSource: text('Source of income.'),
    investmentExperience: { type: 'array', items: { type: 'string' }, description: 'Investment experience.' },
    investmentPurpose: text('Investment purpose.'),
    investmentQuota: text('Investment amount.'),
    investmentYear: text('Years of investing.'),
    knowledgeLevel: text('Knowledge level.'),
    netAssets: text('Net assets.'),
    netIncome: text('Net income.'),
    remark: text('Remark.'),
    swift: text('SWIFT code.'),
    totalAssets: text('Total assets.'),
    transactionsPerYear: text('Transactions per year.'),
  }),
  Profile: {
    type: 'object',
    description:
      '2.11 / 2.12 account profile: three open sections whose fields the broker configures. The document ' +
      'is stored as posted and answered as stored, unknown fields and sections included.',
    properties: {
      base: schemaRef('ProfileBase'),
      cert: schemaRef('ProfileCert'),
      finance: schemaRef('ProfileFinance'),
    },
    additionalProperties: true,
  },
  Task: {
    type: 'object',
    description: '2.13 the newest task of a type.',
    properties: {
      createdTime: {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?$',
        description: 'Creation time, local ISO-8601 without zone, e.g. 2017-04-19T18:07:43.218.',
      },
      id: { type: 'string', minLength: 1, description: 'Task id.' },
      jobType: { type: 'string', enum: [...TASK_TYPES], description: 'Task type.' },
      pubUserId: { type: 'string', description: 'The user id.' },
      state: text('Task state, e.g. Submited (sic), Approved.'),
    },
    required: ['createdTime', 'id', 'jobType', 'pubUserId', 'state'],
    additionalProperties: false,
  },
  PwdResetDTO: {
    type: 'object',
    description: '2.3 password reset.',
    properties: {
      newPwd: passwordSchema('New password.'),
      verified: { type: 'string', description: 'The new password again (else PASSWORD_MISMATCH).' },
      ticket: { type: 'string', description: 'The ticket of 2.2.' },
    },
    required: ['newPwd', 'verified', 'ticket'],
  },
  PhoneRegisterDTO: {
    type: 'object',
    description: '2.4 phone registration.',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: NAME_MAX, description: 'Name (trimmed).' },
      phone: phoneSchema,
      password: passwordSchema('Password.'),
      recommendCode: { type: 'string', maxLength: 256, description: 'Referral code.' },
      validateCode: { type: 'string', description: 'The Register code of 2.1.' },
      customSource: { type: 'string', maxLength: 256, description: 'Customer source.' },
    },
    required: ['name', 'phone', 'password', 'validateCode'],
  },
  EmailRegisterDTO: {
    type: 'object',
    description: '2.5 email registration; the user name is the address before the @.',
    properties: {
      mail: { type: 'string', maxLength: 254, description: 'Email address.' },
      password: passwordSchema('Password.'),
    },
    required: ['mail', 'password'],
  },
  LoginDTO: {
    type: 'object',
    description: '2.6 login.',
    properties: {
      loginName: {
        type: 'string',
        description:
          'A phone number, an email address (case-insensitive) or a user name (only when exactly one user has it).',
      },
      password: { type: 'string', description: 'Password.' },
    },
    required: ['loginName', 'password'],
  },
  PwdSetDTO: {
    type: 'object',
    description: '2.9 password change.',
    properties: {
      userId: { type: 'string', description: 'The user id.' },
      origin: { type: 'string', description: 'Current password (else WRONG_ORIGIN_PASSWORD).' },
      newPwd: passwordSchema('New password.'),
      verifyPwd: { type: 'string', description: 'The new password again (else PASSWORD_MISMATCH).' },
    },
    required: ['userId', 'origin', 'newPwd', 'verifyPwd'],
  },
  AvatarDTO: {
    type: 'object',
    description: '2.10 avatar.',
    properties: {
      avatar: {
        type: 'string',
        minLength: 1,
        maxLength: AVATAR_MAX,
        description: 'New avatar URL: http(s) or protocol-relative (//host/path).',
      },
    },
    required: ['avatar'],
  },
  EmailCodeRegisterDTO: {
    type: 'object',
    description: '2.15 email registration with the code of 2.14.',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: NAME_MAX, description: 'Name (trimmed).' },
      email: { type: 'string', maxLength: 254, description: 'Email address.' },
      password: passwordSchema('Password.'),
      validateCode: { type: 'string', description: 'The code of 2.14.' },
    },
    required: ['name', 'email', 'password', 'validateCode'],
  },
};

const responses: Record<string, ResponseObject> = {
  BadRequest: errorResponse(
    'BadRequestError',
    'The body is not JSON, or a parameter is missing, mistyped or out of range.',
    ['MALFORMED_JSON', 'INVALID_PARAMETER'],
  ),
  InvalidParameter: errorResponse(
    'InvalidParameterError',
    'A parameter is missing, mistyped or out of range.',
    ['INVALID_PARAMETER'],
  ),
  Unauthorized: errorResponse(
    'UnauthorizedError',
    'The tenant headers are missing or do not match a tenant.',
    ['UNAUTHORIZED_MISSING', 'UNAUTHORIZED_INVALID'],
  ),
  NotFound: errorResponse('NotFoundError', 'No operation has this path.', ['NOT_FOUND']),
  MethodNotAllowed: errorResponse(
    'MethodNotAllowedError',
    'The path exists with another method; the Allow header names it.',
    ['METHOD_NOT_ALLOWED'],
  ),
  PayloadTooLarge: errorResponse(
    'PayloadTooLargeError',
    `The body is over ${MAX_BODY_BYTES / 1024 / 1024} MB (${MAX_BODY_BYTES} bytes); the connection is closed.`,
    ['PAYLOAD_TOO_LARGE'],
  ),
  UnsupportedMediaType: errorResponse(
    'UnsupportedMediaTypeError',
    'A body was sent with a declared Content-Type that is not JSON.',
    ['UNSUPPORTED_MEDIA_TYPE'],
  ),
  InternalError: errorResponse('InternalErrorError', 'Unexpected server error.', ['INTERNAL_ERROR']),
};

// ---- operations ----

interface OperationSpec {
  section: string;
  heading: string;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  ok: ResponseObject;
}

/** Names the 200 answer's success and failure schemas after the operation, for code generators. */
function titled(ok: ResponseObject, operationId: string): ResponseObject {
  const base = operationId.charAt(0).toUpperCase() + operationId.slice(1);
  const media = ok.content[JSON_TYPE];
  const variants = media.schema.oneOf as JsonSchema[] | undefined;
  const schema = variants
    ? {
        oneOf: variants.map((variant, i) => ({
          title: `${base}${i === 0 ? 'Success' : 'Failure'}`,
          ...variant,
        })),
      }
    : { title: `${base}Success`, ...media.schema };
  return { ...ok, content: { [JSON_TYPE]: { ...media, schema } } };
}

function operation(method: HttpMethod, spec: OperationSpec): OperationObject {
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: `Contract ${spec.section} ${spec.heading}. ${spec.description}`,
    tags: [spec.tag],
    'x-contract-section': spec.section,
    security: TENANT_SECURITY,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: { '200': titled(spec.ok, spec.operationId), ...errorResponses(method) },
  };
}

const NO_DATA =
  'Success carries no `data` (the contract lists it, its example and this service leave it out).';
const detailOk = (description: string, failures: readonly McodeName[], value: unknown) =>
  ok200(
    description,
    success(schemaRef('UserDetail')),
    failures,
    example({ result: true, mcode: 'm0000000', data: value }),
  );

const paths: OpenApiDocument['paths'] = {
  '/v1/api/sys/mobile/code': {
    get: operation('get', {
      section: '2.1',
      heading: '获取手机验证码',
      operationId: 'requestPhoneCode',
      summary: 'Get a phone verification code',
      description:
        'Issues a Register, ResetPassword or UpdatePhoneNumber code (valid 5 minutes, at most one per phone ' +
        'and type every 60 seconds). Register and UpdatePhoneNumber refuse a registered phone; a ResetPassword ' +
        'code for an unknown phone is answered alike but not delivered. With sendSms=false the code is ' +
        'answered instead of sent.',
      tag: 'Verification codes',
      parameters: [
        param('query', 'phone', 'Phone number.', phoneSchema, '15921433385'),
        param('query', 'type', 'Code type.', { type: 'string', enum: [...PHONE_CODE_TYPES] }, 'Register'),
        param(
          'query',
          'sendSms',
          'Send the code by SMS (default true); false answers it as `data`.',
          { type: 'boolean', default: true },
          false,
          false,
        ),
      ],
      ok: ok200(
        'The code as `data` when sendSms=false; no `data` when it was sent.',
        success(
          { type: 'string', pattern: `^[0-9]{${CODE_RULES.digits}}$`, description: 'The verification code.' },
          false,
        ),
        ['PHONE_REGISTERED', 'CODE_COOLDOWN'],
        example({ data: '380086', mcode: 'm0000000', result: true }),
      ),
    }),
  },
  '/v1/api/sys/phone/code/verify': {
    get: operation('get', {
      section: '2.2',
      heading: '验证手机验证码',
      operationId: 'verifyPhoneCode',
      summary: 'Verify a phone verification code',
      description:
        'Uses up a ResetPassword code of the phone and answers a ticket for 2.3 (PwdResetDTO.ticket). Five ' +
        'wrong tries void the code.',
      tag: 'Verification codes',
      parameters: [
        param('query', 'phone', 'Phone number.', phoneSchema, '15912345678'),
        param('query', 'code', 'The code of 2.1.', { type: 'string', minLength: 1 }, '931484'),
      ],
      ok: ok200(
        'The ticket.',
        success({ type: 'string', minLength: 1, description: 'The ticket for 2.3.' }),
        ['CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED'],
        example({ data: 'VDAwMTExN1RXMTM5MTgxMTM2MzQ5MzE0ODQ=', mcode: 'm0000000', result: true }),
      ),
    }),
  },
  '/v1/api/user/pwd/reset/{phoneNo}/phone': {
    post: operation('post', {
      section: '2.3',
      heading: '重置用户密码-手机',
      operationId: 'resetPasswordByPhone',
      summary: "Reset a user's password by phone",
      description:
        'Sets a new password with the ticket of 2.2; the ticket is used up when the password changes.',
      tag: 'Users',
      parameters: [param('path', 'phoneNo', 'Phone number.', phoneSchema, '15912345678')],
      requestBody: jsonBody(
        'PwdResetDTO.',
        'PwdResetDTO',
        example({
          newPwd: 'Abcd1234!',
          verified: 'Abcd1234!',
          ticket: 'VDAwMTExN1RXMTg4MTc1NTgwMjEyNzY5Njg=',
        }),
      ),
      ok: ok200(
        NO_DATA,
        success(),
        ['PASSWORD_MISMATCH', 'PASSWORD_POLICY', 'TICKET_INVALID', 'USER_NOT_FOUND'],
        example({ result: true, mcode: 'm0000000' }),
      ),
    }),
  },
  '/v1/api/user/phone/register': {
    post: operation('post', {
      section: '2.4',
      heading: '用户注册-手机',
      operationId: 'registerByPhone',
      summary: 'Register a user by phone',
      description: 'Registers with the Register code of 2.1, which is used up.',
      tag: 'Registration',
      requestBody: jsonBody(
        'The new user.',
        'PhoneRegisterDTO',
        example({ name: 'Demo', phone: '15912345678', password: 'Abcd1234~', validateCode: '602843' }),
      ),
      ok: ok200(
        NO_DATA,
        success(),
        ['PASSWORD_POLICY', 'PHONE_REGISTERED', 'CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED'],
        example({ result: true, mcode: 'm0000000' }),
      ),
    }),
  },
  '/v1/api/user/email/register': {
    post: operation('post', {
      section: '2.5',
      heading: '用户注册-邮件',
      operationId: 'registerByEmail',
      summary: 'Register a user by email',
      description: 'Registers a Trader Work user by email address and password, without a code.',
      tag: 'Registration',
      requestBody: jsonBody(
        'The new user.',
        'EmailRegisterDTO',
        example({ mail: 'demo@example.com', password: 'Abcd1234~' }),
      ),
      ok: ok200(
        NO_DATA,
        success(),
        ['PASSWORD_POLICY', 'EMAIL_REGISTERED'],
        example({ mcode: 'm0000000', result: true }),
      ),
    }),
  },
  '/v1/api/user/login': {
    post: operation('post', {
      section: '2.6',
      heading: '用户登录',
      operationId: 'login',
      summary: 'User login',
      description:
        'Checks login name and password. A wrong name and a wrong password get the same answer; a disabled ' +
        'user hears USER_DISABLED only after giving the right password.',
      tag: 'Users',
      requestBody: jsonBody(
        'Credentials.',
        'LoginDTO',
        example({ loginName: '15912345678', password: 'Abcd1234~' }),
      ),
      ok: ok200(
        'The user signed in.',
        success(schemaRef('LoginData')),
        ['INVALID_CREDENTIALS', 'USER_DISABLED'],
        example({
          data: {
            language: 'en-US',
            lastLoginTime: 1490630315366,
            phone: '15912345678',
            userId: '657d717a-241f-46d8-a5da-a4d80a8b095f',
          },
          mcode: 'm0000000',
          result: true,
        }),
      ),
    }),
  },
  '/v1/api/user/list': {
    get: operation('get', {
      section: '2.7',
      heading: '查询用户',
      operationId: 'searchUsers',
      summary: 'Search users',
      description:
        'Finds users by `type`. Matching: UserName, a case-insensitive substring of the name; Email, the ' +
        'whole address, case-insensitive; Phone, a run of digits contained in the phone; TradeAccount, the ' +
        'exact trading account id. Ordered by register time, then id. The contract calls the paging ' +
        'parameters pageIndex and pageSize; their query names are page and size.',
      tag: 'Users',
      parameters: [
        param(
          'query',
          'type',
          'What `value` is matched against.',
          { type: 'string', enum: [...SEARCH_TYPES] },
          'Email',
        ),
        param(
          'query',
          'value',
          'The search term (trimmed; for Phone, digits with an optional leading +).',
          { type: 'string', minLength: 1, maxLength: 256 },
          'bruce@example.com',
        ),
        param(
          'query',
          'page',
          'Page number (pageIndex), 1-based.',
          { type: 'integer', minimum: 1, maximum: 1_000_000_000 },
          1,
        ),
        param(
          'query',
          'size',
          'Page size (pageSize).',
          { type: 'integer', minimum: 1, maximum: SEARCH_PAGE_SIZE_MAX },
          10,
        ),
      ],
      ok: ok200(
        'One page of users.',
        success(schemaRef('SearchPage')),
        [],
        example({
          data: {
            list: [
              {
                accounts: [
                  '2090004028',
                  '2090004033',
                  '2090004045',
                  '2090004047',
                  '2090004048',
                  '2090004050',
                  '2090004056',
                  '2090004059',
                ],
                email: 'bruce@example.com',
                isEnable: true,
                lastLoginTime: 1491403147458,
                phone: '18602920465',
                pubUserId: 'ac59a7d8-7860-49a7-b8dc-d3cce3196146',
                realName: 'bruce',
                registerTime: 1490780106812,
              },
            ],
            offset: 0,
            pager: 1,
            pages: 1,
            size: 10,
            total: 1,
          },
          mcode: 'm0000000',
          result: true,
        }),
      ),
    }),
  },
  '/v1/api/user/{userId}/detail': {
    get: operation('get', {
      section: '2.8',
      heading: '查询用户基本资料',
      operationId: 'getUserDetail',
      summary: "Get a user's basic details",
      description: 'The user with their trading accounts.',
      tag: 'Users',
      parameters: [userIdParam(EXAMPLE_USER_ID)],
      ok: detailOk('The user details.', ['USER_NOT_FOUND'], {
        accounts: EXAMPLE_DETAIL_ACCOUNTS,
        email: 'test@example.com',
        nickname: 'demo',
        username: 'Test',
      }),
    }),
  },
  '/v1/api/user/pwd/set': {
    post: operation('post', {
      section: '2.9',
      heading: '修改用户登录密码',
      operationId: 'changePassword',
      summary: "Change a user's login password",
      description: 'Changes the password, given the current one.',
      tag: 'Users',
      requestBody: jsonBody(
        'The password change.',
        'PwdSetDTO',
        example({
          userId: '657d717a-241f-46d8-a5da-a4d80a8b095f',
          origin: 'Abcd1234!',
          newPwd: 'Abcd1234~',
          verifyPwd: 'Abcd1234~',
        }),
      ),
      ok: ok200(
        NO_DATA,
        success(),
        ['USER_NOT_FOUND', 'PASSWORD_MISMATCH', 'PASSWORD_POLICY', 'WRONG_ORIGIN_PASSWORD'],
        example({ result: true, mcode: 'm0000000' }),
      ),
    }),
  },
  '/v1/api/user/{userId}/avatar': {
    post: operation('post', {
      section: '2.10',
      heading: '修改用户头像',
      operationId: 'updateAvatar',
      summary: "Change a user's avatar",
      description: 'Sets the avatar URL and answers the user details of 2.8.',
      tag: 'Users',
      parameters: [userIdParam(EXAMPLE_USER_ID)],
      requestBody: jsonBody('avatarDTO.', 'AvatarDTO', example({ avatar: EXAMPLE_AVATAR })),
      ok: detailOk('The user details with the new avatar.', ['USER_NOT_FOUND'], {
        accounts: EXAMPLE_DETAIL_ACCOUNTS.map(
          ({ accountGroup, accountGroupName, leverage, ...rest }) => rest,
        ),
        email: 'test@example.com',
        nickname: 'demo',
        username: 'Test',
        avatar: EXAMPLE_AVATAR,
      }),
    }),
  },
  '/v1/api/account/{userId}/info': {
    get: operation('get', {
      section: '2.11',
      heading: '查询账户资料',
      operationId: 'getAccountProfile',
      summary: 'Get the account profile',
      description:
        "The user's account profile as last written by 2.12; the fields follow the broker's settings " +
        '(Support Center - Broker Work). A new user has empty sections.',
      tag: 'Account profile and tasks',
      parameters: [userIdParam(EXAMPLE_USER_ID)],
      ok: ok200(
        'The profile document.',
        success(schemaRef('Profile')),
        ['USER_NOT_FOUND'],
        example({ data: EXAMPLE_PROFILE, mcode: 'm0000000', result: true }),
      ),
    }),
  },
  '/v1/api/account/{userId}/update': {
    post: operation('post', {
      section: '2.12',
      heading: '修改账户资料',
      operationId: 'updateAccountProfile',
      summary: 'Update the account profile',
      description:
        'Replaces the whole profile document with the posted one (the shape 2.11 answers); each section ' +
        'present must be an object.',
      tag: 'Account profile and tasks',
      parameters: [userIdParam(EXAMPLE_USER_ID)],
      requestBody: jsonBody(
        'accountDTO: the whole profile document.',
        'Profile',
        example(EXAMPLE_PROFILE_UPDATE),
      ),
      ok: ok200(NO_DATA, success(), ['USER_NOT_FOUND'], example({ mcode: 'm0000000', result: true })),
    }),
  },
  '/v1/api/account/{userId}/{taskType}/task/state': {
    get: operation('get', {
      section: '2.13',
      heading: '查询任务状态',
      operationId: 'getTaskState',
      summary: "Get a task's state",
      description: 'The newest task of the type for the user (the contract also calls userId pubUserId).',
      tag: 'Account profile and tasks',
      parameters: [
        userIdParam('39444997-6082-400a-b2be-7ecb8a67722d'),
        param(
          'path',
          'taskType',
          'JOB_TYPE_TA_OPEN (open an account), JOB_TYPE_TA_SAME_OPEN (same-name account), JOB_TYPE_TA_BIND ' +
            '(bind an account), JOB_TYPE_TA_UPDATE_OWNER (change the account owner data).',
          { type: 'string', enum: [...TASK_TYPES] },
          'JOB_TYPE_TA_SAME_OPEN',
        ),
      ],
      ok: ok200(
        'The task.',
        success(schemaRef('Task')),
        ['USER_NOT_FOUND', 'TASK_NOT_FOUND'],
        example({
          result: true,
          mcode: 'm0000000',
          data: {
            createdTime: '2017-04-19T18:07:43.218',
            id: 'e431c3aa-b1e2-4d5a-9321-7e9909eba5e2',
            jobType: 'JOB_TYPE_TA_SAME_OPEN',
            pubUserId: '39444997-6082-400a-b2be-7ecb8a67722d',
            state: 'Submited',
          },
        }),
      ),
    }),
  },
  '/v1/api/user/email/sendRegisterValidateCode': {
    post: operation('post', {
      section: '2.14',
      heading: '用户注册-发送邮件验证码',
      operationId: 'sendEmailRegisterCode',
      summary: 'Registration: send an email verification code',
      description:
        'Sends a registration code to the address (valid 5 minutes, at most one every 60 seconds), for 2.15. ' +
        'No body.',
      tag: 'Registration',
      parameters: [
        param(
          'query',
          'email',
          'Email address (trimmed).',
          { type: 'string', minLength: 1 },
          'demo@example.com',
        ),
      ],
      ok: ok200(
        `${NO_DATA} The code is never answered.`,
        success(),
        ['EMAIL_REGISTERED', 'CODE_COOLDOWN'],
        example({ mcode: 'm0000000', result: true }),
      ),
    }),
  },
  '/v1/api/user/email/registerWithValidateCode': {
    post: operation('post', {
      section: '2.15',
      heading: '用户注册-使用邮件验证码注册',
      operationId: 'registerByEmailCode',
      summary: 'Registration: register with an email verification code',
      description: 'Registers with the code of 2.14, which is used up.',
      tag: 'Registration',
      requestBody: jsonBody(
        'The new user.',
        'EmailCodeRegisterDTO',
        example({
          name: 'steven',
          email: 'steven@example.com',
          password: 'Abcd1234',
          validateCode: '302454',
        }),
      ),
      ok: ok200(
        NO_DATA,
        success(),
        ['PASSWORD_POLICY', 'EMAIL_REGISTERED', 'CODE_INVALID', 'CODE_ATTEMPTS_EXCEEDED'],
        example({ result: true, mcode: 'm0000000' }),
      ),
    }),
  },
};

export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.1',
  info: {
    title: 'Lwork account API',
    version: '1.0.0',
    description: [
      'The Lwork account REST API (sections 2.1 to 2.15 of the contract), as the embedded account service',
      'implements it.',
      '',
      '**Tenant headers.** Every operation needs `x-api-tenantid` and `x-api-token`; without them the answer',
      'is 401 UNAUTHORIZED_MISSING, with a wrong pair 401 UNAUTHORIZED_INVALID. This document itself',
      `(GET ${OPENAPI_PATH}) needs no headers.`,
      '',
      '**Envelope.** Every answer is `{result, mcode, data?}` (see `Envelope`). Expected failures (unknown user,',
      'wrong code, taken phone...) are HTTP 200 with `result: false` and their `mcode`; request-level failures',
      'use the HTTP status of the catalogue (400, 401, 404, 405, 413, 415, 500), also with `result: false`.',
      'A failure may carry a value-free `message` naming the bad field.',
      '',
      `**Bodies.** POST bodies are JSON of at most ${MAX_BODY_BYTES / 1024 / 1024} MB (${MAX_BODY_BYTES} bytes):`,
      'larger ones get 413 and the connection is closed. A missing Content-Type is read as JSON; a declared',
      'non-JSON one gets 415.',
      '',
      '**Search (2.7).** UserName matches a case-insensitive substring of the name, Email the whole address',
      '(case-insensitive), Phone a run of digits within the phone, TradeAccount the exact account id.',
    ].join('\n'),
  },
  servers: [{ url: '/', description: 'This service (the contract names https://account.api.lwork.com).' }],
  tags: [
    { name: 'Verification codes', description: 'Phone codes and tickets (2.1, 2.2).' },
    { name: 'Registration', description: 'New users by phone or email (2.4, 2.5, 2.14, 2.15).' },
    { name: 'Users', description: 'Login, search, details, passwords, avatar (2.3, 2.6 to 2.10).' },
    { name: 'Account profile and tasks', description: 'Profile document and task state (2.11 to 2.13).' },
  ],
  security: TENANT_SECURITY,
  paths,
  components: {
    schemas,
    responses,
    securitySchemes: {
      tenantId: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-tenantid',
        description: 'The tenant id, e.g. T001117.',
      },
      apiToken: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-token',
        description: "The tenant's API key; server-to-server only, never sent to browsers.",
      },
    },
  },
};
