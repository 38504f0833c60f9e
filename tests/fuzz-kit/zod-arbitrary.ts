import fc from 'fast-check';
import * as core from 'zod/v4/core';

/**
 * fast-check arbitraries derived from zod schemas (zod 4, classic or mini), and mutations that
 * turn a valid value into a suspect one.
 *
 * The walk reads `schema._zod.def`: lengths, bounds, regexes, ISO formats, enums, literals,
 * optional keys and strict objects become constraints of the generated values. Refinements
 * (`refine`, `superRefine`) cannot be read, so every value is finally filtered through the
 * schema's own `safeParse`: what the arbitrary yields is valid by the schema's definition,
 * not by this file's reading of it. A refinement that rejects nearly every string (an email
 * or phone rule) needs an override, or the filter would search for ever.
 */

type Schema = core.$ZodType;
type Segment = string | number;

/** The parts of a schema definition this walk reads; zod's own types are a wide union. */
interface Def {
  type: string;
  checks?: readonly core.$ZodCheck[];
  format?: string;
  pattern?: RegExp;
  precision?: number | null;
  offset?: boolean;
  local?: boolean;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  options?: readonly Schema[];
  innerType?: Schema;
  values?: readonly unknown[];
  entries?: Record<string, string | number>;
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  tx?: (value: unknown) => unknown;
}

function defOf(schema: Schema): Def {
  return schema._zod.def;
}

function checksOf(schema: Schema): CheckDef[] {
  return (defOf(schema).checks ?? []).map((check) => check._zod.def as unknown as CheckDef);
}

function isValid(schema: Schema, value: unknown): boolean {
  return core.safeParse(schema, value).success;
}

/** Options for {@link arbitraryFromZod}. */
export interface ZodArbitraryOptions {
  /**
   * Arbitraries for fields the walk cannot derive faithfully, by path from the root: object
   * keys joined with `.`, `*` for an array's elements (`consent.givenAt`, `themes.*.name`).
   * A path that names no field is an error, so a renamed field cannot leave one unused.
   */
  overrides?: Record<string, fc.Arbitrary<unknown>>;
  /** Longest array generated where the schema allows more (default 3). */
  maxArrayLength?: number;
  /** Longest string generated where the schema allows more (default 24), besides strings at the schema's own limit. */
  maxStringLength?: number;
  /** Range of ISO dates and date-times (default: the years 0000 to 9999, as the ISO regexes allow). */
  dates?: { min: Date; max: Date };
}

/**
 * Characters that break naive code: NUL and other controls, lone surrogates, invisible, bidi
 * and line-separator characters, JSON and HTML syntax, whitespace a trim removes.
 */
export const HOSTILE_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '"',
  '\\',
  '<',
  '>',
  '&',
  "'",
  '`',
  '%',
  '$',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
] as const;

/** One unit of text: mostly any printable grapheme, in any script, sometimes a hostile one. */
export const textUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_CHARACTERS) },
);

