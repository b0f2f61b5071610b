/**
 * PySpark calls run for real through lakebox's compatibility layer, each result compared with Spark's
 * documented semantics (nulls, casts, date patterns, duplicates, aggregates, joins, windows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { putObjects, runOk, runScript } from './support.js';

const PRELUDE = `
import json, datetime, decimal
from pyspark.sql import SparkSession, Window, Row, functions as F
from pyspark.sql.types import *
spark = SparkSession.builder.appName('t').getOrCreate()
def out(value):
    print('JSON:' + json.dumps(value, default=str))
def rows(df):
    return [list(r) for r in df.collect()]
`;

let t: TestLakebox;

/** Run a script and return the values it printed with out(). */
async function run(body: string): Promise<unknown[]> {
  const stdout = await runOk(t, PRELUDE + body);
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('JSON:'))
    .map((l) => JSON.parse(l.slice(5)));
}

beforeAll(async () => {
  t = await startTestLakebox();
  await putObjects(t, 'lake', {
    'csv/people.csv':
      'id,name,age,joined\n1,Ann,34,2024-01-05\n2,Bob,,05/01/2024\n3,,x7,2024-02-30\n3,Cid,41,2024-03-01\n',
    'csv/_SUCCESS': '',
    'csv/.hidden.csv': 'id,name,age,joined\n99,Ghost,1,2024-01-01\n',
    'raw/noheader.csv': 'a,1\nb,2\n',
    'json/events.json': '{"user": "u1", "n": 1, "at": "2024-01-05"}\n{"n": 2, "user": "u2"}\n',
  });
}, 60_000);

afterAll(async () => {
  await t?.[Symbol.asyncDispose]();
});

