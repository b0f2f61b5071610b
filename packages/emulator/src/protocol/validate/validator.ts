/**
 * Request decoding and validation for the JSON 1.1 services, driven by the AWS service model.
 *
 * Structure (members, types, required members) comes from the Smithy schemas the AWS SDK v3 clients embed
 * and export (`CreateTable$ = [9, ns, name, traits, () => Input$, () => Output$]`, structures
 * `[3, ns, name, traits, memberNames, memberSchemas, requiredCount]` with the required members first, lists
 * `[1, ...]` / `64 | t`, maps `[2, ...]` / `128 | t`, scalars 0 string, 1 number, 2 boolean, 4-7 timestamp,
 * 15 document, 21 blob; see `NormalizedSchema` in @smithy/core/schema). Constraints (length, pattern, enum,
 * range, sizes) come from `<service>.constraints.generated.json` (scripts/gen-constraints.ts).
 *
 * Errors follow AWS (Coral): a value of the wrong JSON type is a SerializationException; constraint
 * violations and missing required members are one ValidationException,
 * `2 validation errors detected: Value null at 'a' failed to satisfy constraint: Member must not be null; ...`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AwsError, errors } from '../errors.js';

export type ServiceName = 'glue' | 'athena' | 'logs';

export interface Constraint {
  readonly min?: number;
  readonly max?: number;
  /** Java pattern, quoted in messages. */
  readonly pattern?: string;
  /** JavaScript translation of `pattern` when it differs. */
  readonly re?: string;
  readonly enum?: readonly string[];
  readonly double?: boolean;
}

export interface OperationEntry {
  readonly name: string;
  /** The SDK's input schema reference for the operation. */
  readonly input: unknown;
  /** Compiled on first use. */
  root?: Node;
}

export interface ServiceModel {
  readonly service: ServiceName;
  readonly operations: ReadonlyMap<string, OperationEntry>;
  /** Keyed `Structure.Member`, `...[]` for list members, `...{k}` / `...{v}` for map keys / values. */
  readonly constraints: ReadonlyMap<string, Constraint>;
  /** Compiled structure decoders, by schema. */
  readonly structs: WeakMap<object, Node>;
}

const SDK_PACKAGES: Record<ServiceName, string> = {
  glue: '@aws-sdk/client-glue',
  athena: '@aws-sdk/client-athena',
  logs: '@aws-sdk/client-cloudwatch-logs',
};

/**
 * Top-level members AWS names differently in validation messages than the public model (Coral reports its
 * internal field names). Only cases seen in real AWS responses:
 * CreateTable `'table.storageDescriptor.columns.5.member.comment'` (github.com/moj-analytical-services/etl_manager/issues/90),
 * UpdateDatabase `'database.locationUri'` (github.com/awslabs/aws-glue-data-catalog-client-for-apache-hive-metastore/issues/20).
 */
const ROOT_ALIASES: Record<string, Readonly<Record<string, string>>> = {
  'glue.CreateTable': { TableInput: 'table' },
  'glue.UpdateDatabase': { DatabaseInput: 'database' },
};

/** AWS lists at most this many violations. */
const MAX_ERRORS = 10;
/** Longer values are not echoed in messages (AWS leaves out very long values: `Value at '...'`). */
const MAX_ECHO = 1024;

const require = createRequire(import.meta.url);
const models = new Map<ServiceName, ServiceModel>();

export function loadServiceModel(service: ServiceName): ServiceModel {
  let model = models.get(service);
  if (!model) {
    model = {
      service,
      operations: readOperations(service),
      constraints: readConstraints(service),
      structs: new WeakMap(),
    };
    models.set(service, model);
  }
  return model;
}

export function hasOperation(model: ServiceModel, operation: string): boolean {
  return model.operations.has(operation);
}

