/**
 * UUIDv7 (RFC 9562): 48-bit Unix-ms timestamp, then random bits. Ids made on one
 * device sort by creation time, which keeps IndexedDB and SQL indexes append-mostly.
 * Within one millisecond a counter in `rand_a` keeps them increasing.
 */
let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  if (now <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted within one ms: borrow the next millisecond.
      lastMs += 1;
      counter = 0;
    }
    now = lastMs;
  } else {
    lastMs = now;
    counter = bytes[6]! & 0x07; // start low so the counter has room to grow
  }
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return format(bytes);
}

function format(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A UUIDv7 for the millisecond `ms` with every other bit random, outside the monotonic
 * sequence above: it says nothing about when, within `ms`, or in what order it was made.
 */
export function uuidv7At(ms: number): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const time = BigInt(ms);
  for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return format(bytes);
}

/** The millisecond a UUIDv7 was made for: its first 48 bits. */
export function uuidv7Ms(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