describe('reading', () => {
  it('CSV without inferSchema reads strings; header names columns; _ and . files are skipped', async () => {
    const [types, count, noHeader] = await run(`
df = spark.read.option('header', 'true').csv('s3://lake/csv/')
out(df.dtypes)
out(df.count())
out(spark.read.csv('s3://lake/raw/noheader.csv').columns)
`);
    expect(types).toEqual([
      ['id', 'string'],
      ['name', 'string'],
      ['age', 'string'],
      ['joined', 'string'],
    ]);
    expect(count).toBe(4);
    expect(noHeader).toEqual(['_c0', '_c1']);
  });

  it('inferSchema infers numbers; JSON columns come sorted by name with missing keys as null', async () => {
    const [types, json] = await run(`
out(spark.read.csv('s3://lake/csv/people.csv', header=True, inferSchema=True).dtypes[:1])
j = spark.read.json('s3://lake/json/events.json')
out([j.columns, rows(j.orderBy('n'))])
`);
    expect(types).toEqual([['id', 'int']]);
    expect(json).toEqual([
      ['at', 'n', 'user'],
      [
        ['2024-01-05', 1, 'u1'],
        [null, 2, 'u2'],
      ],
    ]);
  });

  it('a user schema casts each value (PERMISSIVE: a bad value is null) and names the columns', async () => {
    const [typed] = await run(`
df = spark.read.schema('id INT, name STRING, age INT, joined DATE').option('header', True).csv('s3://lake/csv/people.csv')
out([df.dtypes, [[r.id, r.age, str(r.joined)] for r in df.orderBy('id', 'age').collect()]])
`);
    expect(typed).toEqual([
      [
        ['id', 'int'],
        ['name', 'string'],
        ['age', 'int'],
        ['joined', 'date'],
      ],
      [
        [1, 34, '2024-01-05'],
        [2, null, 'None'],
        [3, null, 'None'],
        [3, 41, '2024-03-01'],
      ],
    ]);
  });

  it('a missing path is an AnalysisException', async () => {
    const r = await runScript(t, `${PRELUDE}\nspark.read.parquet('s3://lake/nothing-here/').count()\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('AnalysisException: Path does not exist: s3://lake/nothing-here/');
  });
});

describe('casts and nulls', () => {
  it('a bad cast gives null, integral casts truncate, strings are trimmed', async () => {
    const [values] = await run(`
df = spark.createDataFrame([('1.9',), (' 12 ',), ('abc',), (None,), ('-3.7',)], ['s'])
out(rows(df.select(F.col('s').cast('int'), F.col('s').cast('double'), F.col('s').cast(DecimalType(5, 1)).cast('string'))))
`);
    expect(values).toEqual([
      [1, 1.9, '1.9'],
      [12, 12, '12.0'],
      [null, null, null],
      [null, null, null],
      [-3, -3.7, '-3.7'],
    ]);
  });

  it('comparisons with null are null (filtered out); eqNullSafe matches nulls; concat is null with a null', async () => {
    const [eq, safe, concat] = await run(`
df = spark.createDataFrame([(1, 'a'), (2, None)], ['id', 'v'])
out(df.filter(F.col('v') == None).count())
out(rows(df.filter(F.col('v').eqNullSafe(None)).select('id')))
out(rows(df.select(F.concat('v', F.lit('!')), F.concat_ws('-', 'id', 'v'), F.coalesce('v', F.lit('z')))))
`);
    expect(eq).toBe(0);
    expect(safe).toEqual([[2]]);
    expect(concat).toEqual([
      ['a!', '1-a', 'a'],
      [null, '2', 'z'],
    ]);
  });

  it('dropna/fillna follow Spark: NaN counts as missing, fill only matching types', async () => {
    const [dropped, filled] = await run(`
df = spark.createDataFrame([(1, 'a', 1.5), (2, None, float('nan')), (None, 'c', None)], ['id', 's', 'd'])
out(rows(df.dropna()))
out(rows(df.fillna(0).fillna('?').orderBy('s')))
`);
    expect(dropped).toEqual([[1, 'a', 1.5]]);
    expect(filled).toEqual([
      [2, '?', 0],
      [1, 'a', 1.5],
      [0, 'c', 0],
    ]);
  });
});

describe('dates', () => {
  it('Spark date patterns parse and format; text that does not match is null', async () => {
    const [parsed] = await run(`
df = spark.createDataFrame([('05/01/2024 13:45:10',), ('2024-01-05',), ('31/02/2024 00:00:00',)], ['s'])
out(rows(df.select(
  F.to_date('s', 'dd/MM/yyyy HH:mm:ss').cast('string'),
  F.to_timestamp('s', 'dd/MM/yyyy HH:mm:ss').cast('string'),
  F.to_date('s').cast('string'),
  F.date_format(F.to_timestamp('s', 'dd/MM/yyyy HH:mm:ss'), 'yyyy/MM/dd HH:mm'),
  F.year(F.to_date('s', 'dd/MM/yyyy HH:mm:ss')),
  F.month('s'),
)))
`);
    expect(parsed).toEqual([
      ['2024-01-05', '2024-01-05 13:45:10', null, '2024/01/05 13:45', 2024, null],
      [null, null, '2024-01-05', null, null, 1],
      [null, null, null, null, null, null],
    ]);
  });
});

describe('duplicates, aggregates, joins, windows', () => {
  it('dropDuplicates(subset) keeps one row per key; distinct removes equal rows', async () => {
    const [subset, distinct] = await run(`
df = spark.createDataFrame([(1, 'a'), (1, 'b'), (2, 'c'), (2, 'c')], ['k', 'v'])
out(sorted(r['k'] for r in df.dropDuplicates(['k']).collect()))
out(df.distinct().count())
`);
    expect(subset).toEqual([1, 2]);
    expect(distinct).toBe(3);
  });

  it('orderBy right after select may name a column the select dropped', async () => {
    const [ordered] = await run(`
df = spark.createDataFrame([('a', 3), ('b', 1), ('c', 2)], ['k', 'v'])
out(rows(df.select('k').orderBy('v')))
`);
    expect(ordered).toEqual([['b'], ['c'], ['a']]);
  });

  it('groupBy().agg(): count(*) counts rows, count(col) skips nulls, avg is a double', async () => {
    const [agg, types] = await run(`
df = spark.createDataFrame([('x', 1), ('x', None), ('y', 4)], ['g', 'n'])
a = df.groupBy('g').agg(F.count('*').alias('rows'), F.count('n').alias('vals'), F.sum('n').alias('s'), F.avg('n').alias('m'), F.max('n')).orderBy('g')
out(rows(a))
out(a.dtypes)
`);
    expect(agg).toEqual([
      ['x', 2, 1, 1, 1, 1],
      ['y', 1, 1, 4, 4, 4],
    ]);
    expect(types).toEqual([
      ['g', 'string'],
      ['rows', 'bigint'],
      ['vals', 'bigint'],
      ['s', 'bigint'],
      ['m', 'double'],
      ['max(n)', 'bigint'],
    ]);
  });

  it('joins: inner/left on names (key once, first), semi/anti, and on a column condition', async () => {
    const [inner, left, semi, anti, cond] = await run(`
a = spark.createDataFrame([(1, 'a'), (2, 'b'), (3, None)], ['id', 'x'])
b = spark.createDataFrame([(1, 'B1'), (1, 'B2'), (3, 'B3')], ['id', 'y'])
out(rows(a.join(b, 'id').orderBy('id', 'y')))
out(rows(a.join(b, ['id'], 'left').orderBy('id', 'y')))
out(rows(a.join(b, 'id', 'left_semi').orderBy('id')))
out(rows(a.join(b, 'id', 'left_anti')))
out(rows(a.join(b, a.id == b.id).select(a.id, b.y).orderBy('y')))
`);
    expect(inner).toEqual([
      [1, 'a', 'B1'],
      [1, 'a', 'B2'],
      [3, null, 'B3'],
    ]);
    expect(left).toEqual([
      [1, 'a', 'B1'],
      [1, 'a', 'B2'],
      [2, 'b', null],
      [3, null, 'B3'],
    ]);
    expect(semi).toEqual([
      [1, 'a'],
      [3, null],
    ]);
    expect(anti).toEqual([[2, 'b']]);
    expect(cond).toEqual([
      [1, 'B1'],
      [1, 'B2'],
      [3, 'B3'],
    ]);
  });

  it('row_number over a Window; lag; orderBy puts nulls first ascending, last descending', async () => {
    const [ranked, order] = await run(`
df = spark.createDataFrame([('a', 3), ('a', 1), ('b', 2), ('a', None)], ['k', 'v'])
w = Window.partitionBy('k').orderBy(F.col('v').desc())
out(rows(df.withColumn('rn', F.row_number().over(w)).withColumn('prev', F.lag('v').over(w)).orderBy('k', 'rn')))
out([[r.v for r in df.orderBy('v').collect()], [r.v for r in df.orderBy(F.desc('v')).collect()]])
`);
    expect(ranked).toEqual([
      ['a', 3, 1, null],
      ['a', 1, 2, 3],
      ['a', null, 3, 1],
      ['b', 2, 1, null],
    ]);
    expect(order).toEqual([
      [null, 1, 2, 3],
      [3, 2, 1, null],
    ]);
  });

  it('union is positional, unionByName matches names; explode/split; when/otherwise', async () => {
    const [union, byName, exploded, cases] = await run(`
a = spark.createDataFrame([(1, 'x')], ['n', 's'])
b = spark.createDataFrame([('y', 2)], ['s', 'n'])
out(rows(a.union(b.select('n', 's'))))
out(rows(a.unionByName(b)))
out(rows(spark.createDataFrame([('a,b',), (None,)], ['s']).select(F.explode(F.split('s', ',')))))
out(rows(a.unionByName(b).select(F.when(F.col('n') > 1, 'big').otherwise('small').alias('size'))))
`);
    expect(union).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(byName).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(exploded).toEqual([['a'], ['b']]);
    expect(cases).toEqual([['small'], ['big']]);
  });
});

describe('more functions', () => {
  it('string and array helpers', async () => {
    const [values] = await run(`
df = spark.createDataFrame([('hello wORLD', 'a,b,,c'), (None, None)], ['s', 'l'])
out(rows(df.select(F.initcap('s'), F.instr('s', 'o'), F.translate('s', 'lo', '01'), F.format_string('%s!', 's'),
  F.element_at(F.split('l', ','), -1), F.array_join(F.sort_array(F.split('l', ','), asc=False), '|'),
  F.size(F.array_distinct(F.split('l', ','))), F.length('s'), F.lpad('l', 8, '*'))))
`);
    expect(values).toEqual([
      ['Hello World', 5, 'he001 wORLD', 'hello wORLD!', 'c', 'c|b|a|', 4, 11, '**a,b,,c'],
      [null, null, null, 'null!', null, null, -1, null, null],
    ]);
  });
});

describe('show and printSchema', () => {
  it('print as Spark prints them', async () => {
    const stdout = await runOk(
      t,
      `${PRELUDE}
df = spark.createDataFrame([(1, 'Ann', 2.0), (2, None, 1e7)], 'id INT, name STRING, score DOUBLE')
df.printSchema()
df.show()
df.show(1)
`,
    );
    expect(stdout).toBe(
      [
        'root',
        ' |-- id: integer (nullable = true)',
        ' |-- name: string (nullable = true)',
        ' |-- score: double (nullable = true)',
        '',
        '+---+----+-----+',
        '| id|name|score|',
        '+---+----+-----+',
        '|  1| Ann|  2.0|',
        '|  2|null|1.0E7|',
        '+---+----+-----+',
        '+---+----+-----+',
        '| id|name|score|',
        '+---+----+-----+',
        '|  1| Ann|  2.0|',
        '+---+----+-----+',
        'only showing top 1 row',
        '',
      ].join('\n'),
    );
  });
});

describe('unsupported API', () => {
  it('fails the script with "not supported locally: <API>"', async () => {
    const r = await runScript(t, `${PRELUDE}\nspark.createDataFrame([(1,)], ['a']).toPandas()\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('NotImplementedError: not supported locally: DataFrame.toPandas');
    const f = await runScript(t, `${PRELUDE}\nfrom pyspark.sql.functions import soundex\n`);
    expect(f.stderr).toContain('not supported locally: pyspark.sql.functions.soundex');
  });
});

describe('Spark SQL text (spark.sql, selectExpr, filter strings)', () => {
  it('keeps Spark meanings where DuckDB has the same name with another', async () => {
    const [fromSql, fromExpr, filtered, exprs] = await run(`
df = spark.createDataFrame([('a', None, '2024-01-07', 'x1y22'), ('b', 'c', '2024-01-08', 'q')], 'k STRING, v STRING, d STRING, s STRING')
df.createOrReplaceTempView('t')
out([list(r) for r in spark.sql("""
  SELECT concat(k, v), split('a.b', '[.]'), dayofweek(d), regexp_replace(s, '([0-9])', '<$1>'), round(log(100), 4),
         date_format(to_date(d), 'dd/MM/yyyy'), to_date('07/01/2024', 'dd/MM/yyyy'), datediff('2024-01-10', d),
         date_add(d, 1), cast('1.9' as int), cast('abc' as int), size(split(s, '[0-9]')), nvl(v, "none"), 7 / 2
  FROM t ORDER BY k""").collect()])
out([list(r) for r in df.selectExpr('concat(k, v) AS kv', 'dayofweek(d)', 'k || "!"').orderBy('kv').collect()])
out(df.filter("v IS NULL AND d = '2024-01-07'").count())
out([list(r) for r in df.select(F.expr('concat(k, v)'), F.expr("regexp_replace(s, '[0-9]', '#')").alias('masked'), F.expr('7 / 2')).orderBy('masked').collect()])
`);
    expect(fromSql).toEqual([
      [
        null,
        ['a', 'b'],
        1,
        'x<1>y<2><2>',
        4.6052,
        '07/01/2024',
        '2024-01-07',
        3,
        '2024-01-08',
        1,
        null,
        4,
        'none',
        3.5,
      ],
      ['bc', ['a', 'b'], 2, 'q', 4.6052, '08/01/2024', '2024-01-07', 2, '2024-01-09', 1, null, 1, 'c', 3.5],
    ]);
    expect(fromExpr).toEqual([
      [null, 1, 'a!'],
      ['bc', 2, 'b!'],
    ]);
    expect(filtered).toBe(1);
    expect(exprs).toEqual([
      ['bc', 'q', 3.5],
      [null, 'x#y##', 3.5],
    ]);
  });
});
