/**
 * The catalogue of `mcode` values of the Lwork account REST API, as the embedded account service
 * answers them and as the upstream client decodes them. `m0000000` is the contract's success code;
 * the others are this project's catalogue (the contract names none), grouped by area.
 */
export const MCODES = {
  OK: { code: 'm0000000', status: 200, meaning: 'Success.' },

  // Request-level failures (any route).
  MALFORMED_JSON: { code: 'm0000400', status: 400, meaning: 'The request body is not valid JSON.' },
  INVALID_PARAMETER: {
    code: 'm0000422',
    status: 400,
    meaning: 'A parameter is missing, has the wrong type or is out of range.',
  },
  UNAUTHORIZED_MISSING: {
    code: 'm0000401',
    status: 401,
    meaning: 'The x-api-tenantid or x-api-token header is missing.',
  },
  UNAUTHORIZED_INVALID: {
    code: 'm0000403',
    status: 401,
    meaning: 'The tenant id and API token do not match a configured tenant.',
  },
  NOT_FOUND: { code: 'm0000404', status: 404, meaning: 'No such route.' },
  METHOD_NOT_ALLOWED: { code: 'm0000405', status: 405, meaning: 'The route does not accept this method.' },
  PAYLOAD_TOO_LARGE: { code: 'm0000413', status: 413, meaning: 'The request body is over 1 MB.' },
  UNSUPPORTED_MEDIA_TYPE: {
    code: 'm0000415',
    status: 415,
    meaning: 'The request body is not application/json.',
  },
  INTERNAL_ERROR: { code: 'm0000500', status: 500, meaning: 'Unexpected server error.' },

  // Users.
  USER_NOT_FOUND: { code: 'm0010001', status: 200, meaning: 'No user with this id in the tenant.' },
  PHONE_REGISTERED: { code: 'm0010002', status: 200, meaning: 'The phone number is already registered.' },
  EMAIL_REGISTERED: { code: 'm0010003', status: 200, meaning: 'The email address is already registered.' },
  INVALID_CREDENTIALS: {
    code: 'm0010004',
    status: 200,
    meaning: 'Login name or password is wrong (deliberately not saying which).',
  },
  USER_DISABLED: { code: 'm0010005', status: 200, meaning: 'The user is disabled.' },
  PASSWORD_POLICY: {
    code: 'm0010006',
    status: 200,
    meaning: 'The new password breaks the policy: 8 to 64 characters with at least one letter and one digit.',
  },
  PASSWORD_MISMATCH: {
    code: 'm0010007',
    status: 200,
    meaning: 'The new password and its confirmation differ.',
  },
  WRONG_ORIGIN_PASSWORD: { code: 'm0010008', status: 200, meaning: 'The current password is wrong.' },

  // Verification codes and tickets.
  CODE_INVALID: {
    code: 'm0020001',
    status: 200,
    meaning: 'The verification code is wrong, expired, used, or was never sent to this target.',
  },
  CODE_ATTEMPTS_EXCEEDED: {
    code: 'm0020002',
    status: 200,
    meaning: 'Too many wrong tries: the code is void; request a new one.',
  },
  CODE_COOLDOWN: {
    code: 'm0020003',
    status: 200,
    meaning: 'A code was sent to this target less than 60 seconds ago.',
  },
  TICKET_INVALID: {
    code: 'm0020004',
    status: 200,
    meaning: 'The ticket is unknown, expired, used, or bound to another phone.',
  },

  // Account profile and tasks.
  TASK_NOT_FOUND: { code: 'm0030001', status: 200, meaning: 'The user has no task of this type.' },
} as const;

export type McodeName = keyof typeof MCODES;
export type Mcode = (typeof MCODES)[McodeName]['code'];

const byCode = new Map<string, McodeName>(
  (Object.keys(MCODES) as McodeName[]).map((name) => [MCODES[name].code, name]),
);

/** The catalogue name of an mcode, or undefined for a code this project does not know. */
export function mcodeName(code: string): McodeName | undefined {
  return byCode.get(code);
}
