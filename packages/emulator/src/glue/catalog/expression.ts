/**
 * Glue `GetPartitions` `Expression`: a small SQL `WHERE` dialect over a table's partition keys.
 *
 * The expression is parsed once into closures over a partition's `Values`; literals are converted to
 * the key's type while parsing, so every mistake in the expression is reported before any partition
 * is read, and evaluating a partition only parses its own values.
 *
 *   expr      := or EOF
 *   or        := and (OR and)*
 *   and       := not (AND not)*
 *   not       := NOT not | '(' or ')' | predicate
 *   predicate := key ( ('=' | '<>' | '!=' | '<' | '<=' | '>' | '>=') literal
 *                    | [NOT] BETWEEN literal AND literal
 *                    | [NOT] IN '(' literal (',' literal)* ')'
 *                    | [NOT] LIKE string [ESCAPE string]
 *                    | IS [NOT] NULL )
 *   key       := name | `quoted` | "quoted" | '(' key ')'
 *   literal   := 'string' | number | '(' literal ')'
 *
 * Keywords are case-insensitive and so are key names. Comparison follows the key's declared type.
 * Logic is SQL's three-valued logic: a comparison against a value that does not parse as the key's
 * type (or a missing value) is unknown, so neither it nor its negation matches.
 */
import { errors } from '../../protocol/errors.js';
import {
  compareDecimal,
  type Decimal,
  describe,
  likePattern,
  order,
  parseDate,
  parseDecimal,
  parseInteger,
  parseTimestamp,
  syntaxError,
  type Token,
  tokenize,
} from './expression-lexer.js';

/** A Glue `Column` used as a partition key. */
export interface PartitionKeyType {
  Name: string;
  Type?: string;
}

/** `values[i]` is the partition's value for `keys[i]`. */
export type PartitionPredicate = (values: readonly string[]) => boolean;

/** Whether a predicate is TRUE (`t`) and whether it is FALSE (`f`); neither means unknown. */
interface Pred {
  t: PartitionPredicate;
  f: PartitionPredicate;
}

interface Literal {
  text: string;
  pos: number;
}

interface Key {
  name: string;
  index: number;
  typeName: string;
  type: KeyType;
}

type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** What a type family can build; generic over its parsed value inside, plain outside. */
interface KeyType {
  label: string;
  supportsLike: boolean;
  compare(key: Key, op: CompareOp, literal: Literal): Pred;
  between(key: Key, low: Literal, high: Literal): Pred;
  in(key: Key, literals: readonly Literal[]): Pred;
}

interface Codec<T> {
  label: string;
  /** Completes "... is not <noun>" in messages. */
  noun: string;
  parse(text: string): T | undefined;
  compare(a: T, b: T): number;
  /** A primitive equal for equal values, for IN lists. */
  key(value: T): string | number | bigint;
}

/** A predicate that parses the key's value and tests it, unknown when the value does not parse. */
function leaf<T>(index: number, parse: (text: string) => T | undefined, test: (value: T) => boolean): Pred {
  return {
    t: (values) => {
      const raw = values[index];
      if (raw === undefined) return false;
      const value = parse(raw);
      return value !== undefined && test(value);
    },
    f: (values) => {
      const raw = values[index];
      if (raw === undefined) return false;
      const value = parse(raw);
      return value !== undefined && !test(value);
    },
  };
}

function keyType<T>(codec: Codec<T>, supportsLike = false): KeyType {
  const convert = (key: Key, literal: Literal): T => {
    const value = codec.parse(literal.text);
    if (value !== undefined) return value;
    throw errors.invalidInput(
      `Invalid partition expression: cannot compare partition key '${key.name}' (${key.typeName}) with ` +
        `'${literal.text}' at position ${literal.pos + 1}: '${literal.text}' is not ${codec.noun}.`,
    );
  };
  const { parse, compare } = codec;
  return {
    label: codec.label,
    supportsLike,
    compare(key, op, literal) {
      const l = convert(key, literal);
      const tests: Record<CompareOp, (v: T) => boolean> = {
        '=': (v) => compare(v, l) === 0,
        '<>': (v) => compare(v, l) !== 0,
        '<': (v) => compare(v, l) < 0,
        '<=': (v) => compare(v, l) <= 0,
        '>': (v) => compare(v, l) > 0,
        '>=': (v) => compare(v, l) >= 0,
      };
      return leaf(key.index, parse, tests[op]);
    },
    between(key, low, high) {
      const lo = convert(key, low);
      const hi = convert(key, high);
      return leaf(key.index, parse, (v) => compare(v, lo) >= 0 && compare(v, hi) <= 0);
    },
    in(key, literals) {
      const set = new Set(literals.map((l) => codec.key(convert(key, l))));
      return leaf(key.index, parse, (v) => set.has(codec.key(v)));
    },
  };
}

