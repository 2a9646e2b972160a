// Plain-text tables for the benchmark scripts: columns padded to their widest cell, the first `leftAligned` columns
// aligned left (names), the rest right (numbers).
export function printTable(header, rows, leftAligned = 1) {
  const cells = rows.map((row) => row.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const render = (row) => row.map((c, i) => (i < leftAligned ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(render(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of cells) console.log(render(row));
}