/** Text of `minLength` to `maxLength` units of {@link textUnit}. */
export function fuzzText(constraints: { minLength?: number; maxLength?: number } = {}) {
  return fc.string({ unit: textUnit, ...constraints });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a time, in UTC. */
function isoDay(at: Date): string {
  return `${String(at.getUTCFullYear()).padStart(4, '0')}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())}`;
}

const FULL_ISO_RANGE = {
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
};

/**
 * ISO 8601 UTC date-times between `min` and `max`, written the ways `z.iso.datetime()` accepts:
 * with milliseconds, without a fraction (rounded down), or with a longer fraction.
 */
export function isoDateTime(
  range: { min?: Date; max?: Date } = {},
  precision: number | null = null,
): fc.Arbitrary<string> {
  const dates = fc.date({
    min: range.min ?? FULL_ISO_RANGE.min,
    max: range.max ?? FULL_ISO_RANGE.max,
    noInvalidDate: true,
  });
  return fc
    .tuple(dates, fc.integer({ min: 0, max: 9 }), fc.nat(999_999))
    .map(([at, style, extra]) => {
      const iso = at.toISOString();
      const seconds = iso.slice(0, 19);
      const ms = iso.slice(20, 23);
      const digits = precision ?? (style < 2 ? 0 : style < 7 ? 3 : 3 + (style - 6));
      if (digits === 0) return `${seconds}Z`;
      const fraction = (ms + String(extra).padStart(6, '0')).slice(0, digits);
      return `${seconds}.${fraction}Z`;
    });
}

/** `YYYY-MM-DD` dates between `min` and `max`. */
export function isoDate(range: { min?: Date; max?: Date } = {}): fc.Arbitrary<string> {
  return fc
    .date({
      min: range.min ?? FULL_ISO_RANGE.min,
      max: range.max ?? FULL_ISO_RANGE.max,
      noInvalidDate: true,
    })
    .map(isoDay);
}

/** Whether a string schema's `overwrite` checks trim (probed: the check is a function). */
function trims(checks: readonly CheckDef[]): boolean {
  return checks.some((check) => check.check === 'overwrite' && check.tx?.('  a  ') === 'a');
}

interface StringRules {
  min: number;
  max: number | undefined;
  patterns: RegExp[];
  trims: boolean;
}

function stringRules(schema: Schema): StringRules {
  const checks = checksOf(schema);
  const rules: StringRules = { min: 0, max: undefined, patterns: [], trims: trims(checks) };
  for (const check of checks) {
    if (check.check === 'min_length') rules.min = Math.max(rules.min, check.minimum ?? 0);
    if (check.check === 'max_length')
      rules.max = Math.min(rules.max ?? Infinity, check.maximum ?? Infinity);
    if (check.check === 'length_equals') rules.min = rules.max = check.length ?? 0;
    if (check.check === 'string_format' && check.pattern) rules.patterns.push(check.pattern);
  }
  return rules;
}

interface NumberRules {
  min: number;
  max: number;
  integer: boolean;
}

function numberRules(schema: Schema): NumberRules {
  const def = defOf(schema);
  const rules: NumberRules = {
    min: -Number.MAX_VALUE,
    max: Number.MAX_VALUE,
    integer: def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32',
  };
  for (const check of checksOf(schema)) {
    if (check.check === 'number_format')
      rules.integer ||= ['safeint', 'int32', 'uint32'].includes(check.format ?? '');
    const value = Number(check.value);
    const step = check.inclusive ? 0 : rules.integer ? 1 : Number.EPSILON;
    if (check.check === 'greater_than') rules.min = Math.max(rules.min, value + step);
    if (check.check === 'less_than') rules.max = Math.min(rules.max, value - step);
  }
  if (rules.integer) {
    rules.min = Math.max(rules.min, Number.MIN_SAFE_INTEGER);
    rules.max = Math.min(rules.max, Number.MAX_SAFE_INTEGER);
  }
  return rules;
}

const WHITESPACE_PADDING = fc.constantFrom(
  '',
  '',
  ' ',
  '  ',
  '\t',
  '\n',
  ' \r\n',
  '\u00a0',
  '\ufeff',
);

/** The key an override is looked up by: object keys, and `*` for array elements. */
function overrideKey(path: readonly Segment[]): string {
  return path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
}

function unsupported(type: string, path: readonly Segment[]): Error {
  return new Error(
    `arbitraryFromZod: no arbitrary for a zod '${type}' at '${overrideKey(path) || '(root)'}'; pass one in options.overrides`,
  );
}

function deriveString(
  schema: Schema,
  path: readonly Segment[],
  options: Required<Omit<ZodArbitraryOptions, 'overrides'>>,
): fc.Arbitrary<string> {
  const def = defOf(schema);
  const rules = stringRules(schema);
  if (def.format === 'datetime') {
    if (def.offset || def.local) throw unsupported('datetime with offset or local time', path);
    return isoDateTime(options.dates, def.precision ?? null);
  }
  if (def.format === 'date') return isoDate(options.dates);
  const pattern = def.pattern ?? rules.patterns[0];
  if (pattern !== undefined) {
    return fc.stringMatching(pattern, rules.max === undefined ? {} : { maxLength: rules.max });
  }
  const max = rules.max ?? Infinity;
  const short = fuzzText({
    minLength: rules.min,
    maxLength: Math.min(max, Math.max(rules.min, options.maxStringLength)),
  });
  // Strings at the schema's own limit, in single-unit characters so the length is exact.
  const atLimit =
    Number.isFinite(max) && max > options.maxStringLength
      ? [
          {
            weight: 1,
            arbitrary: fc.string({
              unit: fc.constantFrom('x', 'ł', 'ß', 'ا', 'ক', '中'),
              minLength: Math.max(rules.min, max - 2),
              maxLength: max,
            }),
          },
        ]
      : [];
  const text = fc.oneof({ weight: 6, arbitrary: short }, ...atLimit);
  if (!rules.trims) return text;
  // The schema trims: send what a person might, spaces and all; the stored value is trimmed.
  return fc
    .tuple(WHITESPACE_PADDING, text, WHITESPACE_PADDING)
    .map(([before, core, after]) => `${before}${core}${after}`);
}

function deriveNumber(schema: Schema): fc.Arbitrary<number> {
  const rules = numberRules(schema);
  if (rules.integer) {
    return fc.integer({ min: Math.ceil(rules.min), max: Math.floor(rules.max) });
  }
  return fc.double({ min: rules.min, max: rules.max, noNaN: true, noDefaultInfinity: true });
}

function derive(
  schema: Schema,
  path: readonly Segment[],
  options: Required<Omit<ZodArbitraryOptions, 'overrides'>>,
  overrides: Map<string, fc.Arbitrary<unknown>>,
  used: Set<string>,
): fc.Arbitrary<unknown> {
  const key = overrideKey(path);
  const override = overrides.get(key);
  if (override !== undefined) {
    used.add(key);
    return override;
  }
  const def = defOf(schema);
  const checks = checksOf(schema);
  // Checks the walk cannot read (refinements): the leaf's own safeParse keeps what passes.
  const refined = checks.some((check) => check.check === 'custom');
  const leaf = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    refined || def.type === 'string' ? arbitrary.filter((v) => isValid(schema, v)) : arbitrary;

  switch (def.type) {
    case 'string':
      return leaf(deriveString(schema, path, options));
    case 'number':
      return leaf(deriveNumber(schema));
    case 'boolean':
      return leaf(fc.boolean());
    case 'literal':
      return leaf(fc.constantFrom(...(def.values ?? [])));
    case 'enum':
      return leaf(fc.constantFrom(...Object.values(def.entries ?? {})));
    case 'unknown':
    case 'any':
      return fc.jsonValue();
    case 'optional':
      return fc.option(derive(def.innerType!, path, options, overrides, used), { nil: undefined });
    case 'union':
      return leaf(
        fc.oneof(
          ...(def.options ?? []).map((option) => derive(option, path, options, overrides, used)),
        ),
      );
    case 'array': {
      let min = 0;
      let max = Infinity;
      for (const check of checks) {
        if (check.check === 'min_length') min = Math.max(min, check.minimum ?? 0);
        if (check.check === 'max_length') max = Math.min(max, check.maximum ?? Infinity);
        if (check.check === 'length_equals') min = max = check.length ?? 0;
      }
      const element = derive(def.element!, [...path, 0], options, overrides, used);
      return leaf(
        fc.array(element, {
          minLength: min,
          maxLength: Math.min(max, Math.max(min, options.maxArrayLength)),
        }),
      );
    }
    case 'object': {
      const shape = def.shape ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [name, field] of Object.entries(shape)) {
        const optional = defOf(field).type === 'optional';
        model[name] = derive(
          optional ? defOf(field).innerType! : field,
          [...path, name],
          options,
          overrides,
          used,
        );
        if (!optional) requiredKeys.push(name);
      }
      return leaf(fc.record(model, { requiredKeys, noNullPrototype: true }));
    }
    default:
      throw unsupported(def.type, path);
  }
}

