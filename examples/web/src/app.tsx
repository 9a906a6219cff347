import { Account } from './account';
import { RegisterByPhone } from './register-by-phone';
import { useSessionToken } from './session';
import { SignIn } from './sign-in';

export function App() {
  const token = useSessionToken();
  return (
    <main>
      <header>
        <h1>Lwork account</h1>
      </header>
      {token ? (
        <Account />
      ) : (
        <div className="columns">
          <SignIn />
          <RegisterByPhone />
        </div>
      )}
    </main>
  );
}
