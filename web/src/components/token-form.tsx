/** Asks for an API token when the server needs one (it listens beyond loopback). */
import { useState, type FormEvent } from 'react';
import { setToken } from '../api/client';

export function TokenForm({ message, onSaved }: { message: string; onSaved: () => void }) {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (value.trim() === '') return;
    setToken(value.trim());
    onSaved();
  };
  return (
    <main className="token-page">
      <form className="card token-form" onSubmit={submit}>
        <h1>Sign in to tpo</h1>
        <p>{message}</p>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby="token-help"
        />
        <p id="token-help" className="help">
          Ask an admin for one; they create it with <code>tpo token create --role viewer</code>. It stays in
          this browser tab only.
        </p>
        <button type="submit" className="button primary">
          Continue
        </button>
      </form>
    </main>
  );
}
