/** Fixed-width columns for terminal listings; widths fit the longest cell of each column. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  // ANSI colour codes take no room on screen, so they do not count towards the width.
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
  const visible = (s: string) => s.replace(ansi, "").length;
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - visible(c))))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
