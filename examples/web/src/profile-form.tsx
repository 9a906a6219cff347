/**
 * Two profile fields, read with MyProfile and changed with UpdateProfile. The mutation answers the
 * merged profile under its user (`user { id profile { ... } }`), so Apollo's cache updates the
 * User entry and every query showing it re-renders: no refetch, no reload. A ValidationError shows
 * each message at its input.
 */
import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { MyProfileDocument, UpdateProfileDocument } from '../../../client/generated/graphql.js';
import { OperationError } from './errors';
import { byField, Field, type FieldErrors, text } from './field-errors';

export function ProfileForm() {
  const { data, error } = useQuery(MyProfileDocument);
  const [updateProfile, update] = useMutation(UpdateProfileDocument);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const base = data?.me.profile?.base;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setSaved(false);
    const form = new FormData(event.currentTarget);
    // Empty clears a field; fields not sent stay as they are.
    const input = {
      base: { accountName: text(form, 'base.accountName'), birthday: text(form, 'base.birthday') || null },
    };
    const result = (await updateProfile({ variables: { input } }).catch(() => null))?.data?.updateProfile;
    if (!result) return;
    if (result.__typename === 'ValidationError') setFieldErrors(byField(result.fieldErrors));
    else setSaved(true);
  }

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <OperationError error={error} />
      <dl aria-label="Profile on record">
        <dt>Account name</dt>
        <dd data-field="accountName">{base?.accountName ?? '—'}</dd>
        <dt>Birthday</dt>
        <dd data-field="birthday">{base?.birthday ?? '—'}</dd>
      </dl>
      {base ? (
        <form onSubmit={submit} aria-label="Edit profile">
          <Field
            form="profile"
            name="base.accountName"
            label="Account name"
            defaultValue={base.accountName ?? ''}
            errors={fieldErrors}
          />
          <Field
            form="profile"
            name="base.birthday"
            label="Birthday (YYYY-MM-DD)"
            defaultValue={base.birthday ?? ''}
            errors={fieldErrors}
          />
          {saved ? (
            <p role="status" className="notice">
              Saved.
            </p>
          ) : null}
          <OperationError error={update.error} />
          <button type="submit" disabled={update.loading}>
            Save
          </button>
        </form>
      ) : null}
    </section>
  );
}
