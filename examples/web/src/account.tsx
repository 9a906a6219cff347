/**
 * The signed-in user: who, their trading accounts (Me) and the state of their open-account task
 * (MyTask), the profile form, and sign out.
 */
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { LogoutDocument, MeDocument, MyTaskDocument } from '../../../client/generated/graphql.js';
import { OperationError } from './errors';
import { ProfileForm } from './profile-form';
import { session } from './session';

const money = (amount: number | null, currency: string | null) =>
  amount === null ? '—' : `${amount.toLocaleString('en', { minimumFractionDigits: 2 })} ${currency ?? ''}`;

export function Account() {
  const me = useQuery(MeDocument);
  const task = useQuery(MyTaskDocument, { variables: { type: 'OPEN_ACCOUNT' } });
  const user = me.data?.me;
  const openAccount = task.data?.me.task;

  return (
    <div className="account">
      <OperationError error={me.error} />
      {user ? (
        <section className="card" aria-labelledby="user-title">
          <h2 id="user-title">{user.nickname || user.name}</h2>
          <p className="muted">{[user.phone, user.email].filter(Boolean).join(' · ')}</p>
          <SignOut />
        </section>
      ) : null}
      {user ? (
        <section className="card" aria-labelledby="accounts-title">
          <h2 id="accounts-title">Trading accounts</h2>
          <table aria-labelledby="accounts-title">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col">Platform</th>
                <th scope="col">Group</th>
                <th scope="col" className="number">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {user.tradingAccounts.map((account) => (
                <tr key={account.id}>
                  <td>{account.id}</td>
                  <td>{account.type ?? '—'}</td>
                  <td>{account.platform ?? '—'}</td>
                  <td>{account.group?.name ?? '—'}</td>
                  <td className="number">{money(account.balance, account.currency)}</td>
                </tr>
              ))}
              {user.tradingAccounts.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    No trading accounts yet.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          <p>
            Open-account request:{' '}
            <strong id="open-account-state">
              {task.loading ? '…' : openAccount ? openAccount.state : 'none yet'}
            </strong>
          </p>
          <OperationError error={task.error} />
        </section>
      ) : null}
      {user ? <ProfileForm /> : null}
    </div>
  );
}

function SignOut() {
  const client = useApolloClient();
  const [logout, { loading }] = useMutation(LogoutDocument);
  async function signOut() {
    // The session is over here whatever the server answers (it may have ended already).
    await logout().catch(() => null);
    session.end();
    await client.clearStore();
  }
  return (
    <button type="button" onClick={signOut} disabled={loading}>
      Sign out
    </button>
  );
}