export function decodeInput(model: ServiceModel, operation: string, body: unknown): unknown {
  const op = model.operations.get(operation);
  if (!op) throw errors.unknownOperation(operation);
  op.root ??= compileRoot(model, op);
  const ctx: Ctx = { path: [], errors: [] };
  const out = op.root.decode(body ?? {}, ctx);
  const n = ctx.errors.length;
  if (n > 0) throw errors.validation(`${n} validation error${n > 1 ? 's' : ''} detected: ${ctx.errors.join('; ')}`);
  return out;
}

// --- loading -----------------------------------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Array.isArray` narrows `unknown` to `any[]`; this keeps the elements `unknown`. */
function isArray(v: unknown): v is readonly unknown[] {
  return Array.isArray(v);
}

function readOperations(service: ServiceName): Map<string, OperationEntry> {
  const id = SDK_PACKAGES[service];
  let sdk: unknown;
  try {
    sdk = require(id);
  } catch (e) {
    if (isRecord(e) && e['code'] === 'MODULE_NOT_FOUND') {
      throw new Error(`${id} is not installed: add it to packages/emulator's dependencies to validate ${service}.`);
    }
    throw e;
  }
  const ops = new Map<string, OperationEntry>();
  if (isRecord(sdk)) {
    for (const v of Object.values(sdk)) {
      if (isArray(v) && v[0] === 9 && typeof v[2] === 'string') ops.set(v[2], { name: v[2], input: v[4] });
    }
  }
  if (ops.size === 0) throw new Error(`${id} exports no operation schemas; is it older than the schema-based SDK?`);
  return ops;
}

function readConstraints(service: ServiceName): Map<string, Constraint> {
  const file = new URL(`./${service}.constraints.generated.json`, import.meta.url);
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const table = isRecord(doc) ? doc['constraints'] : undefined;
  if (!isRecord(table)) throw new Error(`${file.pathname} has no constraints table`);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const out = new Map<string, Constraint>();
  for (const [key, c] of Object.entries(table)) {
    if (!isRecord(c)) continue;
    const e = c['enum'];
    out.set(key, {
      min: num(c['min']),
      max: num(c['max']),
      pattern: str(c['pattern']),
      re: str(c['re']),
      enum: isArray(e) ? e.filter((x): x is string => typeof x === 'string') : undefined,
      double: c['double'] === true,
    });
  }
  return out;
}

// --- compiled decoders -------------------------------------------------------------------------------------------

interface Ctx {
  readonly path: (string | number)[];
  readonly errors: string[];
}

/** A compiled decoder for one schema position. */
export interface Node {
  /** Type-checks and converts a non-null value; problems inside nested structures are reported at their paths. */
  readonly decode: (value: unknown, ctx: Ctx) => unknown;
  /** `decode` returns its argument. */
  readonly identity: boolean;
  /** Contains structures: elements are decoded at their own paths rather than summarised by the collection. */
  readonly nested: boolean;
  /** Constraint phrases the decoded value fails, in AWS's reporting order; undefined when it passes. */
  readonly violations?: (decoded: unknown) => string[] | undefined;
  /** All constraint phrases, as listed in `Member must satisfy constraint: [...]`. */
  readonly rules: readonly string[];
  readonly sensitive: boolean;
}

function pathOf(ctx: Ctx): string {
  return ctx.path.join('.');
}

