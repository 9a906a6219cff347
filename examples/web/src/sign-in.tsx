/**
 * Sign in with phone, email or user name. The answer is a union: a Session, or a typed failure
 * (InvalidCredentials, AccountDisabled, ValidationError) shown where it belongs.
 */
import { useApolloClient, useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { LoginDocument } from '../../../client/generated/graphql.js';
import { OperationError } from './errors';
import { byField, Field, type FieldErrors, password, text } from './field-errors';
import { session } from './session';

export function SignIn() {
  const client = useApolloClient();
  const [login, { loading, error }] = useMutation(LoginDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFailure(null);
    setFieldErrors({});
    const input = { loginName: text(form, 'loginName'), password: password(form, 'password') };
    // Infrastructure failures (RATE_LIMITED, ...) reject and show through `error`.
    const answer = await login({ variables: { input } }).catch(() => null);
    const result = answer?.data?.login;
    if (!result) return;
    switch (result.__typename) {
      case 'Session':
        // Nothing cached for a previous user may show to this one.
        await client.clearStore();
        session.start(result.token);
        return;
      case 'ValidationError':
        setFieldErrors(byField(result.fieldErrors));
        return;
      default:
        setFailure(result.message);
    }
  }

  return (
    <form className="card" aria-labelledby="sign-in-title" onSubmit={submit}>
      <h2 id="sign-in-title">Sign in</h2>
      <Field
        form="sign-in"
        name="loginName"
        label="Phone, email or user name"
        autoComplete="username"
        errors={fieldErrors}
      />
      <Field
        form="sign-in"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        errors={fieldErrors}
      />
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      <OperationError error={error} />
      <button type="submit" disabled={loading}>
        Sign in
      </button>
    </form>
  );
}
