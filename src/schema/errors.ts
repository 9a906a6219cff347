/**
 * Expected failures, exposed as typed members of mutation result unions. Every one implements the
 * `Error` interface, so a client can always ask `... on Error { message }`.
 */

import { builder } from './builder.js';
import { type FieldIssue, ValidationError } from './validation.js';

export class InvalidCredentials extends Error {
  override name = 'InvalidCredentials';
  constructor(message = 'The login name or password is wrong') {
    super(message);
  }
}

export class AccountDisabled extends Error {
  override name = 'AccountDisabled';
  constructor() {
    super('The account is disabled');
  }
}

export type InvalidCodeReason = 'WRONG_OR_EXPIRED' | 'TOO_MANY_ATTEMPTS';
export class InvalidCode extends Error {
  override name = 'InvalidCode';
  constructor(readonly reason: InvalidCodeReason) {
    super(
      reason === 'TOO_MANY_ATTEMPTS'
        ? 'Too many wrong tries: request a new code'
        : 'The code is wrong, expired or already used',
    );
  }
}

export class InvalidTicket extends Error {
  override name = 'InvalidTicket';
  constructor() {
    super('The ticket is wrong, expired, already used or for another phone: verify the phone again');
  }
}

export type RegistrationField = 'PHONE' | 'EMAIL';
export class AlreadyRegistered extends Error {
  override name = 'AlreadyRegistered';
  constructor(readonly field: RegistrationField) {
    super(
      field === 'PHONE'
        ? 'The phone number is already registered'
        : 'The email address is already registered',
    );
  }
}

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure of a mutation.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorRef = builder.objectRef<FieldIssue>('FieldError').implement({
  description: 'One invalid argument: its path from the field arguments, and what is wrong.',
  fields: (t) => ({
    path: t.exposeStringList('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  description: 'Some arguments are invalid; nothing was sent to the account service.',
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(InvalidCredentials, {
  name: 'InvalidCredentials',
  interfaces: [ErrorInterface],
  description: 'The login name or password is wrong. The same answer whether or not the account exists.',
  fields: () => ({}),
});

builder.objectType(AccountDisabled, {
  name: 'AccountDisabled',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

const InvalidCodeReasonRef = builder.enumType('InvalidCodeReason', {
  values: {
    WRONG_OR_EXPIRED: { description: 'Wrong, expired, already used, or never sent to this target.' },
    TOO_MANY_ATTEMPTS: { description: 'Five wrong tries voided the code: request a new one.' },
  } as const,
});

builder.objectType(InvalidCode, {
  name: 'InvalidCode',
  interfaces: [ErrorInterface],
  fields: (t) => ({ reason: t.field({ type: InvalidCodeReasonRef, resolve: (e) => e.reason }) }),
});

builder.objectType(InvalidTicket, {
  name: 'InvalidTicket',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

const RegistrationFieldRef = builder.enumType('RegistrationField', { values: ['PHONE', 'EMAIL'] as const });

builder.objectType(AlreadyRegistered, {
  name: 'AlreadyRegistered',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.field({ type: RegistrationFieldRef, resolve: (e) => e.field }) }),
});

export { ValidationError };
