/**
 * Generates `src/protocol/validate/<service>.constraints.generated.json` from botocore's copy of the AWS
 * service model: the constraints (length, pattern, enum, range, list/map size) that the Smithy schemas
 * embedded in `@aws-sdk/client-*` leave out. Run at development time; botocore is not needed at run time.
 *
 *   pnpm exec tsx packages/emulator/scripts/gen-constraints.ts glue athena
 *
 * Keys are member paths of the input shapes: `TableInput.Name`; list members `X.Member[]`; map keys and
 * values `X.Member{k}` / `X.Member{v}` (nested collections append: `X.Member{v}[]`). Only members with
 * constraints are written. Java patterns are kept verbatim in `pattern` (AWS quotes them in its messages);
 * when Java and JavaScript read a pattern differently, `re` holds the JavaScript translation, which the
 * validator compiles anchored (`^(?:re)$`, AWS matches the whole value) with the `u` flag.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The services lakebox emulates and the model version each speaks. */
const SERVICES = { glue: '2017-03-31', athena: '2017-05-18', logs: '2014-03-28' } as const;
type ServiceName = keyof typeof SERVICES;

export interface Constraint {
  min?: number;
  max?: number;
  /** The Java pattern as the model (and AWS's error messages) spell it. */
  pattern?: string;
  /** JavaScript source equivalent to `pattern`, only when it differs from it. */
  re?: string;
  enum?: string[];
  /** Range bounds of a float/double member: AWS prints them as `1.0`. */
  double?: true;
}

interface BotoShape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

interface BotoModel {
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, BotoShape>;
}

// ---------------------------------------------------------------------------------------------------------------
// Java regex -> JavaScript (`u` flag) translation.
//
// With the `u` flag JavaScript reads `\uD800\uDC00` as one code point, as Java does, so the common AWS
// "XML character" classes (`[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]`) carry over verbatim.
// What differs is rewritten: `\s`/`\S` (Java: ASCII whitespace only), `.` (Java also stops at U+0085),
// identity escapes of non-syntax characters (`\_`: legal in Java, a SyntaxError under `u`). Constructs
// with no faithful translation throw, so a new model pattern fails generation instead of validating wrongly.

const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';
const JAVA_NON_SPACE_RANGES = '\\0-\\x08\\x0E-\\x1F\\x21-\\u{10FFFF}';
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const HEX = /^[0-9a-fA-F]+$/;

