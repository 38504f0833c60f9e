import Papa from 'papaparse';
import { FORMULA_START, UTF8_BOM } from '../../shared/event-export';

/**
 * A CSV file Excel opens safely: UTF-8 with a byte-order mark, CRLF line ends, and every cell
 * (headings too) that a spreadsheet would run as a formula prefixed with `'` by the CSV
 * library's own guard, with the pattern the event export uses (`FORMULA_START`).
 */
export function safeCsv(fields: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    UTF8_BOM +
    Papa.unparse(
      { fields: [...fields], data: rows.map((row) => [...row]) },
      { escapeFormulae: FORMULA_START, newline: '\r\n' },
    )
  );
}

/** "2026-11-21T10:05:00.000Z" as "2026-11-21 10:05" (UTC), which spreadsheets read as a time. */
export function csvDateTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toISOString().slice(0, 16).replace('T', ' ');
}
