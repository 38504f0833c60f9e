import fc from 'fast-check';
import { PUSH_LIMITS } from '../../src/shared/sync/protocol';
import { POLLUTION_MARK } from './zod-arbitrary';

/**
 * Push bodies broken at the byte level, where no JSON value can describe them: bytes that are
 * not UTF-8, truncated JSON, a byte-order mark, prototype-pollution keys and nesting hundreds
 * of thousands deep written straight into the text, keys given twice, whitespace to the byte
 * limit and one past it. Each is a small description, applied to a valid body's JSON text.
 */

/** Byte sequences that are not UTF-8 (RFC 3629), one of each way to be wrong. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe0, 0x80, 0xaf],
];

export type Corruption =
  | { kind: 'invalid-utf8'; where: 'string' | 'anywhere'; at: number; bytes: readonly number[] }
  | { kind: 'truncated'; at: number }
  | { kind: 'byte-order-mark' }
  | { kind: 'pollution'; at: number; key: string; value: string }
  | { kind: 'deep'; at: number; depth: number; style: 'array' | 'object'; into: 'object' | 'array' }
  | { kind: 'duplicate-key'; at: number; key: string; value: string }
  | { kind: 'padding'; over: boolean };

const pollution = fc.record({
  kind: fc.constant('pollution' as const),
  at: fc.nat(),
  key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
  value: fc.constantFrom(
    `{"polluted":"${POLLUTION_MARK}"}`,
    `{"prototype":{"polluted":"${POLLUTION_MARK}"}}`,
    `{"records":[],"kind":"${POLLUTION_MARK}","toString":"${POLLUTION_MARK}"}`,
    `"${POLLUTION_MARK}"`,
    'null',
  ),
});

export const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('invalid-utf8' as const),
      where: fc.constantFrom('string' as const, 'anywhere' as const),
      at: fc.nat(),
      bytes: fc.constantFrom(...INVALID_UTF8),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'byte-order-mark' as const }) },
  { weight: 4, arbitrary: pollution },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      at: fc.nat(),
      // Far past any recursion limit; deeper only costs time (the body limit stops it near 1M).
      depth: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 100, max: 10_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }) },
      ),
      style: fc.constantFrom('array' as const, 'object' as const),
      into: fc.constantFrom('object' as const, 'array' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('duplicate-key' as const),
      at: fc.nat(),
      key: fc.constantFrom(
        'id',
        'kind',
        'schemaVersion',
        'updatedAt',
        'records',
        'text',
        'data',
        '__proto__',
      ),
      value: fc.constantFrom(
        '"x"',
        '1',
        'null',
        '[]',
        '{}',
        '"2026-11-21T08:00:00.000Z"',
        '"event"',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('padding' as const), over: fc.boolean() }),
  },
);

/** Where things can be put into JSON text without splitting a token or an escape. */
interface Places {
  /** Just after a string's opening quote. */
  stringStarts: number[];
  /** Just after an object's `{`. */
  objectStarts: number[];
  /** Just after an array's `[`. */
  arrayStarts: number[];
  /** Just before a non-empty object's `}`. */
  objectEnds: number[];
}

function placesIn(json: string): Places {
  const places: Places = { stringStarts: [], objectStarts: [], arrayStarts: [], objectEnds: [] };
  let inString = false;
  let lastSignificant = '';
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        lastSignificant = '"';
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
      places.stringStarts.push(i + 1);
    } else if (ch === '{') places.objectStarts.push(i + 1);
    else if (ch === '[') places.arrayStarts.push(i + 1);
    else if (ch === '}' && lastSignificant !== '{') places.objectEnds.push(i);
    if (!/\s/.test(ch)) lastSignificant = ch;
  }
  return places;
}

function pick(list: readonly number[], at: number): number | undefined {
  return list.length === 0 ? undefined : list[at % list.length];
}

const encoder = new TextEncoder();

function join(...parts: (string | readonly number[])[]): Uint8Array<ArrayBuffer> {
  const chunks = parts.map((part) =>
    typeof part === 'string' ? encoder.encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function nested(depth: number, style: 'array' | 'object'): string {
  return style === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The body bytes: `json` (a valid body's text) with the corruption applied. */
export function corrupt(json: string, corruption: Corruption): Uint8Array<ArrayBuffer> {
  const places = placesIn(json);
  const insert = (at: number | undefined, text: string | readonly number[]) =>
    at === undefined ? join(json) : join(json.slice(0, at), text, json.slice(at));
  switch (corruption.kind) {
    case 'invalid-utf8': {
      const bytes = encoder.encode(json);
      if (corruption.where === 'string')
        return insert(pick(places.stringStarts, corruption.at), corruption.bytes);
      const at = corruption.at % (bytes.byteLength + 1);
      return join([...bytes.subarray(0, at)], corruption.bytes, [...bytes.subarray(at)]);
    }
    case 'truncated': {
      const bytes = encoder.encode(json);
      return Uint8Array.from(bytes.subarray(0, corruption.at % bytes.byteLength));
    }
    case 'byte-order-mark':
      return join([0xef, 0xbb, 0xbf], json);
    case 'pollution': {
      const at = pick(places.objectStarts, corruption.at);
      const empty = at !== undefined && json[at] === '}';
      return insert(at, `"${corruption.key}":${corruption.value}${empty ? '' : ','}`);
    }
    case 'deep': {
      const value = nested(corruption.depth, corruption.style);
      if (corruption.into === 'object') {
        const at = pick(places.objectStarts, corruption.at);
        const empty = at !== undefined && json[at] === '}';
        return insert(at, `"deep":${value}${empty ? '' : ','}`);
      }
      const at = pick(places.arrayStarts, corruption.at);
      const empty = at !== undefined && json[at] === ']';
      return insert(at, `${value}${empty ? '' : ','}`);
    }
    case 'duplicate-key':
      // After the first copy of the key: the later one is the one JSON.parse keeps.
      return insert(
        pick(places.objectEnds, corruption.at),
        `,"${corruption.key}":${corruption.value}`,
      );
    case 'padding': {
      const size = encoder.encode(json).byteLength;
      const target = PUSH_LIMITS.maxBytes + (corruption.over ? 1 : 0);
      return join(json, ' '.repeat(Math.max(0, target - size)));
    }
  }
}