const STRING = keyType<string>(
  { label: 'String', noun: 'a string', parse: (t) => t, compare: order, key: (v) => v },
  true,
);
const INTEGRAL = keyType<bigint>({
  label: 'Integral',
  noun: 'an integer',
  parse: parseInteger,
  compare: order,
  key: (v) => v,
});
const DECIMAL_TYPE = keyType<Decimal>({
  label: 'Decimal',
  noun: 'a decimal',
  parse: parseDecimal,
  compare: compareDecimal,
  key: (v) => `${v.sign}:${v.exp}:${v.digits}`,
});
const DATE_TYPE = keyType<number>({
  label: 'Date',
  noun: 'a date (yyyy-MM-dd)',
  parse: parseDate,
  compare: order,
  key: (v) => v,
});
const TIMESTAMP_TYPE = keyType<string>({
  label: 'Timestamp',
  noun: 'a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])',
  parse: parseTimestamp,
  compare: order,
  key: (v) => v,
});

const KEY_TYPES = new Map<string, KeyType>([
  ['string', STRING],
  ['char', STRING],
  ['varchar', STRING],
  ['tinyint', INTEGRAL],
  ['smallint', INTEGRAL],
  ['int', INTEGRAL],
  ['bigint', INTEGRAL],
  ['long', INTEGRAL],
  ['decimal', DECIMAL_TYPE],
  ['date', DATE_TYPE],
  ['timestamp', TIMESTAMP_TYPE],
]);

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'like', 'is', 'null']);
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const MAX_DEPTH = 200;

