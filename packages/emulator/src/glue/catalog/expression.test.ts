import { describe, expect, it } from 'vitest';
import { AwsError } from '../../protocol/errors.js';
import { compilePartitionExpression, type PartitionKeyType } from './expression.js';

const STRING_KEY: PartitionKeyType[] = [{ Name: 'k', Type: 'string' }];
const INT_KEY: PartitionKeyType[] = [{ Name: 'k', Type: 'int' }];

/** The values (of the single key `k`, or whole rows) that an expression keeps. */
function keep(expression: string | undefined, keys: readonly PartitionKeyType[], values: readonly string[]): string[] {
  const predicate = compilePartitionExpression(expression, keys);
  return values.filter((v) => predicate([v]));
}

function keepRows(expression: string, keys: readonly PartitionKeyType[], rows: readonly string[][]): string[][] {
  const predicate = compilePartitionExpression(expression, keys);
  return rows.filter((row) => predicate(row));
}

/** Compiling throws an InvalidInputException whose message matches every pattern. */
function invalid(expression: string, keys: readonly PartitionKeyType[], ...patterns: RegExp[]): AwsError {
  let caught: unknown;
  try {
    compilePartitionExpression(expression, keys);
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${JSON.stringify(expression)} to be refused`).toBeInstanceOf(AwsError);
  const error = caught as AwsError;
  expect(error.name).toBe('InvalidInputException');
  expect(error.code).toBe('InvalidInputException');
  expect(error.status).toBe(400);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
  return error;
}

describe('blank expressions', () => {
  it.each([undefined, '', '   ', '\n\t '])('%j matches every partition', (expression) => {
    const predicate = compilePartitionExpression(expression, []);
    expect(predicate([])).toBe(true);
    expect(predicate(['anything'])).toBe(true);
  });
});

describe('comparison operators on a string key', () => {
  const values = ['a', 'b', 'c'];
  it.each([
    ["k = 'b'", ['b']],
    ["k <> 'b'", ['a', 'c']],
    ["k != 'b'", ['a', 'c']],
    ["k > 'b'", ['c']],
    ["k >= 'b'", ['b', 'c']],
    ["k < 'b'", ['a']],
    ["k <= 'b'", ['a', 'b']],
    ["k='b'", ['b']],
  ])('%s', (expression, expected) => {
    expect(keep(expression, STRING_KEY, values)).toEqual(expected);
  });

  it('compares strings as text, so 10 sorts before 9', () => {
    expect(keep("k > '9'", STRING_KEY, ['9', '10', '95'])).toEqual(['95']);
    expect(keep('k < 9', STRING_KEY, ['9', '10', '95'])).toEqual(['10']);
  });

  it('compares a number literal with a string key by its text', () => {
    expect(keep('k = 2', STRING_KEY, ['2', '2.0', 'two'])).toEqual(['2']);
    expect(keep('k IN (1, 2, 3)', STRING_KEY, ['2', 'two'])).toEqual(['2']);
  });

  it('is case-sensitive on values', () => {
    expect(keep("k = 'abc'", STRING_KEY, ['abc', 'ABC'])).toEqual(['abc']);
  });

  it.each(['char(5)', 'varchar(10)', 'VARCHAR(10)', 'String', undefined, ''])('treats type %j as a string', (Type) => {
    expect(keep("k > '9'", [{ Name: 'k', Type }], ['9', '10', 'a'])).toEqual(['a']);
  });
});

describe('string literals and identifiers', () => {
  it("unescapes '' inside a string literal", () => {
    expect(keep("k = 'it''s'", STRING_KEY, ["it's", 'its'])).toEqual(["it's"]);
    expect(keep("k = ''''", STRING_KEY, ["'", "''"])).toEqual(["'"]);
    expect(keep("k = ''", STRING_KEY, ['', 'x'])).toEqual(['']);
  });

  it('keeps keywords and operators inside string literals', () => {
    expect(keep("k = 'a AND b OR (c)'", STRING_KEY, ['a AND b OR (c)', 'a'])).toEqual(['a AND b OR (c)']);
  });

  it('matches key names case-insensitively', () => {
    const keys = [{ Name: 'Year', Type: 'string' }];
    expect(keep("YEAR = '2024'", keys, ['2024', '2023'])).toEqual(['2024']);
    expect(keep("year = '2024'", keys, ['2024', '2023'])).toEqual(['2024']);
  });

  it('accepts backquoted and double-quoted key names, including reserved words', () => {
    const keys = [{ Name: 'in', Type: 'string' }];
    expect(keep("`in` = 'x'", keys, ['x', 'y'])).toEqual(['x']);
    expect(keep('"IN" = \'x\'', keys, ['x', 'y'])).toEqual(['x']);
    expect(keep("`we``ird` = 'x'", [{ Name: 'we`ird' }], ['x', 'y'])).toEqual(['x']);
  });

  it('accepts key names with underscores and digits', () => {
    expect(keep("part_2 = 'x'", [{ Name: 'part_2' }], ['x', 'y'])).toEqual(['x']);
  });

  it('accepts keywords in any case', () => {
    expect(
      keep("k in ('a') oR k BeTwEeN 'c' aNd 'd' Or k LiKe 'e%' or k iS nOt NuLl and not k = 'z'", STRING_KEY, [
        'a',
        'b',
        'c',
        'e1',
      ]),
    ).toEqual(['a', 'b', 'c', 'e1']);
  });

  it('accepts any whitespace between tokens', () => {
    expect(keep("\n k\t=\r\n'a'  ", STRING_KEY, ['a', 'b'])).toEqual(['a']);
  });
});

