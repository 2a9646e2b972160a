// The login form: the API key is kept in this tab's sessionStorage only.
import { useEffect, useRef, useState } from "preact/hooks";

export function Login({ onSubmit, error, busy }: { onSubmit(key: string): void; error: string | null; busy: boolean }) {
  const [value, setValue] = useState("");
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <main class="login">
      <h1>IBKR Gateway dashboard</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim() !== "") onSubmit(value.trim());
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          ref={field}
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Log in"}
        </button>
        <p class="hint">The key is kept in this browser tab only (sessionStorage) and sent as the X-API-Key header.</p>
        {error !== null && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
