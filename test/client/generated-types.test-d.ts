/**
 * What the generated client types promise a frontend team, checked by the compiler (`tsc --noEmit`,
 * part of `npm test`): each document carries its result and variables types, unions narrow by
 * `__typename`, and wrong variables do not compile.
 */
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { expectTypeOf } from 'vitest';
import type {
  LoginDocument,
  LoginMutation,
  LogoutDocument,
  MeDocument,
  TaskType,
  UserByIdDocument,
} from '../../client/generated/graphql.js';

// Documents carry their result and variables.
expectTypeOf<ResultOf<typeof MeDocument>['me']['tradingAccounts'][number]['id']>().toEqualTypeOf<string>();
// IDs go in as strings or numbers (GraphQL's ID input), and come out as strings.
expectTypeOf<VariablesOf<typeof UserByIdDocument>>().toEqualTypeOf<{ id: string | number }>();
expectTypeOf<VariablesOf<typeof LogoutDocument>>().toEqualTypeOf<{ allSessions?: boolean }>();

// A typed failure narrows by __typename: a Session has a token, an InvalidCredentials only a message.
type LoginResult = LoginMutation['login'];
expectTypeOf<Extract<LoginResult, { __typename: 'Session' }>['token']>().toEqualTypeOf<string>();
expectTypeOf<Extract<LoginResult, { __typename: 'InvalidCredentials' }>>().not.toHaveProperty('token');
expectTypeOf<
  Extract<LoginResult, { __typename: 'ValidationError' }>['fieldErrors'][number]['path']
>().toEqualTypeOf<string[]>();
expectTypeOf<LoginResult['__typename']>().toEqualTypeOf<
  'AccountDisabled' | 'InvalidCredentials' | 'Session' | 'ValidationError'
>();

// Enums are string unions: a task type the schema does not know is refused.
expectTypeOf<'OPEN_ACCOUNT'>().toExtend<TaskType>();
expectTypeOf<'JOB_TYPE_TA_OPEN'>().not.toExtend<TaskType>();

// Nullable fields stay nullable: a client must handle a missing name.
expectTypeOf<ResultOf<typeof MeDocument>['me']['name']>().toEqualTypeOf<string | null>();
// The login input requires both fields.
expectTypeOf<VariablesOf<typeof LoginDocument>['input']>().toEqualTypeOf<{
  loginName: string;
  password: string;
}>();
