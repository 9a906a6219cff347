/**
 * Registration by phone: a code for the phone (REGISTER), then name, password and that code. The new
 * user is signed in: registerByPhone answers a Session. In a development build the server hands the
 * code back instead of sending an SMS (see dev-codes.ts), and the form fills it in.
 */
import { useApolloClient, useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { RegisterByPhoneDocument, RequestPhoneCodeDocument } from '../../../client/generated/graphql.js';
import { ASK_FOR_DEV_CODES } from './dev-codes';
import { OperationError } from './errors';
import { byField, Field, type FieldErrors, password, text } from './field-errors';
import { session } from './session';

export function RegisterByPhone() {
  const client = useApolloClient();
  const [requestCode, codeRequest] = useMutation(RequestPhoneCodeDocument);
  const [register, registration] = useMutation(RegisterByPhoneDocument);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const reset = () => {
    setNotice(null);
    setFieldErrors({});
  };

  async function sendCode() {
    reset();
    const answer = await requestCode({
      variables: { input: { phone, purpose: 'REGISTER', returnCode: ASK_FOR_DEV_CODES } },
    }).catch(() => null);
    const result = answer?.data?.requestPhoneCode;
    if (!result) return;
    switch (result.__typename) {
      case 'PhoneCodeRequest':
        if (result.code) {
          setCode(result.code);
          setNotice('Development build: the code was filled in for you.');
        } else setNotice('We sent you a code by SMS.');
        return;
      case 'AlreadyRegistered':
        setFieldErrors({ phone: 'This phone is already registered: sign in instead.' });
        return;
      case 'ValidationError':
        setFieldErrors(byField(result.fieldErrors));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset();
    const form = new FormData(event.currentTarget);
    const input = { name: text(form, 'name'), phone, password: password(form, 'password'), code };
    const result = (await register({ variables: { input } }).catch(() => null))?.data?.registerByPhone;
    if (!result) return;
    switch (result.__typename) {
      case 'Session':
        await client.clearStore();
        session.start(result.token);
        return;
      case 'AlreadyRegistered':
        setFieldErrors({ phone: 'This phone is already registered: sign in instead.' });
        return;
      case 'InvalidCode':
        setFieldErrors({ code: result.message });
        return;
      case 'ValidationError':
        setFieldErrors(byField(result.fieldErrors));
    }
  }

  return (
    <form className="card" aria-labelledby="register-title" onSubmit={submit}>
      <h2 id="register-title">Register by phone</h2>
      <Field
        form="register"
        name="phone"
        label="Phone"
        type="tel"
        autoComplete="tel-national"
        value={phone}
        onChange={setPhone}
        errors={fieldErrors}
      />
      <button type="button" onClick={sendCode} disabled={codeRequest.loading || phone === ''}>
        Send code
      </button>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <Field
        form="register"
        name="code"
        label="Code"
        autoComplete="one-time-code"
        value={code}
        onChange={setCode}
        errors={fieldErrors}
      />
      <Field form="register" name="name" label="Name" autoComplete="name" errors={fieldErrors} />
      <Field
        form="register"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        errors={fieldErrors}
      />
      {fieldErrors.input ? (
        <p role="alert" className="error">
          {fieldErrors.input}
        </p>
      ) : null}
      <OperationError error={codeRequest.error ?? registration.error} />
      <button type="submit" disabled={registration.loading}>
        Register
      </button>
    </form>
  );
}
