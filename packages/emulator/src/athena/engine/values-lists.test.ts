import { describe, expect, it } from 'vitest';
import { tokenize } from './tokens.js';
import { parenthesizeValues } from './values-lists.js';

const norm = (sql: string) => parenthesizeValues(sql, tokenize(sql));

describe('Trino VALUES lists', () => {
  it.each([
    ['VALUES 1, 2, 3', 'VALUES (1), (2), (3)'],
    ["VALUES (1, 'a'), (2, 'b')", "VALUES (1, 'a'), (2, 'b')"],
    ['SELECT * FROM (VALUES 1, 2) AS t(x)', 'SELECT * FROM (VALUES (1), (2)) AS t(x)'],
    ['VALUES (1) + 2, 3 ORDER BY 1', 'VALUES ((1) + 2), (3) ORDER BY 1'],
    ["SELECT 'VALUES 1, 2'", "SELECT 'VALUES 1, 2'"],
    ['WITH t(x) AS (VALUES 1, 2) SELECT x FROM t', 'WITH t(x) AS (VALUES (1), (2)) SELECT x FROM t'],
  ])('%s', (sql, expected) => {
    expect(norm(sql).sql).toBe(expected);
  });

  it('maps positions back to the user text', () => {
    const n = norm('VALUES 1, 2 FROM');
    expect(n.sql).toBe('VALUES (1), (2) FROM');
    expect(n.original(n.sql.indexOf('FROM'))).toBe('VALUES 1, 2 FROM'.indexOf('FROM'));
    expect(n.original(0)).toBe(0);
  });
});
