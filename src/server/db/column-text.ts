/**
 * Text for a column kept beside a record's JSON (search and lookup columns). A record may
 * carry U+0000 in any string (the schemas allow it, and `data` keeps it: JSON escapes it), but
 * PostgreSQL's `text` cannot hold it and refuses the whole statement, which failed the push
 * with a 500 that the tablet retried for ever. These columns drop it, on both engines alike.
 */
export function columnText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}
