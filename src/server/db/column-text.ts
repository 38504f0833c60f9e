/**
 * Text for a column kept beside a record's JSON (search and lookup columns). A record may
 * carry U+0000 in any string (the schemas allow it, and `data` keeps it: JSON escapes it), but
 * PostgreSQL's `text` cannot hold it and refuses the whole statement, which failed the push
 * with a 500 that the tablet retried for ever. These columns drop it, on both engines alike.
 *
 * A lone surrogate (half of a UTF-16 pair, which JSON's `\ud800` can make) becomes U+FFFD.
 * PostgreSQL's driver already wrote it so; better-sqlite3 wrote bytes that are not UTF-8,
 * which read back as three U+FFFD. Now both engines hold the same text.
 */
export function columnText(text: string): string {
  const kept = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  // With the u flag a pair is one code point, so this matches only surrogates left alone.
  return kept.replace(LONE_SURROGATE, '\ufffd');
}

const LONE_SURROGATE = /[\ud800-\udfff]/gu;