describe('integral keys', () => {
  const values = ['1', '2', '3', '9', '10', '-5'];
  it('compares numerically, so 10 sorts after 9', () => {
    expect(keep('k > 9', INT_KEY, values)).toEqual(['10']);
    expect(keep('k < 2', INT_KEY, values)).toEqual(['1', '-5']);
  });

  it.each([
    ['k = 2'],
    ["k = '2'"],
    ['k IN (2)'],
    ["k in (6, '4', 2)"],
    ['k between 2 AND 2'],
    ['k > 1 AND k < 3'],
    ['k >= 2 and k <> 3 and k <= 2'],
    ['(k) = ((2))'],
    ['((k = 2))'],
    ['((k) = 2 OR ((k)) = (2))'],
    ['k IS NOT NULL and k = 2'],
    ['k not IN (1, 3, 9, 10, -5)'],
    ['k NOT BETWEEN -10 AND 1 and k NOT BETWEEN 3 AND 10'],
    ['k = +2'],
    ['k = 0002'],
  ])('%s selects 2', (expression) => {
    expect(keep(expression, INT_KEY, values)).toEqual(['2']);
  });

  it('handles negative literals', () => {
    expect(keep('k < -1', INT_KEY, values)).toEqual(['-5']);
    expect(keep('k>-1', INT_KEY, values)).toEqual(['1', '2', '3', '9', '10']);
  });

  it('is exact beyond 2^53', () => {
    const big = [{ Name: 'k', Type: 'bigint' }];
    expect(keep('k = 9007199254740993', big, ['9007199254740992', '9007199254740993'])).toEqual(['9007199254740993']);
    expect(keep('k > 9007199254740992', big, ['9007199254740992', '9007199254740993'])).toEqual(['9007199254740993']);
  });

  it.each(['tinyint', 'smallint', 'int', 'bigint', 'long', 'INT', ' BigInt '])('treats %j as integral', (Type) => {
    expect(keep('k >= 10', [{ Name: 'k', Type }], ['9', '10', '100'])).toEqual(['10', '100']);
  });

  it('does not match partition values that are not integers, nor their negation', () => {
    const rows = ['2', 'null', '', '2.0', ' 2', 'abc'];
    expect(keep('k = 2', INT_KEY, rows)).toEqual(['2']);
    expect(keep('k <> 2', INT_KEY, rows)).toEqual([]);
    expect(keep('NOT k = 2', INT_KEY, rows)).toEqual([]);
    expect(keep('NOT (k = 3)', INT_KEY, rows)).toEqual(['2']);
    expect(keep('k NOT IN (3)', INT_KEY, rows)).toEqual(['2']);
  });

  it('refuses literals that are not integers', () => {
    invalid("k = 'test'", INT_KEY, /'test' is not an integer/, /partition key 'k' \(int\)/, /position 5/);
    invalid('k IN (2.5)', INT_KEY, /'2\.5' is not an integer/);
    invalid('k BETWEEN 1 AND 1e3', INT_KEY, /'1e3' is not an integer/);
  });

  it('refuses LIKE', () => {
    invalid("k LIKE '2'", INT_KEY, /Integral data type doesn't support operation 'LIKE'/);
  });
});

describe('decimal keys', () => {
  const keys = [{ Name: 'd', Type: 'decimal(10,2)' }];
  const values = ['1.2', '2.6', '3e14', '-0.5', '0', '10.00'];

  it.each([
    ['d = 2.6'],
    ["d = '2.6'"],
    ['d = 2.60'],
    ['d IN (2.6)'],
    ["d in (6, '4', 2.60)"],
    ['d between 2 AND 3e0'],
    ['d > 1.5 AND d < 3'],
    ["d >= 2 and d <> '3e14' and d <> 10"],
  ])('%s selects 2.6', (expression) => {
    expect(keep(expression, keys, values)).toEqual(['2.6']);
  });

  it('compares numerically across signs, zero and exponents', () => {
    expect(keep('d < 0', keys, values)).toEqual(['-0.5']);
    expect(keep('d = -0', keys, values)).toEqual(['0']);
    expect(keep('d > 9.99', keys, values)).toEqual(['3e14', '10.00']);
    expect(keep('d = 10', keys, values)).toEqual(['10.00']);
    expect(keep('d = 300000000000000', keys, values)).toEqual(['3e14']);
    expect(keep('d < -0.25', keys, ['-0.5', '-0.1', '-1e-3', '-12'])).toEqual(['-0.5', '-12']);
    expect(keep('d >= .5', keys, ['0.5', '0.49', '5.'])).toEqual(['0.5', '5.']);
  });

  it('is exact where doubles are not', () => {
    expect(keep('d > 0.1', keys, ['0.10000000000000000001', '0.1'])).toEqual(['0.10000000000000000001']);
  });

  it('refuses literals that are not decimals, and LIKE', () => {
    invalid("d = 'test'", keys, /'test' is not a decimal/);
    invalid("d LIKE '2%'", keys, /Decimal data type doesn't support operation 'LIKE'/);
  });
});

describe('date keys', () => {
  const keys = [{ Name: 'dt', Type: 'date' }];
  const values = ['2024-01-09', '2024-01-10', '2023-12-31', '2024-2-3', 'not-a-date', '2024-02-30'];

  it('compares chronologically', () => {
    expect(keep("dt > '2024-01-09'", keys, values)).toEqual(['2024-01-10', '2024-2-3']);
    expect(keep("dt BETWEEN '2023-12-31' AND '2024-01-09'", keys, values)).toEqual(['2024-01-09', '2023-12-31']);
    expect(keep("dt = '2024-02-03'", keys, values)).toEqual(['2024-2-3']);
    expect(keep("dt IN ('2024-01-10', '2023-12-31')", keys, values)).toEqual(['2024-01-10', '2023-12-31']);
  });

  it('knows leap years', () => {
    expect(keep("dt = '2024-02-29'", keys, ['2024-02-29'])).toEqual(['2024-02-29']);
    invalid("dt = '2023-02-29'", keys, /'2023-02-29' is not a date/);
    invalid("dt = '1900-02-29'", keys, /is not a date/);
  });

  it('refuses literals that are not dates', () => {
    invalid('dt = 20240101', keys, /'20240101' is not a date \(yyyy-MM-dd\)/);
    invalid("dt = '2024-13-01'", keys, /is not a date/);
    invalid("dt > '2024-01-01 00:00:00'", keys, /is not a date/);
    invalid("dt LIKE '2024%'", keys, /Date data type doesn't support operation 'LIKE'/);
  });

  it('does not match values that are not dates', () => {
    expect(keep("dt <> '2024-01-09'", keys, values)).not.toContain('not-a-date');
    expect(keep("dt <> '2024-01-09'", keys, values)).not.toContain('2024-02-30');
  });
});

describe('timestamp keys', () => {
  const keys = [{ Name: 'ts', Type: 'timestamp' }];
  const values = ['2024-01-01 09:00:00', '2024-01-01 10:00:00', '2024-01-01 10:00:00.5', '2024-01-01 9:30:00'];

  it('compares chronologically, including fractions of a second', () => {
    expect(keep("ts > '2024-01-01 09:59:59.999999999'", keys, values)).toEqual([
      '2024-01-01 10:00:00',
      '2024-01-01 10:00:00.5',
    ]);
    expect(keep("ts = '2024-01-01 10:00:00.500'", keys, values)).toEqual(['2024-01-01 10:00:00.5']);
    expect(keep("ts < '2024-01-01 10:00:00'", keys, values)).toEqual(['2024-01-01 09:00:00', '2024-01-01 9:30:00']);
  });

  it('accepts fields without leading zeros, equal to their padded form', () => {
    expect(keep("ts = '2024-1-1 9:30:0'", keys, values)).toEqual(['2024-01-01 9:30:00']);
    expect(keep("ts IN ('2024-01-01 09:30:00.000')", keys, values)).toEqual(['2024-01-01 9:30:00']);
    expect(keep("ts BETWEEN '2024-01-01 9:00:00' AND '2024-01-01 9:59:59'", keys, values)).toEqual([
      '2024-01-01 09:00:00',
      '2024-01-01 9:30:00',
    ]);
  });

  it('does not match values that are not timestamps', () => {
    const odd = [
      '2024-01-01 10:00',
      '2024-01-01 10:00:00.',
      '2024-01-01 10:00:00Z',
      '2024-02-30 10:00:00',
      '2024-01-01 10:00:00',
    ];
    expect(keep("ts >= '2000-01-01 00:00:00'", keys, odd)).toEqual(['2024-01-01 10:00:00']);
  });

  it('refuses literals that are not timestamps', () => {
    invalid("ts = '2024-01-01'", keys, /is not a timestamp/);
    invalid("ts = '2024-01-01T10:00:00'", keys, /is not a timestamp/);
    invalid("ts = '2024-01-01 24:00:00'", keys, /is not a timestamp/);
    invalid("ts = '2024-01-01 10:00:00.1234567891'", keys, /is not a timestamp/);
  });
});

describe('BETWEEN, IN and IS NULL', () => {
  it('BETWEEN is inclusive and empty when the bounds are reversed', () => {
    expect(keep('k BETWEEN 2 AND 9', INT_KEY, ['1', '2', '5', '9', '10'])).toEqual(['2', '5', '9']);
    expect(keep('k BETWEEN 9 AND 2', INT_KEY, ['1', '2', '5', '9', '10'])).toEqual([]);
    expect(keep('k NOT BETWEEN 2 AND 9', INT_KEY, ['1', '2', '5', '9', '10'])).toEqual(['1', '10']);
  });

  it('IN and NOT IN', () => {
    expect(keep("k IN ('a', 'c')", STRING_KEY, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(keep("k NOT IN ('a', 'c')", STRING_KEY, ['a', 'b', 'c'])).toEqual(['b']);
    expect(keep('k IN (010, 20)', INT_KEY, ['10', '20', '30'])).toEqual(['10', '20']);
  });

  it('IS NULL matches only a missing value; a stored value is never null', () => {
    const keys = [
      { Name: 'a', Type: 'string' },
      { Name: 'b', Type: 'int' },
    ];
    const rows = [['x', '1'], ['x'], ['null', 'null']];
    expect(keepRows('b IS NULL', keys, rows)).toEqual([['x']]);
    expect(keepRows('b IS NOT NULL', keys, rows)).toEqual([
      ['x', '1'],
      ['null', 'null'],
    ]);
    expect(keepRows('a IS NULL', keys, rows)).toEqual([]);
    expect(keepRows('b = 1 OR b <> 1', keys, rows)).toEqual([['x', '1']]);
  });
});

describe('LIKE', () => {
  const values = ['one', 'two', '2', 'three', 'tw'];
  it.each([
    ["k LIKE 'two'", ['two']],
    ["k LIKE 't_o'", ['two']],
    ["k LIKE 't__'", ['two']],
    ["k LIKE '%wo'", ['two']],
    ["k LIKE 't%'", ['two', 'three', 'tw']],
    ["k LIKE '%'", values],
    ["k LIKE '%e%'", ['one', 'three']],
    ["k NOT LIKE '%e' AND k not like '_'", ['two', 'tw']],
    ["NOT k LIKE 't%'", ['one', '2']],
  ])('%s', (expression, expected) => {
    expect(keep(expression, STRING_KEY, values)).toEqual(expected);
  });

  it('matches regular-expression characters literally', () => {
    const tricky = ['a.c', 'abc', 'a+b', 'aab', '(x)', 'x', '[a]', 'a', '$^', '\\d', '1', 'a|b', 'a*', 'a{2}'];
    expect(keep("k LIKE 'a.c'", STRING_KEY, tricky)).toEqual(['a.c']);
    expect(keep("k LIKE 'a+b'", STRING_KEY, tricky)).toEqual(['a+b']);
    expect(keep("k LIKE '(x)'", STRING_KEY, tricky)).toEqual(['(x)']);
    expect(keep("k LIKE '[a]'", STRING_KEY, tricky)).toEqual(['[a]']);
    expect(keep("k LIKE '$^'", STRING_KEY, tricky)).toEqual(['$^']);
    expect(keep("k LIKE '\\d'", STRING_KEY, tricky)).toEqual(['\\d']);
    expect(keep("k LIKE 'a|b'", STRING_KEY, tricky)).toEqual(['a|b']);
    expect(keep("k LIKE 'a*'", STRING_KEY, tricky)).toEqual(['a*']);
    expect(keep("k LIKE 'a{2}'", STRING_KEY, tricky)).toEqual(['a{2}']);
  });

  it('lets % and _ cross line breaks and count characters, not UTF-16 units', () => {
    expect(keep("k LIKE 'a%b'", STRING_KEY, ['a\nb'])).toEqual(['a\nb']);
    expect(keep("k LIKE '_'", STRING_KEY, ['😀', 'ab'])).toEqual(['😀']);
  });

  it('is case-sensitive and anchored at both ends', () => {
    expect(keep("k LIKE 'tw'", STRING_KEY, ['TW', 'tw', 'two', 'atw'])).toEqual(['tw']);
  });

  it('supports an ESCAPE character for literal % and _', () => {
    const rows = ['100%', '100', 'a_b', 'axb'];
    expect(keep("k LIKE '100!%' ESCAPE '!'", STRING_KEY, rows)).toEqual(['100%']);
    expect(keep("k LIKE 'a\\_b' escape '\\'", STRING_KEY, rows)).toEqual(['a_b']);
    expect(keep("k LIKE 'a_b'", STRING_KEY, rows)).toEqual(['a_b', 'axb']);
    invalid("k LIKE 'a!' ESCAPE '!'", STRING_KEY, /ends with the escape character/);
    invalid("k LIKE 'a' ESCAPE '!!'", STRING_KEY, /ESCAPE must be a single character/);
  });

  it('applies to char and varchar keys and needs a string pattern', () => {
    expect(keep("k LIKE 'a%'", [{ Name: 'k', Type: 'varchar(3)' }], ['ab', 'ba'])).toEqual(['ab']);
    invalid('k LIKE 2', STRING_KEY, /expected a string literal but found number 2/);
  });
});

describe('logic and precedence', () => {
  const keys = [
    { Name: 'a', Type: 'int' },
    { Name: 'b', Type: 'int' },
  ];
  const rows = [
    ['0', '0'],
    ['0', '1'],
    ['1', '0'],
    ['1', '1'],
  ];
  const run = (expression: string) => keepRows(expression, keys, rows).map((r) => r.join(''));

  it('AND binds tighter than OR', () => {
    expect(run('a = 1 OR a = 0 AND b = 1')).toEqual(['01', '10', '11']);
    expect(run('a = 0 AND b = 1 OR a = 1')).toEqual(['01', '10', '11']);
    expect(run('(a = 1 OR a = 0) AND b = 1')).toEqual(['01', '11']);
  });

  it('NOT binds tighter than AND', () => {
    expect(run('NOT a = 1 AND b = 1')).toEqual(['01']);
    expect(run('NOT (a = 1 AND b = 1)')).toEqual(['00', '01', '10']);
    expect(run('NOT a = 1 OR b = 1')).toEqual(['00', '01', '11']);
  });

  it('allows repeated NOT and nested parentheses', () => {
    expect(run('NOT NOT a = 1')).toEqual(['10', '11']);
    expect(run('(((a = 1)) AND ((b = 0)))')).toEqual(['10']);
    expect(run('NOT (NOT (a = 1) OR NOT (b = 1))')).toEqual(['11']);
  });

  it('chains many terms', () => {
    expect(run('a = 1 AND b = 1 AND a >= 0 AND b <= 1')).toEqual(['11']);
    expect(run('a = 5 OR b = 5 OR a = 0 OR b = 9')).toEqual(['00', '01']);
  });

  it('BETWEEN takes its own AND', () => {
    expect(run('a BETWEEN 0 AND 1 AND b = 1')).toEqual(['01', '11']);
  });

  it('follows three-valued logic for values that do not parse', () => {
    const r = [['x', '1']];
    expect(keepRows('a = 1 OR b = 1', keys, r)).toEqual(r);
    expect(keepRows('a = 1 AND b = 1', keys, r)).toEqual([]);
    expect(keepRows('NOT (a = 1 AND b = 0)', keys, r)).toEqual(r);
    expect(keepRows('NOT (a = 1 OR b = 0)', keys, r)).toEqual([]);
  });

  it('reads each key by position in a multi-key table', () => {
    const multi = [
      { Name: 'year', Type: 'int' },
      { Name: 'month', Type: 'string' },
      { Name: 'day', Type: 'date' },
    ];
    const parts = [
      ['2024', '01', '2024-01-05'],
      ['2024', '02', '2024-02-05'],
      ['2023', '12', '2023-12-05'],
    ];
    expect(keepRows("year = 2024 AND month > '01'", multi, parts)).toEqual([['2024', '02', '2024-02-05']]);
    expect(keepRows("day < '2024-01-31' AND month IN ('01', '12')", multi, parts)).toEqual([
      ['2024', '01', '2024-01-05'],
      ['2023', '12', '2023-12-05'],
    ]);
  });
});

describe('errors', () => {
  it('names an unknown key and the keys there are', () => {
    const error = invalid(
      "yeer = '2024'",
      [{ Name: 'year' }, { Name: 'month' }],
      /Unknown column 'yeer'/,
      /year, month/,
    );
    expect(error.message).toMatch(/position 1/);
    invalid('x IS NULL', [], /Unknown column 'x'/, /no partition keys/);
    invalid("k = 'a' AND other LIKE 'x'", STRING_KEY, /Unknown column 'other' at position 13/);
  });

  it('refuses a key type that expressions do not support, when it is used', () => {
    const keys = [
      { Name: 'f', Type: 'float' },
      { Name: 's', Type: 'string' },
    ];
    invalid('f = 3.14', keys, /Unknown type : 'float'/, /'f'/);
    invalid('f IS NULL', [{ Name: 'f', Type: 'array<string>' }], /Unknown type : 'array<string>'/);
    invalid("b = 'true'", [{ Name: 'b', Type: 'boolean' }], /Unknown type : 'boolean'/);
    expect(keepRows("s = 'x'", keys, [['1.5', 'x']])).toEqual([['1.5', 'x']]);
  });

  it.each<[string, ...RegExp[]]>([
    ['k', /expected a comparison operator, BETWEEN, IN, LIKE or IS but found end of expression at position 2/],
    ["k = 'a' AND", /expected a partition key name but found end of expression at position 12/],
    ["k = 'a' k = 'b'", /expected AND, OR or the end of the expression but found 'k' at position 9/],
    ["(k = 'a'", /expected '\)' but found end of expression at position 9/],
    ["k = 'a')", /expected AND, OR or the end of the expression but found '\)' at position 8/],
    ['k = ', /expected a string or number literal but found end of expression at position 5/],
    ['k = other', /expected a string or number literal but found 'other' at position 5/],
    ['k = NULL', /use IS NULL/],
    ["'a' = k", /expected a partition key name but found string 'a' at position 1/],
    ['5 = k', /expected a partition key name but found number 5 at position 1/],
    ["k == 'a'", /expected a string or number literal but found '=' at position 4/],
    ["k = 'abc", /unterminated string literal/, /position 5/],
    ["`k = 'a'", /unterminated quoted identifier/],
    ["k = 'a' ; DROP", /unexpected character ';' at position 9/],
    ["k = 'a' && k = 'b'", /unexpected character '&'/],
    ["k IN 'a'", /expected '\(' after IN but found string 'a'/],
    ["k IN ('a' 'b')", /expected ',' or '\)' in the IN list but found string 'b'/],
    ['k IN ()', /expected a string or number literal but found '\)'/],
    ["k BETWEEN 'a' OR 'b'", /expected AND of BETWEEN \.\.\. AND \.\.\. but found 'OR'/],
    ["k NOT = 'a'", /expected BETWEEN, IN or LIKE after NOT but found '='/],
    ['k IS 5', /expected NULL or NOT NULL but found number 5/],
    ['k IS NOT', /expected NULL but found end of expression/],
    ['k = 12abc', /malformed number '12a'/],
    ['k = 1.2.3', /malformed number/],
    ["AND k = 'a'", /expected a partition key name but found 'AND' at position 1/],
    ['NOT', /expected a partition key name but found end of expression/],
    ['()', /expected a partition key name but found '\)'/],
    ["(k) AND k = 'a'", /expected a comparison operator, BETWEEN, IN, LIKE or IS but found 'AND'/],
    ["k = ('a'", /expected '\)' but found end of expression/],
    ["`` = 'a'", /empty quoted identifier/],
  ])('%s', (expression, ...patterns) => {
    invalid(expression, STRING_KEY, /^Unsupported expression: /, ...patterns);
  });

  it('reports literal conversion errors with the key, type and position', () => {
    invalid("k > 1 AND k < 'ten'", INT_KEY, /cannot compare partition key 'k' \(int\) with 'ten' at position 15/);
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    invalid(`${'('.repeat(5000)}k = 'a'${')'.repeat(5000)}`, STRING_KEY, /nests deeper than/);
    invalid(`${'NOT '.repeat(5000)}k = 'a'`, STRING_KEY, /nests deeper than/);
    expect(keep(`${'('.repeat(100)}k = 'a'${')'.repeat(100)}`, STRING_KEY, ['a', 'b'])).toEqual(['a']);
  });

  it('reports errors at compile time, before any partition is read', () => {
    expect(() => compilePartitionExpression("k = 'test'", INT_KEY)).toThrow(AwsError);
  });
});

describe('performance', () => {
  it('evaluates 10,000 partitions well within budget', () => {
    const keys = [
      { Name: 'year', Type: 'int' },
      { Name: 'month', Type: 'string' },
      { Name: 'day', Type: 'date' },
      { Name: 'region', Type: 'string' },
    ];
    const partitions: string[][] = [];
    for (let i = 0; i < 10_000; i++) {
      const day = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      partitions.push([day.slice(0, 4), day.slice(5, 7), day, ['eu', 'us', 'ap'][i % 3] ?? 'eu']);
    }
    const expression =
      "year BETWEEN 2005 AND 2020 AND month IN ('01', '06', '12') AND (region LIKE 'e%' OR region = 'us') " +
      "AND day >= '2006-01-01' AND NOT day = '2010-06-15'";
    const start = performance.now();
    const predicate = compilePartitionExpression(expression, keys);
    let matched = 0;
    for (const p of partitions) if (predicate(p)) matched++;
    const elapsed = performance.now() - start;
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBe(
      partitions.filter(
        ([y, m, d, r]) =>
          Number(y) >= 2005 &&
          Number(y) <= 2020 &&
          ['01', '06', '12'].includes(m ?? '') &&
          (r === 'eu' || r === 'us') &&
          (d ?? '') >= '2006-01-01' &&
          d !== '2010-06-15',
      ).length,
    );
    expect(elapsed).toBeLessThan(200);
  });
});
