// The dashboard shell: login with an API key, then the views the key's scopes allow, with one live stream shared
// by all views.
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, createApi, errorText, type Session } from "./api";
import { forgetKey, loadKey, saveKey } from "./key-store";
import { useLive } from "./live";
import type { Scope } from "./models";
import { ApprovalsView } from "./views/approvals";
import { AuditView } from "./views/audit";
import { FillsView } from "./views/fills";
import { Login } from "./views/login";
import { OrdersView } from "./views/orders";
import { OverviewView } from "./views/overview";
import { PositionsView } from "./views/positions";
import { WatchlistView } from "./views/watchlist";

interface ViewDef {
  id: string;
  label: string;
  scope: Scope;
}

const VIEWS: readonly ViewDef[] = [
  { id: "overview", label: "Overview", scope: "read" },
  { id: "positions", label: "Positions", scope: "read" },
  { id: "orders", label: "Open orders", scope: "read" },
  { id: "fills", label: "Fills", scope: "read" },
  { id: "watchlist", label: "Watchlist", scope: "read" },
  { id: "approvals", label: "Approvals", scope: "admin" },
  { id: "audit", label: "Audit", scope: "admin" },
];

export function App() {
  const [key, setKey] = useState<string | null>(() => loadKey());
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = useMemo(() => (key === null ? null : createApi(key)), [key]);

  useEffect(() => {
    if (api === null) return;
    api.get<Session>("/session").then(setSession, (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) {
        forgetKey();
        setKey(null);
      }
      setError(errorText(err));
    });
  }, [api]);

  const login = (value: string) => {
    setError(null);
    saveKey(value);
    setKey(value);
  };
  const logout = () => {
    forgetKey();
    setSession(null);
    setKey(null);
  };

  if (api === null || session === null) return <Login onSubmit={login} error={error} busy={api !== null} />;
  return <Dashboard api={api} session={session} onLogout={logout} />;
}

function currentView(views: readonly ViewDef[]): string {
  const id = location.hash.replace(/^#\/?/, "");
  return views.some((v) => v.id === id) ? id : (views[0]?.id ?? "");
}

function Dashboard({
  api,
  session,
  onLogout,
}: {
  api: ReturnType<typeof createApi>;
  session: Session;
  onLogout(): void;
}) {
  const can = (scope: Scope) => session.scopes.includes(scope);
  const views = VIEWS.filter((v) => can(v.scope));
  const [view, setView] = useState(() => currentView(views));
  const live = useLive(api, can("read"));

  useEffect(() => {
    const onHash = () => setView(currentView(views));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [views.length]);
  useEffect(() => {
    document.getElementById("view-title")?.focus();
  }, [view]);

  const title = views.find((v) => v.id === view)?.label ?? "Nothing to show";
  return (
    <div class="shell">
      <header class="top">
        <h1>IBKR Gateway</h1>
        <span class={`badge stream-${live.state}`} data-testid="stream-state">
          stream: {live.state}
        </span>
        <span class="who">
          key <strong>{session.keyName ?? "(none required)"}</strong> · scopes {session.scopes.join(", ")}
        </span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </header>
      <nav aria-label="Views">
        <ul>
          {views.map((v) => (
            <li key={v.id}>
              <a href={`#${v.id}`} aria-current={v.id === view ? "page" : undefined}>
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        <h2 id="view-title" tabIndex={-1}>
          {title}
        </h2>
        {views.length === 0 && <p>This key has no scope that the dashboard can show (it needs read or admin).</p>}
        {view === "overview" && <OverviewView api={api} live={live} canAdmin={can("admin")} />}
        {view === "positions" && <PositionsView api={api} live={live} />}
        {view === "orders" && <OrdersView api={api} live={live} canTrade={can("trade")} />}
        {view === "fills" && <FillsView live={live} />}
        {view === "watchlist" && <WatchlistView api={api} live={live} />}
        {view === "approvals" && <ApprovalsView api={api} live={live} />}
        {view === "audit" && <AuditView api={api} />}
      </main>
    </div>
  );
}