function show(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (isRecord(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${show(x)}`)
      .join(', ')}}`;
  return String(v);
}

function violation(ctx: Ctx, raw: unknown, sensitive: boolean, phrase: string): void {
  if (ctx.errors.length >= MAX_ERRORS) return;
  let value = 'null';
  if (raw !== null && raw !== undefined) {
    const s = sensitive ? '' : show(raw);
    value = sensitive || s.length > MAX_ECHO ? '' : `'${s}'`;
  }
  const at = value === '' ? 'Value at' : `Value ${value} at`;
  ctx.errors.push(`${at} '${pathOf(ctx)}' failed to satisfy constraint: ${phrase}`);
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function typeError(ctx: Ctx, expected: string, v: unknown): AwsError {
  const where = ctx.path.length > 0 ? `'${pathOf(ctx)}'` : 'the request body';
  return errors.serialization(`Expected ${expected} at ${where} but found ${jsonType(v)}.`);
}

/** Decodes a value at the current path and reports its own constraint violations there. */
function decodeAt(node: Node, raw: unknown, ctx: Ctx): unknown {
  const v = node.decode(raw, ctx);
  const bad = node.violations?.(v);
  if (bad) for (const phrase of bad) violation(ctx, raw, node.sensitive, phrase);
  return v;
}

function scalar(expected: string, ok: (v: unknown) => boolean, convert?: (v: unknown, ctx: Ctx) => unknown) {
  const decode = (v: unknown, ctx: Ctx) => {
    if (!ok(v)) throw typeError(ctx, expected, v);
    return convert ? convert(v, ctx) : v;
  };
  return { decode, identity: convert === undefined, nested: false };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number';
const epochSeconds = (v: unknown) => new Date(Math.round((v as number) * 1000));
function dateString(v: unknown, ctx: Ctx): Date {
  const d = new Date(v as string);
  if (Number.isNaN(d.getTime())) throw typeError(ctx, 'a timestamp', v);
  return d;
}

const SCALARS = {
  string: scalar('a string', isString),
  number: scalar('a number', isNumber),
  boolean: scalar('a boolean', (v) => typeof v === 'boolean'),
  document: scalar('a document', () => true),
  epoch: scalar('a timestamp (epoch seconds)', isNumber, epochSeconds),
  dateString: scalar('a timestamp string', isString, dateString),
  blob: scalar(
    'a base64-encoded blob',
    (v) => typeof v === 'string' && v.length % 4 === 0 && BASE64.test(v),
    (v) => Buffer.from(v as string, 'base64'),
  ),
};
type ScalarKind = keyof typeof SCALARS;

function scalarKind(code: number): ScalarKind {
  switch (code) {
    case 0:
      return 'string';
    case 1:
    case 17:
    case 19:
      return 'number';
    case 2:
      return 'boolean';
    case 4:
    case 7:
      return 'epoch';
    case 5:
    case 6:
      return 'dateString';
    case 15:
      return 'document';
    case 21:
    case 42:
      return 'blob';
    default:
      throw new Error(`unsupported Smithy schema ${code}`);
  }
}

const regexCache = new Map<string, RegExp>();
function regexOf(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(`^(?:${source})$`, 'u');
    regexCache.set(source, re);
  }
  return re;
}

/** Smithy counts string length in code points. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Length of a string, list, map or blob. A string's UTF-16 length settles most checks without counting code points. */
function sizeOf(v: unknown, min = 0, max = Number.POSITIVE_INFINITY): number {
  if (typeof v === 'string') return v.length > max || v.length < 2 * min ? codePoints(v) : v.length;
  if (v instanceof Uint8Array || isArray(v)) return v.length;
  return isRecord(v) ? Object.keys(v).length : 0;
}

function add(list: string[] | undefined, phrase: string): string[] {
  if (!list) return [phrase];
  list.push(phrase);
  return list;
}

/** Length/pattern/enum/range checks of one value; `size` false means a numeric range. */
function checker(c: Constraint | undefined, size: boolean) {
  if (!c) return { rules: [] as string[], violations: undefined };
  const bound = (n: number) => (c.double && Number.isInteger(n) ? n.toFixed(1) : String(n));
  const what = size ? 'length' : 'value';
  const minRule = c.min === undefined ? undefined : `Member must have ${what} greater than or equal to ${bound(c.min)}`;
  const maxRule = c.max === undefined ? undefined : `Member must have ${what} less than or equal to ${bound(c.max)}`;
  const re = c.pattern === undefined ? undefined : regexOf(c.re ?? c.pattern);
  const patternRule = `Member must satisfy regular expression pattern: ${c.pattern}`;
  const values = c.enum && new Set(c.enum);
  const enumRule = `Member must satisfy enum value set: [${c.enum?.join(', ')}]`;
  const rules = [maxRule, minRule, re && patternRule, values && enumRule].filter((r): r is string => !!r);
  const { min, max } = c;
  const violations = (v: unknown): string[] | undefined => {
    let out: string[] | undefined;
    if (re && typeof v === 'string' && !re.test(v)) out = add(out, patternRule);
    if (min !== undefined || max !== undefined) {
      const n = size ? sizeOf(v, min, max) : Number(v);
      if (minRule && min !== undefined && n < min) out = add(out, minRule);
      if (maxRule && max !== undefined && n > max) out = add(out, maxRule);
    }
    if (values && !values.has(String(v))) out = add(out, enumRule);
    return out;
  };
  return { rules, violations: rules.length > 0 ? violations : undefined };
}

function isSensitive(traits: unknown): boolean {
  return typeof traits === 'number' ? (traits & 8) !== 0 : isRecord(traits) && traits['sensitive'] === 1;
}

/** Compiles the schema `ref` found at constraint key `key` (e.g. `TableInput.Name`, `X.Values[]`). */
function compile(model: ServiceModel, ref: unknown, key: string, sensitive = false): Node {
  let sc = ref;
  for (;;) {
    if (typeof sc === 'function') sc = (sc as () => unknown)();
    else if (isArray(sc) && sc.length === 2) {
      sensitive ||= isSensitive(sc[1]);
      sc = sc[0];
    } else if (isArray(sc) && sc[0] === 0) {
      sensitive ||= isSensitive(sc[3]);
      sc = sc[4];
    } else break;
  }
  const c = model.constraints.get(key);
  if (typeof sc === 'number') {
    if (sc >= 64 && sc < 128) return list(model, sc & 63, key, c, sensitive);
    if (sc >= 128 && sc <= 255) return map(model, 0, sc & 63, key, c, sensitive);
    const kind = scalarKind(sc);
    const { rules, violations } = checker(c, kind !== 'number');
    return { ...SCALARS[kind], rules, violations, sensitive };
  }
  if (isArray(sc)) {
    if (sc[0] === 1) return list(model, sc[4], key, c, sensitive);
    if (sc[0] === 2) return map(model, sc[4], sc[5], key, c, sensitive);
    if (sc[0] === 3 || sc[0] === 4 || sc[0] === -3) return struct(model, sc);
  }
  if (sc === 'unit') return { ...SCALARS.document, decode: () => ({}), identity: false, rules: [], sensitive };
  throw new Error(`unsupported schema at ${key}: ${show(sc)}`);
}

function list(model: ServiceModel, elemRef: unknown, key: string, c: Constraint | undefined, sensitive: boolean): Node {
  const elem = compile(model, elemRef, `${key}[]`, sensitive);
  const own = checker(c, true);
  const elemRule = elem.rules.length > 0 ? `Member must satisfy constraint: [${elem.rules.join(', ')}]` : undefined;
  const elemBad = !elem.nested && elem.violations;
  const decode = (value: unknown, ctx: Ctx): unknown => {
    if (!isArray(value)) throw typeError(ctx, 'a list', value);
    const out = elem.identity ? undefined : new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const raw = value[i];
      ctx.path.push(i + 1, 'member');
      if (raw === null || raw === undefined) violation(ctx, null, false, 'Member must not be null');
      else {
        const v = elem.nested ? decodeAt(elem, raw, ctx) : elem.decode(raw, ctx);
        if (out) out[i] = v;
      }
      ctx.path.length -= 2;
    }
    return out ?? value;
  };
  const violations = (v: unknown): string[] | undefined => {
    let out = own.violations?.(v);
    if (elemBad && elemRule && isArray(v) && v.some((e) => e !== null && e !== undefined && elemBad(e))) {
      out = add(out, elemRule);
    }
    return out;
  };
  const rules = elemRule && !elem.nested ? [...own.rules, elemRule] : own.rules;
  return { decode, identity: elem.identity, nested: elem.nested, violations, rules, sensitive };
}

function map(
  model: ServiceModel,
  keyRef: unknown,
  valueRef: unknown,
  key: string,
  c: Constraint | undefined,
  sensitive: boolean,
): Node {
  const k = compile(model, keyRef, `${key}{k}`, sensitive);
  const val = compile(model, valueRef, `${key}{v}`, sensitive);
  const own = checker(c, true);
  const keyRule = k.rules.length > 0 ? `Map keys must satisfy constraint: [${k.rules.join(', ')}]` : undefined;
  const valueRule = val.rules.length > 0 ? `Map value must satisfy constraint: [${val.rules.join(', ')}]` : undefined;
  const valueBad = !val.nested && val.violations;
  const decode = (value: unknown, ctx: Ctx): unknown => {
    if (!isRecord(value)) throw typeError(ctx, 'a map', value);
    const out: Record<string, unknown> | undefined = val.identity ? undefined : {};
    for (const name of Object.keys(value)) {
      const raw = value[name];
      ctx.path.push(name, 'member');
      if (raw === null || raw === undefined) violation(ctx, null, false, 'Member must not be null');
      else {
        const v = val.nested ? decodeAt(val, raw, ctx) : val.decode(raw, ctx);
        if (out) Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
      }
      ctx.path.length -= 2;
    }
    return out ?? value;
  };
  const violations = (v: unknown): string[] | undefined => {
    let out = own.violations?.(v);
    const entries = v as Record<string, unknown>;
    if (keyRule && k.violations && Object.keys(entries).some((name) => k.violations?.(name))) {
      out = add(out, keyRule);
    }
    if (valueRule && valueBad && Object.values(entries).some((x) => x !== null && x !== undefined && valueBad(x))) {
      out = add(out, valueRule);
    }
    return out;
  };
  const rules = [...own.rules, ...(keyRule ? [keyRule] : []), ...(valueRule && !val.nested ? [valueRule] : [])];
  return { decode, identity: val.identity, nested: val.nested, violations, rules, sensitive };
}

interface Member {
  readonly name: string;
  readonly segment: string;
  readonly node: Node;
  /** The name is also an Object.prototype property: read own properties only. */
  readonly guard: boolean;
}

function struct(model: ServiceModel, sc: readonly unknown[], segments?: Readonly<Record<string, string>>): Node {
  const cached = segments ? undefined : model.structs.get(sc);
  if (cached) return cached;
  const shape = String(sc[2]);
  const names = isArray(sc[4]) ? sc[4].map(String) : [];
  const refs = isArray(sc[5]) ? sc[5] : [];
  const required = typeof sc[6] === 'number' ? sc[6] : 0;
  let members: Member[] | undefined;
  const compileMembers = (): Member[] =>
    names.map((name, i) => ({
      name,
      segment: segments?.[name] ?? name.charAt(0).toLowerCase() + name.slice(1),
      node: compile(model, refs[i], `${shape}.${name}`),
      guard: name in Object.prototype,
    }));
  const decode = (value: unknown, ctx: Ctx): unknown => {
    if (!isRecord(value)) throw typeError(ctx, 'a structure', value);
    members ??= compileMembers();
    const out: Record<string, unknown> = {};
    for (let i = 0; i < members.length; i++) {
      const m = members[i] as Member;
      const raw = m.guard && !Object.hasOwn(value, m.name) ? undefined : value[m.name];
      ctx.path.push(m.segment);
      if (raw !== null && raw !== undefined) out[m.name] = decodeAt(m.node, raw, ctx);
      else if (i < required) violation(ctx, null, false, 'Member must not be null');
      ctx.path.pop();
    }
    return out;
  };
  const node: Node = { decode, identity: false, nested: true, rules: [], sensitive: false };
  if (!segments) model.structs.set(sc, node);
  return node;
}

function compileRoot(model: ServiceModel, op: OperationEntry): Node {
  let sc = op.input;
  while (typeof sc === 'function') sc = (sc as () => unknown)();
  const aliases = ROOT_ALIASES[`${model.service}.${op.name}`];
  if (isArray(sc) && (sc[0] === 3 || sc[0] === 4)) return struct(model, sc, aliases);
  return compile(model, sc, op.name);
}
