// What a request URL looks like in the logs: query values whose name suggests a credential, and any occurrence
// of a registered secret (plain or percent-encoded, in the path or the query), become `***`.

const SENSITIVE_NAME = /key|token|secret|pass|auth|sig|credential|session/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** `/x?api_key=abc&symbol=AAPL` → `/x?api_key=***&symbol=AAPL`. Never throws, whatever the URL. */
export function redactUrl(url: string, secrets: readonly string[]): string {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const hasSecret = (text: string) => secrets.some((s) => s !== "" && decode(text).includes(s));
  const safePath = hasSecret(path) ? "/***" : path;
  if (q === -1) return safePath;
  const pairs = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      if (eq === -1) return hasSecret(name) ? "***" : name;
      return SENSITIVE_NAME.test(decode(name)) || hasSecret(pair) ? `${name}=***` : pair;
    });
  return `${safePath}?${pairs.join("&")}`;
}