const and = (a: Pred, b: Pred): Pred => ({ t: (v) => a.t(v) && b.t(v), f: (v) => a.f(v) || b.f(v) });
const or = (a: Pred, b: Pred): Pred => ({ t: (v) => a.t(v) || b.t(v), f: (v) => a.f(v) && b.f(v) });
const negate = (p: Pred): Pred => ({ t: p.f, f: p.t });

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly keys: ReadonlyMap<string, { name: string; index: number; type?: string }>,
  ) {}

  parse(): Pred {
    const pred = this.or();
    if (this.peek().kind !== 'eof') this.fail('AND, OR or the end of the expression');
    return pred;
  }

  private or(): Pred {
    let pred = this.and();
    while (this.acceptKeyword('or')) pred = or(pred, this.and());
    return pred;
  }

  private and(): Pred {
    let pred = this.not();
    while (this.acceptKeyword('and')) pred = and(pred, this.not());
    return pred;
  }

  private not(): Pred {
    this.enter();
    let pred: Pred;
    if (this.acceptKeyword('not')) pred = negate(this.not());
    else if (this.isOp(this.peek(), '(') && this.opensGroup()) {
      this.next();
      pred = this.or();
      this.expectOp(')', "')'");
    } else pred = this.predicate();
    this.depth--;
    return pred;
  }

  /** At '(': `((k)) = 1` wraps a key in parentheses, `((k) = 1)` groups a condition. */
  private opensGroup(): boolean {
    let open = 0;
    while (this.isOp(this.peek(open), '(')) open++;
    const atom = this.peek(open);
    if (atom.kind === 'op' || atom.kind === 'eof' || this.isKeywordToken(atom)) return true;
    let close = 0;
    while (this.isOp(this.peek(open + 1 + close), ')')) close++;
    return close < open;
  }

  private predicate(): Pred {
    const key = this.key();
    const token = this.peek();
    if (token.kind === 'op' && COMPARISONS.has(token.text)) {
      this.next();
      const op = (token.text === '!=' ? '<>' : token.text) as CompareOp;
      return key.type.compare(key, op, this.literal());
    }
    if (this.acceptKeyword('is')) {
      const negated = this.acceptKeyword('not');
      this.expectKeyword('null', negated ? 'NULL' : 'NULL or NOT NULL');
      const isNull: Pred = { t: (v) => v[key.index] === undefined, f: (v) => v[key.index] !== undefined };
      return negated ? negate(isNull) : isNull;
    }
    const negated = this.acceptKeyword('not');
    let pred: Pred;
    if (this.acceptKeyword('between')) {
      const low = this.literal();
      this.expectKeyword('and', 'AND of BETWEEN ... AND ...');
      pred = key.type.between(key, low, this.literal());
    } else if (this.acceptKeyword('in')) {
      this.expectOp('(', "'(' after IN");
      const literals = [this.literal()];
      while (this.acceptOp(',')) literals.push(this.literal());
      this.expectOp(')', "',' or ')' in the IN list");
      pred = key.type.in(key, literals);
    } else if (this.acceptKeyword('like')) {
      pred = this.like(key);
    } else {
      return this.fail(negated ? 'BETWEEN, IN or LIKE after NOT' : 'a comparison operator, BETWEEN, IN, LIKE or IS');
    }
    return negated ? negate(pred) : pred;
  }

  private like(key: Key): Pred {
    if (!key.type.supportsLike) {
      throw errors.invalidInput(
        `${key.type.label} data type doesn't support operation 'LIKE' (partition key '${key.name}' is ${key.typeName}).`,
      );
    }
    const pattern = this.literal('string');
    let escapeChar: string | undefined;
    const token = this.peek();
    if (token.kind === 'word' && token.text.toLowerCase() === 'escape') {
      this.next();
      const literal = this.literal('string');
      if ([...literal.text].length !== 1) throw syntaxError('ESCAPE must be a single character', literal.pos);
      escapeChar = literal.text;
    }
    const regex = likePattern(pattern.text, pattern.pos, escapeChar);
    return leaf(
      key.index,
      (t) => t,
      (v) => regex.test(v),
    );
  }

  private key(): Key {
    let open = 0;
    while (this.acceptOp('(')) open++;
    const token = this.next();
    if (token.kind !== 'quoted' && (token.kind !== 'word' || this.isKeywordToken(token))) {
      return this.fail('a partition key name', token);
    }
    for (; open > 0; open--) this.expectOp(')', "')'");
    const found = this.keys.get(token.text.toLowerCase());
    if (!found) {
      const known = [...this.keys.values()].map((k) => k.name);
      throw errors.invalidInput(
        `Invalid partition expression! Unknown column '${token.text}' at position ${token.pos + 1}; ` +
          (known.length ? `the partition keys are ${known.join(', ')}.` : 'the table has no partition keys.'),
      );
    }
    const typeName = found.type?.trim() || 'string';
    const type = KEY_TYPES.get(typeName.toLowerCase().replace(/\s*\(.*\)$/s, ''));
    if (!type) {
      throw errors.invalidInput(
        `Unknown type : '${typeName}' of partition key '${found.name}'; partition expressions support ` +
          `${[...KEY_TYPES.keys()].join(', ')}.`,
      );
    }
    return { name: found.name, index: found.index, typeName, type };
  }

  private literal(only?: 'string'): Literal {
    let open = 0;
    while (this.acceptOp('(')) open++;
    const token = this.next();
    if (token.kind !== 'string' && (only === 'string' || token.kind !== 'number')) {
      if (this.isKeywordToken(token) && token.text.toLowerCase() === 'null') {
        return this.fail('a literal (use IS NULL to test for null)', token);
      }
      return this.fail(only === 'string' ? 'a string literal' : 'a string or number literal', token);
    }
    for (; open > 0; open--) this.expectOp(')', "')'");
    return { text: token.text, pos: token.pos };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH)
      throw syntaxError(`expression nests deeper than ${MAX_DEPTH} levels`, this.peek().pos);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.i++;
    return token;
  }

  private isKeywordToken(token: Token): boolean {
    return token.kind === 'word' && KEYWORDS.has(token.text.toLowerCase());
  }

  private isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.text === op;
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(this.peek(), op)) return false;
    this.next();
    return true;
  }

  private expectOp(op: string, expected: string): void {
    if (!this.acceptOp(op)) this.fail(expected);
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.toLowerCase() !== keyword) return false;
    this.next();
    return true;
  }

  private expectKeyword(keyword: string, expected: string): void {
    if (!this.acceptKeyword(keyword)) this.fail(expected);
  }

  private fail(expected: string, token: Token = this.peek()): never {
    throw syntaxError(`expected ${expected} but found ${describe(token)}`, token.pos);
  }
}

/** Compile once, evaluate per partition. Blank/whitespace/undefined expression => always true. */
export function compilePartitionExpression(
  expression: string | undefined,
  keys: readonly PartitionKeyType[],
): PartitionPredicate {
  if (expression === undefined || expression.trim() === '') return () => true;
  const byName = new Map<string, { name: string; index: number; type?: string }>();
  keys.forEach((key, index) => {
    const folded = key.Name.toLowerCase();
    if (!byName.has(folded)) byName.set(folded, { name: key.Name, index, type: key.Type });
  });
  return new Parser(tokenize(expression), byName).parse().t;
}