export function javaToJsRegex(java: string): string {
  let out = '';
  let i = 0;
  let inClass = false;
  let classStart = false;
  const fail = (why: string): never => {
    throw new Error(`Unsupported Java regex construct (${why}) at ${i} in ${JSON.stringify(java)}`);
  };

  const readEscape = (): string => {
    const c = java[i + 1];
    if (c === undefined) return fail('trailing backslash');
    i += 2;
    switch (c) {
      case 'u': {
        const hex = java.slice(i, i + 4);
        if (!HEX.test(hex) || hex.length !== 4) fail('\\u escape');
        i += 4;
        return `\\u${hex}`;
      }
      case 'x': {
        if (java[i] === '{') {
          const end = java.indexOf('}', i);
          const hex = java.slice(i + 1, end);
          if (end < 0 || !HEX.test(hex)) fail('\\x{} escape');
          i = end + 1;
          return `\\u{${hex}}`;
        }
        const hex = java.slice(i, i + 2);
        if (!HEX.test(hex) || hex.length !== 2) fail('\\x escape');
        i += 2;
        return `\\x${hex}`;
      }
      case 't':
      case 'n':
      case 'r':
      case 'f':
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return `\\${c}`;
      case 'a':
        return '\\x07';
      case 'e':
        return '\\x1B';
      case 's':
        return inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
      case 'S':
        return inClass ? JAVA_NON_SPACE_RANGES : `[^${JAVA_SPACE}]`;
      case 'p':
      case 'P': {
        let name: string;
        if (java[i] === '{') {
          const end = java.indexOf('}', i);
          if (end < 0) fail('\\p{');
          name = java.slice(i + 1, end);
          i = end + 1;
        } else {
          name = java[i] ?? '';
          i += 1;
        }
        // General categories mean the same in both engines; Java's POSIX/java*/In*/Is* classes do not.
        if (!/^[A-Z][a-z]?$/.test(name)) fail(`\\p{${name}}`);
        return `\\${c}{${name}}`;
      }
      case 'Q': {
        const end = java.indexOf('\\E', i);
        const literal = end < 0 ? java.slice(i) : java.slice(i, end);
        i = end < 0 ? java.length : end + 2;
        return [...literal].map((ch) => (SYNTAX.has(ch) || (inClass && ch === '-') ? `\\${ch}` : ch)).join('');
      }
      default:
        if (!inClass && /[1-9]/.test(c)) return `\\${c}`;
        if (/[0-9A-Za-z]/.test(c)) return fail(`\\${c}`);
        // Java lets any non-alphanumeric be escaped; under `u` only syntax characters (and `-` in a class) may be.
        return SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : c;
    }
  };

  while (i < java.length) {
    const c = java[i] as string;
    if (inClass) {
      if (c === '\\') {
        out += readEscape();
      } else if (c === ']' && !classStart) {
        out += ']';
        inClass = false;
        i++;
      } else if (c === ']') {
        out += '\\]';
        i++;
      } else if (c === '[') {
        fail('nested character class');
      } else if (c === '&' && java[i + 1] === '&') {
        fail('class intersection');
      } else if (c === '-' && /\\[dDwW]$/.test(out)) {
        // Java reads `-` after a class escape (`[\w-_]`, a CloudWatch Logs pattern) as a literal; `u` rejects it.
        out += '\\-';
        i++;
      } else {
        out += c;
        i++;
      }
      classStart = false;
      continue;
    }
    switch (c) {
      case '\\':
        out += readEscape();
        break;
      case '[':
        inClass = true;
        classStart = true;
        i++;
        out += '[';
        if (java[i] === '^') {
          out += '^';
          i++;
        }
        break;
      case '.':
        out += JAVA_DOT;
        i++;
        break;
      case '(':
        if (java[i + 1] === '?') {
          const rest = java.slice(i + 2);
          const group = /^(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>)/.exec(rest);
          if (!group) fail('group flags or atomic group');
          out += `(?${group?.[0]}`;
          i += 2 + (group?.[0].length ?? 0);
        } else {
          out += '(';
          i++;
        }
        break;
      case '*':
      case '+':
      case '?':
      case '}':
        out += c === '}' && !/\{\d+(,\d*)?$/.test(out) ? '\\}' : c;
        i++;
        if (java[i] === '+') fail('possessive quantifier');
        if (java[i] === '?') {
          out += '?';
          i++;
        }
        break;
      case ']':
        out += '\\]';
        i++;
        break;
      default:
        out += c;
        i++;
    }
  }
  if (inClass) fail('unclosed character class');
  // Must compile, anchored the way the validator uses it.
  new RegExp(`^(?:${out})$`, 'u');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

function locateBotocore(): { dir: string; version: string } {
  // A fixed program: nothing from the command line reaches the shell or the interpreter.
  const outText = execFileSync(
    'python3',
    ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'],
    {
      encoding: 'utf8',
    },
  );
  const [dir, version] = outText.trim().split('\n');
  if (!dir || !version) throw new Error('could not locate botocore (python3 -c "import botocore")');
  return { dir, version };
}

function readModel(botocoreDir: string, service: ServiceName): BotoModel {
  const base = path.join(botocoreDir, 'data', service, SERVICES[service], 'service-2.json');
  const text = existsSync(base) ? readFileSync(base, 'utf8') : gunzipSync(readFileSync(`${base}.gz`)).toString('utf8');
  return JSON.parse(text) as BotoModel;
}

function constraintOf(shape: BotoShape): Constraint | undefined {
  const c: Constraint = {};
  if (shape.min !== undefined) c.min = shape.min;
  if (shape.max !== undefined) c.max = shape.max;
  if (shape.pattern !== undefined) {
    c.pattern = shape.pattern;
    const js = javaToJsRegex(shape.pattern);
    if (js !== shape.pattern) c.re = js;
  }
  if (shape.enum !== undefined) c.enum = shape.enum;
  if ((shape.type === 'double' || shape.type === 'float') && (c.min !== undefined || c.max !== undefined)) {
    c.double = true;
  }
  return Object.keys(c).length > 0 ? c : undefined;
}

/** Constraints of every member of the structures reachable from the operations' inputs. */
export function collectConstraints(model: BotoModel): Map<string, Constraint> {
  const out = new Map<string, Constraint>();
  const seen = new Set<string>();
  const shapeOf = (name: string): BotoShape => {
    const s = model.shapes[name];
    if (!s) throw new Error(`model references missing shape ${name}`);
    return s;
  };
  const visitStructure = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const [member, ref] of Object.entries(shapeOf(name).members ?? {}))
      visitTarget(`${name}.${member}`, ref.shape);
  };
  const visitTarget = (key: string, shapeName: string) => {
    const shape = shapeOf(shapeName);
    if (shape.type === 'structure') return visitStructure(shapeName);
    const c = constraintOf(shape);
    if (c) out.set(key, c);
    if (shape.type === 'list' && shape.member) visitTarget(`${key}[]`, shape.member.shape);
    if (shape.type === 'map' && shape.key && shape.value) {
      visitTarget(`${key}{k}`, shape.key.shape);
      visitTarget(`${key}{v}`, shape.value.shape);
    }
  };
  for (const op of Object.values(model.operations)) if (op.input) visitStructure(op.input.shape);
  return out;
}

function render(service: ServiceName, botocoreVersion: string, constraints: Map<string, Constraint>): string {
  const header = {
    $generated: `GENERATED FILE, do not edit. Regenerate with: pnpm exec tsx packages/emulator/scripts/gen-constraints.ts ${service}`,
    source: `botocore ${botocoreVersion} data/${service}/${SERVICES[service]}/service-2.json`,
  };
  const keys = [...constraints.keys()].sort();
  const lines = keys.map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(constraints.get(k))}`);
  return `{\n  "$generated": ${JSON.stringify(header.$generated)},\n  "source": ${JSON.stringify(header.source)},\n  "constraints": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function main(argv: readonly string[]): void {
  const requested = argv.length > 0 ? argv : Object.keys(SERVICES);
  const services = requested.map((s) => {
    if (!Object.hasOwn(SERVICES, s))
      throw new Error(`unknown service ${s}; expected one of ${Object.keys(SERVICES).join(', ')}`);
    return s as ServiceName;
  });
  const botocore = locateBotocore();
  const outDir = fileURLToPath(new URL('../src/protocol/validate/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  for (const service of services) {
    const constraints = collectConstraints(readModel(botocore.dir, service));
    const file = path.join(outDir, `${service}.constraints.generated.json`);
    writeFileSync(file, render(service, botocore.version, constraints));
    console.log(`${service}: ${constraints.size} constrained members -> ${path.relative(process.cwd(), file)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
