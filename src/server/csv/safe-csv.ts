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

/**
 * {@link safeCsv} written as it is read: the heading line, then each page of rows as it
 * arrives, so an export of any size holds one page in memory. The bytes are the same as
 * `safeCsv` over all the rows.
 */
export function safeCsvStream(
  fields: readonly string[],
  pages: AsyncIterable<readonly (readonly string[])[]> | Iterable<readonly (readonly string[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const options = { escapeFormulae: FORMULA_START, newline: '\r\n' };
  const iterator = (async function* () {
    for await (const page of pages) yield page;
  })();
  let started = false;
  // Papa ends a heading with no rows after it in a line break, and joins rows with one.
  let rowsWritten = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(UTF8_BOM + Papa.unparse({ fields: [...fields], data: [] }, options)),
        );
        return;
      }
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) {
          controller.close();
          return;
        }
        if (next.value.length === 0) continue;
        const body = Papa.unparse(
          next.value.map((row) => [...row]),
          options,
        );
        controller.enqueue(encoder.encode(rowsWritten ? `\r\n${body}` : body));
        rowsWritten = true;
        return;
      }
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}

/** "2026-11-21T10:05:00.000Z" as "2026-11-21 10:05" (UTC), which spreadsheets read as a time. */
export function csvDateTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toISOString().slice(0, 16).replace('T', ' ');
}
