// The two outputs of `ibkr-gateway watch`: NDJSON (one envelope per line, for --json or a pipe) and a terminal view
// that redraws in place: a status line, a table of the latest values, and the recent notices (connection gaps
// first of all). It knows no gateway: the commands feed it envelopes and rows.

/** A line of NDJSON; the gateway's envelopes pass through as they came, the watcher's own use topic `watch`. */
export interface WatchEnvelope {
  readonly seq: number | null;
  readonly topic: string;
  readonly type: string;
  readonly time: string;
  readonly data: Record<string, unknown>;
}

export function watchEnvelope(type: string, data: Record<string, unknown>): WatchEnvelope {
  return { seq: null, topic: "watch", type, time: new Date().toISOString(), data };
}

export interface WatchOutput {
  /** Every envelope received or made (NDJSON prints each one; the view only some). */
  envelope(envelope: WatchEnvelope): void;
  /** The table of latest values (the view only). */
  rows(header: readonly string[], rows: readonly (readonly unknown[])[]): void;
  /** A line in the view's recent notices (the view only). */
  notice(text: string): void;
  /** The view's status line (the view only). */
  status(text: string): void;
  close(): void;
}

export function ndjsonOutput(stream: NodeJS.WritableStream = process.stdout): WatchOutput {
  return {
    envelope: (envelope) => void stream.write(`${JSON.stringify(envelope)}\n`),
    rows: () => undefined,
    notice: () => undefined,
    status: () => undefined,
    close: () => undefined,
  };
}

const MAX_NOTICES = 10;
const REDRAW_MS = 100;

/** The live terminal view: redrawn at most every 100 ms, restored to a normal screen on close. */
export function terminalOutput(title: string, stream: NodeJS.WriteStream = process.stdout): WatchOutput {
  let header: readonly string[] = [];
  let table: readonly (readonly unknown[])[] = [];
  let statusText = "connecting…";
  const notices: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const colour = !process.env.NO_COLOR;
  const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const draw = () => {
    timer = null;
    const lines = [paint(1, title), statusText, "", ...formatTable(header, table, paint), ""];
    if (notices.length > 0) lines.push(paint(1, "Recent"), ...notices);
    lines.push("", paint(2, "Ctrl-C to stop"));
    stream.write(`\x1b[H\x1b[2J${lines.join("\n")}\n`);
  };
  const schedule = () => {
    timer ??= setTimeout(draw, REDRAW_MS);
  };
  stream.write("\x1b[?25l");
  schedule();
  return {
    envelope: () => undefined,
    rows(h, r) {
      header = h;
      table = r;
      schedule();
    },
    notice(text) {
      const gap = /lost|gap|disconnected|behind|error/i.test(text);
      notices.unshift(`${new Date().toISOString().slice(11, 19)}  ${gap ? paint(33, `⚠ ${text}`) : text}`);
      notices.length = Math.min(notices.length, MAX_NOTICES);
      schedule();
    },
    status(text) {
      statusText = text;
      schedule();
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      draw();
      stream.write("\x1b[?25h");
    },
  };
}

function formatTable(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  paint: (code: number, text: string) => string,
): string[] {
  if (header.length === 0) return [];
  if (rows.length === 0) return [paint(1, header.join("  ")), "(nothing yet)"];
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? "-" : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [paint(1, line(header)), ...cells.map(line)];
}
