/**
 * A cursor over a statement's tokens (`tokens.ts`) for the hand-written DDL grammar: Athena's DDL is Hive's
 * (backtick identifiers, `TBLPROPERTIES`, `ROW FORMAT`), which DuckDB's parser does not read.
 */
import { type EngineError, lineColumn, userError } from '../errors.js';
import { identifierName, type Token } from '../tokens.js';

export class Cursor {
  i = 0;

  constructor(
    readonly sql: string,
    readonly tokens: readonly Token[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  /** Whether the next tokens are these words (case-insensitive), without consuming them. */
  isWord(...words: string[]): boolean {
    return words.every((w, k) => {
      const t = this.peek(k);
      return t?.kind === 'word' && t.text.toUpperCase() === w;
    });
  }

  /** Consume the words when they come next. */
  acceptWords(...words: string[]): boolean {
    if (!this.isWord(...words)) return false;
    this.i += words.length;
    return true;
  }

  expectWords(...words: string[]): void {
    for (const w of words) {
      if (!this.acceptWords(w)) throw this.error(`'${w}'`);
    }
  }

  isSymbol(symbol: string): boolean {
    const t = this.peek();
    return t?.kind === 'symbol' && t.text === symbol;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.i++;
    return true;
  }

  expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.error(`'${symbol}'`);
  }

  /** An identifier (word, "quoted" or `backticked`), lower case as the catalog keeps names. */
  identifier(): string {
    const t = this.peek();
    const name = t && (t.kind === 'word' || t.kind === 'quoted') ? identifierName(t) : undefined;
    if (name === undefined || name === '') throw this.error('<identifier>');
    this.i++;
    return name;
  }

  /** `[catalog.][schema.]name`, as written (lower case); missing parts are ''. */
  qualifiedName(): { catalog: string; schema: string; name: string; at: number } {
    const at = this.peek()?.start ?? this.sql.length;
    const parts = [this.identifier()];
    while (this.acceptSymbol('.')) parts.push(this.identifier());
    if (parts.length > 3) throw this.error('<end of name>');
    const [a = '', b = '', c = ''] = parts;
    if (parts.length === 3) return { catalog: a, schema: b, name: c, at };
    if (parts.length === 2) return { catalog: '', schema: a, name: b, at };
    return { catalog: '', schema: '', name: a, at };
  }

  /** A string literal's value. */
  string(): string {
    const t = this.peek();
    if (t?.kind !== 'string') throw this.error('<string>');
    this.i++;
    return t.text.slice(1, -1).replaceAll("''", "'");
  }

  isString(): boolean {
    return this.peek()?.kind === 'string';
  }

  /** A literal as text: a string's value, a number, a word (`true`), or a signed number. */
  literal(): string {
    const t = this.peek();
    if (t?.kind === 'string') return this.string();
    if (t?.kind === 'symbol' && t.text === '-' && this.peek(1)?.kind === 'number') {
      this.i += 2;
      return `-${this.tokens[this.i - 1]?.text ?? ''}`;
    }
    if (t?.kind === 'number' || t?.kind === 'word') {
      this.i++;
      return t.text;
    }
    throw this.error('<literal>');
  }

  /** `('k' = 'v', ...)` as a record (keys and values as written). */
  properties(): Record<string, string> {
    const out: Record<string, string> = {};
    this.expectSymbol('(');
    if (this.acceptSymbol(')')) return out;
    do {
      const key = this.isString() ? this.string() : this.identifier();
      this.expectSymbol('=');
      out[key] = this.literal();
    } while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return out;
  }

  atEnd(): boolean {
    if (this.isSymbol(';') && this.i === this.tokens.length - 1) return true;
    return this.i >= this.tokens.length;
  }

  expectEnd(): void {
    if (!this.atEnd()) throw this.error('<EOF>');
  }

  /** Offset of the next token (the end of the text when there is none). */
  offset(): number {
    return this.peek()?.start ?? this.sql.length;
  }

  /** Trino's parser message at the next token: `mismatched input 'x'. Expecting: ...`. */
  error(expecting: string): EngineError {
    const t = this.peek();
    const text = t ? t.text : '<EOF>';
    return userError(
      'SYNTAX_ERROR',
      `mismatched input '${text}'. Expecting: ${expecting}`,
      lineColumn(this.sql, t ? t.start : this.sql.length),
    );
  }
}
