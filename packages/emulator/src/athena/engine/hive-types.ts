/**
 * Glue/Hive column types (`string`, `decimal(10,2)`, `array<struct<a:int>>` ...) as DuckDB types.
 * Names are case-insensitive; an unknown type name fails the query (NOT_SUPPORTED), never a guess.
 */
import { userError } from './errors.js';

const SCALARS: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'FLOAT',
  real: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
  varbinary: 'BLOB',
  decimal: 'DECIMAL(10,0)',
};

/** DuckDB type text for a Hive type string; throws NOT_SUPPORTED for what we cannot map. */
export function duckType(hiveType: string): string {
  const p = new TypeParser(hiveType);
  const t = p.type();
  p.end();
  return t;
}

/** A double-quoted DuckDB identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted DuckDB string literal. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

class TypeParser {
  private i = 0;
  constructor(private readonly text: string) {}

  type(): string {
    const name = this.word().toLowerCase();
    if (name === 'array') {
      this.expect('<');
      const inner = this.type();
      this.expect('>');
      return `${inner}[]`;
    }
    if (name === 'map') {
      this.expect('<');
      const k = this.type();
      this.expect(',');
      const v = this.type();
      this.expect('>');
      return `MAP(${k}, ${v})`;
    }
    if (name === 'struct') {
      this.expect('<');
      const fields: string[] = [];
      if (!this.peek('>')) {
        do {
          const field = this.word();
          this.expect(':');
          fields.push(`${quoteIdent(field.toLowerCase())} ${this.type()}`);
        } while (this.accept(','));
      }
      this.expect('>');
      return `STRUCT(${fields.join(', ')})`;
    }
    if (name === 'decimal' && this.accept('(')) {
      const precision = this.word();
      const scale = this.accept(',') ? this.word() : '0';
      this.expect(')');
      return `DECIMAL(${Number(precision)},${Number(scale)})`;
    }
    if ((name === 'varchar' || name === 'char') && this.accept('(')) {
      this.word();
      this.expect(')');
    }
    const scalar = SCALARS[name];
    if (!scalar) throw userError('NOT_SUPPORTED', `Unsupported Hive type: ${this.text}`);
    return scalar;
  }

  end(): void {
    this.skipSpace();
    if (this.i < this.text.length) throw userError('NOT_SUPPORTED', `Unsupported Hive type: ${this.text}`);
  }

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private word(): string {
    this.skipSpace();
    const m = /^[A-Za-z0-9_$]+|^`[^`]*`/.exec(this.text.slice(this.i));
    if (!m) throw userError('NOT_SUPPORTED', `Unsupported Hive type: ${this.text}`);
    this.i += m[0].length;
    return m[0].startsWith('`') ? m[0].slice(1, -1) : m[0];
  }

  private peek(ch: string): boolean {
    this.skipSpace();
    return this.text[this.i] === ch;
  }

  private accept(ch: string): boolean {
    if (!this.peek(ch)) return false;
    this.i++;
    return true;
  }

  private expect(ch: string): void {
    if (!this.accept(ch)) throw userError('NOT_SUPPORTED', `Unsupported Hive type: ${this.text}`);
  }
}