/**
 * An arbitrary of values `schema` accepts, derived from its definition (see the file's
 * comment); every value has passed `schema.safeParse`.
 */
export function arbitraryFromZod<S extends Schema>(
  schema: S,
  options: ZodArbitraryOptions = {},
): fc.Arbitrary<core.input<S>> {
  const overrides = new Map(Object.entries(options.overrides ?? {}));
  const used = new Set<string>();
  const arbitrary = derive(
    schema,
    [],
    {
      maxArrayLength: options.maxArrayLength ?? 3,
      maxStringLength: options.maxStringLength ?? 24,
      dates: options.dates ?? FULL_ISO_RANGE,
    },
    overrides,
    used,
  );
  const unused = [...overrides.keys()].filter((key) => !used.has(key));
  if (unused.length > 0) {
    throw new Error(`arbitraryFromZod: no field at override path(s) ${unused.join(', ')}`);
  }
  return arbitrary.filter((value) => isValid(schema, value)) as fc.Arbitrary<core.input<S>>;
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** A changed copy of a value, and what was changed where. */
export interface Mutation {
  value: unknown;
  /** What was done, e.g. `drop-required`, `too-long`, `proto-key`. */
  change: string;
  /** Where, from the root: `answers.0.choice`; `''` for the value itself. */
  path: string;
  /**
   * `invalid` when the change breaks the schema by construction (the caller can check it with
   * safeParse); `either` when it may or may not (an extra key where the object strips unknown
   * keys, NUL in a free text, spaces a trim removes).
   */
  intent: 'invalid' | 'either';
}

/** A place in a value and the schema that governs it. */
interface Site {
  path: Segment[];
  schema: Schema;
  /** Undefined for an optional key that is absent. */
  value: unknown;
  present: boolean;
}

function unwrapOptional(schema: Schema): Schema {
  let current = schema;
  while (defOf(current).type === 'optional') current = defOf(current).innerType!;
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every place in `value` that `schema` describes, the value itself first. */
function sitesOf(schema: Schema, value: unknown, path: Segment[] = [], present = true): Site[] {
  const inner = unwrapOptional(schema);
  const def = defOf(inner);
  const sites: Site[] = [{ path, schema: inner, value, present }];
  if (!present) return sites;
  if (def.type === 'object' && isPlainObject(value)) {
    for (const [name, field] of Object.entries(def.shape ?? {})) {
      sites.push(...sitesOf(field, value[name], [...path, name], Object.hasOwn(value, name)));
    }
  } else if (def.type === 'array' && Array.isArray(value)) {
    value.forEach((element, index) => {
      sites.push(...sitesOf(def.element!, element, [...path, index]));
    });
  } else if (def.type === 'union') {
    // The option the value matched governs its parts.
    const option = (def.options ?? []).find((candidate) => isValid(candidate, value));
    if (option !== undefined) sites.push(...sitesOf(option, value, path).slice(1));
  }
  return sites;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // Defined, never assigned: a `__proto__` key stays an own key and never sets a prototype.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Marks the key to remove in {@link setAt}. */
export const REMOVE: unique symbol = Symbol('remove');

/** A copy of `root` with the value at `path` replaced, added, or (with {@link REMOVE}) removed. */
export function setAt(root: unknown, path: readonly Segment[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [Segment, ...Segment[]];
  if (Array.isArray(root)) {
    const copy: unknown[] = root.slice();
    copy[head as number] = setAt(root[head as number], rest, next);
    return copy;
  }
  const source = isPlainObject(root) ? root : {};
  const key = String(head);
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(source)) {
    if (name !== key) define(copy, name, source[name]);
    else if (!(rest.length === 0 && next === REMOVE))
      define(copy, name, setAt(source[name], rest, next));
  }
  if (!Object.hasOwn(source, key) && next !== REMOVE)
    define(copy, key, setAt(undefined, rest, next));
  return copy;
}

/** Keys that pollute prototypes in code that merges objects naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** The value prototype-pollution attempts carry, so a test can look for it anywhere. */
export const POLLUTION_MARK = 'polluted-by-fuzz';

const pollutionValue = fc.constantFrom<unknown>(
  { polluted: POLLUTION_MARK },
  { prototype: { polluted: POLLUTION_MARK } },
  { toString: POLLUTION_MARK, valueOf: POLLUTION_MARK, polluted: POLLUTION_MARK },
  POLLUTION_MARK,
);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const OTHER_TYPES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  '',
  'text',
  '0',
  'true',
  [],
  ['text'],
  {},
  { value: 'text' },
];

/**
 * Nested arrays or objects `depth` levels deep, built without recursion. (Deeper than a few
 * thousand levels cannot be sent as a value: JSON.stringify recurses. Send such bodies as text.)
 */
export function deeplyNested(depth: number, style: 'array' | 'object'): unknown {
  let value: unknown = style === 'array' ? [] : {};
  for (let i = 0; i < depth; i++) value = style === 'array' ? [value] : { a: value };
  return value;
}

/** Longest huge string a mutation makes, in JSON bytes: within the push limit, with the rest of a batch. */
export const HUGE_STRING_MAX_BYTES = 1_500_000;

/** One change at a site: replace its value, add a key to it, or remove one of its keys. */
type Edit =
  | { op: 'replace'; value: unknown }
  | { op: 'add'; key: string; value: unknown }
  | { op: 'remove'; key: string };

interface SiteMutation {
  intent: Mutation['intent'];
  edit: Edit;
}

/** Built only when chosen: a record has dozens of sites, and most are never mutated. */
type Lazy<T> = () => fc.Arbitrary<T>;

/** Picks from `values` those `schema` refuses (there is always one: the callers make sure). */
function refused(schema: Schema, values: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...values.filter((value) => !isValid(schema, value)));
}

function mutationsAt(site: Site): [string, Lazy<SiteMutation>][] {
  const def = defOf(site.schema);
  const list: [string, Lazy<SiteMutation>][] = [];
  const replace = (change: string, intent: Mutation['intent'], values: Lazy<unknown>) =>
    list.push([
      change,
      () => values().map((value) => ({ intent, edit: { op: 'replace' as const, value } })),
    ]);

  if (def.type !== 'unknown' && def.type !== 'any') {
    replace('wrong-type', 'invalid', () =>
      refused(
        site.schema,
        OTHER_TYPES.filter((other) => jsonType(other) !== jsonType(site.value)),
      ),
    );
    replace('deep-nesting', 'invalid', () =>
      fc
        .tuple(
          fc.integer({ min: 2, max: 1000 }),
          fc.constantFrom('array' as const, 'object' as const),
        )
        .map(([depth, style]) => deeplyNested(depth, style)),
    );
  }
  if (!site.present) return list;

  if (def.type === 'object' && isPlainObject(site.value)) {
    const shape = def.shape ?? {};
    const object = site.value;
    const strict = def.catchall !== undefined && defOf(def.catchall).type === 'never';
    const required = Object.keys(shape).filter(
      (name) => defOf(shape[name]!).type !== 'optional' && Object.hasOwn(object, name),
    );
    if (required.length > 0) {
      list.push([
        'drop-required',
        () =>
          fc.constantFrom(...required).map((key) => ({
            intent: 'invalid' as const,
            edit: { op: 'remove' as const, key },
          })),
      ]);
    }
    const add = (change: string, names: Lazy<string>, values: Lazy<unknown>) =>
      list.push([
        change,
        () =>
          fc.tuple(names(), values()).map(([key, value]) => ({
            // Where the object strips unknown keys the record stays valid, without the key.
            intent: strict ? ('invalid' as const) : ('either' as const),
            edit: { op: 'add' as const, key, value },
          })),
      ]);
    add(
      'extra-key',
      () =>
        fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !Object.hasOwn(shape, name)),
      () => fc.jsonValue(),
    );
    add(
      'proto-key',
      () => fc.constantFrom(...PROTOTYPE_KEYS),
      () => pollutionValue,
    );
  }

  if (def.type === 'string' && typeof site.value === 'string') {
    const rules = stringRules(site.schema);
    const text = site.value;
    if (rules.max !== undefined) {
      const max = rules.max;
      replace('too-long', 'invalid', () =>
        fc.integer({ min: 1, max: 3 }).map((extra) => 'x'.repeat(max + extra)),
      );
    }
    if (rules.min > 0) {
      const short = ['', 'x'.repeat(rules.min - 1), ...(rules.trims ? [' ', '\t\n'] : [])];
      replace('too-short', 'invalid', () => refused(site.schema, short));
    }
    replace('huge', 'either', () =>
      fc
        .tuple(
          fc.integer({ min: 65_536, max: HUGE_STRING_MAX_BYTES }),
          fc.constantFrom('x', 'ł', '中', '\u0000'),
        )
        .map(([bytes, unit]) =>
          unit.repeat(Math.floor(bytes / Buffer.byteLength(JSON.stringify(unit).slice(1, -1)))),
        ),
    );
    replace('hostile-characters', 'either', () =>
      fc
        .tuple(
          fc.nat(text.length),
          fc.array(fc.constantFrom(...HOSTILE_CHARACTERS), { minLength: 1, maxLength: 4 }),
        )
        .map(([index, chars]) => `${text.slice(0, index)}${chars.join('')}${text.slice(index)}`),
    );
    if (rules.trims) {
      replace('padding', 'either', () =>
        fc.tuple(WHITESPACE_PADDING, WHITESPACE_PADDING).map(([a, b]) => `${a}${text}${b}`),
      );
    }
  }

  if (def.type === 'number' && typeof site.value === 'number') {
    const rules = numberRules(site.schema);
    const values: number[] = [];
    if (rules.integer) values.push(0.5, -2.5, Number.MAX_SAFE_INTEGER + 2);
    if (rules.min > -Number.MAX_VALUE) values.push(rules.min - (rules.integer ? 1 : 0.5));
    if (rules.max < Number.MAX_VALUE) values.push(rules.max + (rules.integer ? 1 : 0.5));
    if (values.length > 0) replace('out-of-range', 'invalid', () => fc.constantFrom(...values));
  }

  if ((def.type === 'enum' || def.type === 'literal') && typeof site.value === 'string') {
    const text = site.value;
    const others = [
      text.toUpperCase(),
      `${text} `,
      ` ${text}`,
      `${text}\u0000`,
      '',
      '__proto__',
      'constructor',
      'toString',
    ];
    replace('not-an-option', 'invalid', () => refused(site.schema, others));
  }

  if (def.type === 'array' && Array.isArray(site.value)) {
    const elements = site.value as unknown[];
    let max = Infinity;
    let min = 0;
    for (const check of checksOf(site.schema)) {
      if (check.check === 'max_length') max = Math.min(max, check.maximum ?? Infinity);
      if (check.check === 'min_length') min = Math.max(min, check.minimum ?? 0);
    }
    if (Number.isFinite(max) && elements.length > 0) {
      replace('too-many', 'invalid', () =>
        fc.constant(Array.from({ length: max + 1 }, (_, i) => elements[i % elements.length])),
      );
    }
    if (min > 0) replace('too-few', 'invalid', () => fc.constant([]));
  }
  return list;
}

