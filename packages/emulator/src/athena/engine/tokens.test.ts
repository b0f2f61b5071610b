import { describe, expect, it } from 'vitest';
import { jodaFormat, mysqlFormat } from './functions.js';
import { duckType } from './hive-types.js';
import { bindParameters, findIdentifier, leadingKeyword, tokenize } from './tokens.js';

describe('tokenizer', () => {
  it('keeps literals, quoted identifiers and comments whole', () => {
    const sql = `-- c ?\n/* ? */ SELECT 'it''s ?', "a""b?", x FROM t WHERE y = ?`;
    const tokens = tokenize(sql);
    expect(tokens.filter((t) => t.kind === 'param')).toHaveLength(1);
    expect(tokens.find((t) => t.kind === 'string')?.text).toBe("'it''s ?'");
    expect(tokens.find((t) => t.kind === 'quoted')?.text).toBe('"a""b?"');
    expect(leadingKeyword(tokens)).toBe('SELECT');
    expect(bindParameters(sql, tokens, ["'v'"])).toBe(sql.replace(/\?$/, "'v'"));
    expect(findIdentifier(tokens, 'A"B?')).toBe(sql.indexOf('"a""b?"'));
    expect(leadingKeyword(tokenize('(( VALUES (1)))'))).toBe('VALUES');
  });
});

describe('Hive types', () => {
  it.each([
    ['string', 'VARCHAR'],
    ['varchar(10)', 'VARCHAR'],
    ['decimal(10,2)', 'DECIMAL(10,2)'],
    ['array<struct<a:int,B:map<string,bigint>>>', 'STRUCT("a" INTEGER, "b" MAP(VARCHAR, BIGINT))[]'],
    ['timestamp', 'TIMESTAMP'],
  ])('%s', (hive, duck) => {
    expect(duckType(hive)).toBe(duck);
  });

  it('refuses unknown types', () => {
    expect(() => duckType('uniontype<int,string>')).toThrow(/NOT_SUPPORTED/);
  });
});

describe('date format translation', () => {
  it('translates MySQL specifiers (date_format/date_parse)', () => {
    expect(mysqlFormat('%Y-%m-%d %H:%i:%s.%f %%')).toBe('%Y-%m-%d %H:%M:%S.%f %%');
  });
  it('translates Joda patterns (format_datetime/parse_datetime)', () => {
    expect(jodaFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")).toBe('%Y-%m-%dT%H:%M:%S.%g');
  });
});
