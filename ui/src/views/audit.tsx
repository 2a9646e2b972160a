// Audit trail (admin keys): placeholder until the gateway serves the audit log over HTTP.
import type { Api } from "../api";

export function AuditView(_props: { api: Api }) {
  return (
    <section aria-labelledby="view-title">
      <p>The audit log is read with the CLI: ibkr-gateway audit query | export | verify.</p>
    </section>
  );
}
