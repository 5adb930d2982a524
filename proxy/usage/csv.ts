/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180#section-2): records end in CRLF; a field holding
 * a comma, a double quote, CR or LF is enclosed in double quotes, and its double quotes are doubled.
 */

export type CsvValue = string | number | null;

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field. Text that a client chose (a requested model name, an upstream error message) must not run as a
 * formula when the export is opened in a spreadsheet, so text starting with = + - @ TAB or CR gets a leading "'".
 * Numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
