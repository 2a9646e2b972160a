// Audit trail (admin keys): search the audit log, verify its hash chain, export the order history.
import { useState } from "preact/hooks";
import { errorText, type Api } from "../api";
import { fmtTime } from "../format";
import { useLoad } from "../hooks";

interface AuditRecord {
  id: number;
  correlationId: string | null;
  timestamp: string;
  eventType: string;
  eventData: Record<string, unknown>;
  accountId: string | null;
}

type Verification = { ok: true; count: number } | { ok: false; id: number; reason: string };

const PAGE = 50;

export function AuditView({ api }: { api: Api }) {
  const [form, setForm] = useState({ eventType: "", correlationId: "" });
  const [query, setQuery] = useState({ eventType: "", correlationId: "", offset: 0 });
  const page = useLoad(() => {
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(query.offset) });
    if (query.eventType !== "") params.set("eventType", query.eventType);
    if (query.correlationId !== "") params.set("correlationId", query.correlationId);
    return api.get<{ records: AuditRecord[]; total: number }>(`/audit?${params}`);
  }, query);

  const search = (e: Event) => {
    e.preventDefault();
    setQuery({ eventType: form.eventType.trim().toUpperCase(), correlationId: form.correlationId.trim(), offset: 0 });
  };
  const total = page.data?.total ?? 0;
  return (
    <section aria-labelledby="view-title">
      <div class="tools">
        <ChainCheck api={api} />
        <OrderExport api={api} />
      </div>
      <form class="inline" onSubmit={search} aria-label="Search the audit log">
        <label for="audit-type">Event type</label>
        <input
          id="audit-type"
          placeholder="e.g. ORDER_SUBMIT"
          value={form.eventType}
          onInput={(e) => setForm({ ...form, eventType: e.currentTarget.value })}
        />
        <label for="audit-correlation">Correlation id</label>
        <input
          id="audit-correlation"
          value={form.correlationId}
          onInput={(e) => setForm({ ...form, correlationId: e.currentTarget.value })}
        />
        <button type="submit">Search</button>
      </form>
      {page.error !== null && <p class="error">{page.error}</p>}
      {page.data && (
        <p class="hint" data-testid="audit-total">
          {total === 0
            ? "No audit records match."
            : `Records ${query.offset + 1}–${query.offset + page.data.records.length} of ${total}, newest first`}
        </p>
      )}
      {page.data && page.data.records.length > 0 && (
        <table data-testid="audit">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Correlation</th>
              <th scope="col">Data</th>
            </tr>
          </thead>
          <tbody>
            {page.data.records.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.id}</th>
                <td>{fmtTime(r.timestamp)}</td>
                <td>{r.eventType}</td>
                <td>
                  <code>{r.correlationId?.slice(0, 16) ?? "–"}</code>
                </td>
                <td class="data">
                  <code>{JSON.stringify(r.eventData)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="actions">
        <button
          type="button"
          disabled={query.offset === 0}
          onClick={() => setQuery({ ...query, offset: Math.max(0, query.offset - PAGE) })}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={query.offset + PAGE >= total}
          onClick={() => setQuery({ ...query, offset: query.offset + PAGE })}
        >
          Older
        </button>
      </div>
    </section>
  );
}

function ChainCheck({ api }: { api: Api }) {
  const [result, setResult] = useState<string>("not checked yet");
  const verify = () => {
    setResult("checking…");
    api.get<Verification>("/audit/verify").then(
      (v) =>
        setResult(
          v.ok ? `Audit chain OK: ${v.count} records verified` : `Audit chain BROKEN at record ${v.id}: ${v.reason}`,
        ),
      (err: unknown) => setResult(errorText(err)),
    );
  };
  return (
    <div class="card">
      <h3>Hash chain</h3>
      <p role="status" data-testid="audit-verify">
        {result}
      </p>
      <button type="button" onClick={verify}>
        Verify chain
      </button>
    </div>
  );
}

function OrderExport({ api }: { api: Api }) {
  const [message, setMessage] = useState("");
  const exportAs = (format: "csv" | "json") => {
    api.get<{ count: number; content: string | null }>(`/audit/orders/export?format=${format}`).then(
      ({ count, content }) => {
        if (content === null) return setMessage("No orders to export.");
        const url = URL.createObjectURL(
          new Blob([content], { type: format === "csv" ? "text/csv" : "application/json" }),
        );
        const link = document.createElement("a");
        link.href = url;
        link.download = `orders.${format}`;
        link.click();
        URL.revokeObjectURL(url);
        setMessage(`Exported ${count} orders to orders.${format}`);
      },
      (err: unknown) => setMessage(errorText(err)),
    );
  };
  return (
    <div class="card">
      <h3>Order history</h3>
      <p role="status" data-testid="audit-export">
        {message}
      </p>
      <button type="button" onClick={() => exportAs("csv")}>
        Export CSV
      </button>{" "}
      <button type="button" onClick={() => exportAs("json")}>
        Export JSON
      </button>
    </div>
  );
}