function applyEdit(root: unknown, path: readonly Segment[], edit: Edit): unknown {
  if (edit.op === 'replace') return setAt(root, path, edit.value);
  if (edit.op === 'remove') return setAt(root, [...path, edit.key], REMOVE);
  return setAt(root, [...path, edit.key], edit.value);
}

/**
 * Mutations of a value `schema` accepts, one change at one place: a required key dropped, a
 * value of the wrong type, a string over its limit or huge, deep nesting, prototype keys,
 * NUL and lone surrogates, extra keys, spaces around trimmed text, an option that is not one,
 * an array over its limit.
 */
export function mutationOf(schema: Schema, value: unknown): fc.Arbitrary<Mutation> {
  // Grouped by change, so a record with many strings is not mostly given string changes.
  const byChange = new Map<string, Lazy<Mutation>[]>();
  for (const site of sitesOf(schema, value)) {
    for (const [change, arbitrary] of mutationsAt(site)) {
      const group = byChange.get(change) ?? [];
      group.push(() =>
        arbitrary().map(({ intent, edit }): Mutation => ({
          change,
          intent,
          path: site.path.join('.'),
          value: applyEdit(value, site.path, edit),
        })),
      );
      byChange.set(change, group);
    }
  }
  return fc.oneof(
    ...[...byChange].map(([change, group]) => ({
      // Huge strings cost the most to send and check: rarer, but still in every hundred runs.
      weight: change === 'huge' ? 1 : 4,
      arbitrary: fc.nat(group.length - 1).chain((index) => group[index]!()),
    })),
  );
}
