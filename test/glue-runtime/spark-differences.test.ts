/**
 * Places where DuckDB's meaning differs from Spark's, closed in the PySpark layer: each expectation is Spark's
 * documented (non-ANSI, Glue's default) behaviour, cited where it comes from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { putObjects, runOk, runScript } from './support.js';

const PRELUDE = `
import json, decimal
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import *
spark = SparkSession.builder.appName('t').getOrCreate()
def out(value):
    print('JSON:' + json.dumps(value, default=str))
def rows(df):
    return [list(r) for r in df.collect()]
`;

let t: TestLakebox;

async function run(body: string): Promise<unknown[]> {
  const stdout = await runOk(t, PRELUDE + body);
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('JSON:'))
    .map((l) => JSON.parse(l.slice(5)));
}

beforeAll(async () => {
  t = await startTestLakebox();
  await putObjects(t, 'diff', { 'keep.txt': '' });
}, 60_000);

afterAll(async () => {
  await t?.[Symbol.asyncDispose]();
});

describe('string -> integral casts (Spark UTF8String.toInt/toLong, non-ANSI: invalid text is NULL)', () => {
  // Spark trims whitespace/control characters, takes an optional sign, digits and an optional '.' followed only
  // by digits (the fraction is dropped); exponents, hex, inner blanks and overflow are not integers -> NULL.
  const VALUES = `[('1e3',), ('1.5',), (' 12 ',), ('.5',), ('-9.99',), ('+7.',), ('+',), ('',), ('0x10',), ('1 2',),
  ('2147483648',), ('-2147483648',), ('9223372036854775807',), ('1.5e2',), (None,)]`;
  const INT = [null, 1, 12, 0, -9, 7, null, null, null, null, null, -2147483648, null, null, null];
  const LONG = [null, 1, 12, 0, -9, 7, null, null, null, null, '2147483648', '-2147483648', '9223372036854775807'];

  it('Column.cast to int and bigint', async () => {
    const [ints, longs] = await run(`
df = spark.createDataFrame(${VALUES}, ['s'])
out([r[0] for r in df.select(F.col('s').cast('int')).collect()])
out([str(r[0]) if r[0] is not None and abs(r[0]) > 2**31 - 2 else r[0] for r in df.select(F.col('s').cast('bigint')).collect()])
`);
    expect(ints).toEqual(INT);
    expect(longs).toEqual([...LONG, null, null]);
  });

  it("cast('1e3' as int) in spark.sql and selectExpr is NULL; numbers keep truncating", async () => {
    const [sql, expr] = await run(`
out(rows(spark.sql("SELECT cast('1e3' AS int), cast('1.5' AS int), cast(' -4 ' AS bigint), cast('7' AS smallint), cast('70000' AS smallint), cast(1.9 AS int), cast(CAST(-2.5 AS DOUBLE) AS int)")))
out(rows(spark.createDataFrame([('1e3', 2.7)], ['s', 'd']).selectExpr('cast(s AS int)', 'cast(d AS int)', "cast('12.50' AS tinyint)")))
`);
    expect(sql).toEqual([[null, 1, -4, 7, null, 1, -2]]);
    expect(expr).toEqual([[null, 2, 12]]);
  });
});

describe('join on a column condition keeps both sides\u2019 columns under their names (Spark)', () => {
  const JOINED = `
a = spark.createDataFrame([(1, 'a'), (2, 'b')], ['id', 'name'])
b = spark.createDataFrame([(1, 'B1'), (3, 'B3')], ['id', 'name'])
j = a.join(b, a.id == b.id, 'left')
`;

  it('columns, dtypes, Row fields and show list both `id`s; df1.id / df2.id still resolve', async () => {
    const r = await runScript(
      t,
      `${PRELUDE}${JOINED}
out(j.columns)
out(j.dtypes)
row = j.orderBy(a.id).collect()[0]
out([row.__fields__, list(row), row.name, row['id']])
out(rows(j.select(a.name, b.name).orderBy(a.id)))
out(rows(j.where(b.id.isNull()).select(a.id)))
out(j.drop(b.id).drop(b.name).columns)
out(j.drop('name').columns)
j.orderBy(a.id).show()
j.printSchema()
`,
    );
    expect(r.stderr).toBe('');
    const printed = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('JSON:'))
      .map((l) => JSON.parse(l.slice(5)));
    expect(printed).toEqual([
      ['id', 'name', 'id', 'name'],
      [
        ['id', 'bigint'],
        ['name', 'string'],
        ['id', 'bigint'],
        ['name', 'string'],
      ],
      [['id', 'name', 'id', 'name'], [1, 'a', 1, 'B1'], 'a', 1],
      [
        ['a', 'B1'],
        ['b', null],
      ],
      [[2]],
      ['id', 'name'],
      ['id', 'id'],
    ]);
    expect(r.stdout).toContain(
      '+---+----+----+----+\n| id|name|  id|name|\n+---+----+----+----+\n|  1|   a|   1|  B1|',
    );
    expect(r.stdout).toContain(' |-- id: long (nullable = true)\n |-- name: string (nullable = true)\n |-- id: long');
  });

  it.each([
    ["j.select('id')", 'id'],
    ["j.select(F.col('name'))", 'name'],
    ['j.select(j.id)', 'id'],
    ["j.filter('id > 1')", 'id'],
    ["j.selectExpr('upper(name)')", 'name'],
    ["j.orderBy('id')", 'id'],
  ])('an unqualified reference %s is AMBIGUOUS_REFERENCE', async (call, name) => {
    const r = await runScript(t, `${PRELUDE}${JOINED}\n${call}.collect()\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`AnalysisException: [AMBIGUOUS_REFERENCE] Reference \`${name}\` is ambiguous`);
  });

  it('a name kept once after a select or drop is no longer ambiguous', async () => {
    const [selected, dropped] = await run(`${JOINED}
out(rows(j.select(a.id, b.name).filter('id = 1').select('id', 'name')))
out(rows(j.drop(b.id).filter(F.col('id') == 2).select('id')))
`);
    expect(selected).toEqual([[1, 'B1']]);
    expect(dropped).toEqual([[2]]);
  });

  it('writing a DataFrame with duplicate columns fails as Spark does ("Found duplicate column(s)")', async () => {
    const r = await runScript(t, `${PRELUDE}${JOINED}\nj.write.mode('overwrite').parquet('s3://diff/out/')\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('AnalysisException: Found duplicate column(s) in the data schema: `id`, `name`');
    const ok = await run(`${JOINED}
j.select(a.id, b.name.alias('b_name')).write.mode('overwrite').parquet('s3://diff/ok/')
out(rows(spark.read.parquet('s3://diff/ok/').orderBy('id')))
`);
    expect(ok).toEqual([
      [
        [1, 'B1'],
        [2, null],
      ],
    ]);
  });
});

describe('decimal arithmetic keeps decimals (Spark DecimalPrecision, allowPrecisionLoss=true, non-ANSI)', () => {
  const DATA = `
D = decimal.Decimal
schema = StructType([StructField('a', DecimalType(10, 2)), StructField('b', DecimalType(10, 2)),
                     StructField('n', IntegerType()), StructField('x', DoubleType())])
df = spark.createDataFrame([(D('10.00'), D('3.00'), 7, 1.5), (D('99999999.99'), D('99999999.99'), 2, 2.0),
                            (D('1.00'), D('0.00'), 0, 0.5), (D('-2.50'), D('0.40'), -3, 1.0)], schema)
`;

  it('result types and values of / * + - % with decimal, integral and double operands', async () => {
    const [dtypes, values, grouped] = await run(`${DATA}
r = df.select((F.col('a') / F.col('b')).alias('div'), (df.a * df.b).alias('mul'), (df.a + df.b).alias('add'),
              (df.a - 1).alias('sub1'), (df.a % df.b).alias('mod'), (df.a / df.n).alias('divn'),
              (df.a / 3).alias('div3'), (df.a * df.x).alias('dbl'), (df.n / 2).alias('nd'))
out(r.dtypes)
out([[str(v) for v in row] for row in r.collect()])
g = df.groupBy().agg((F.sum('a') / F.sum('b')).alias('ratio'))
out([g.dtypes, str(g.collect()[0][0])])
`);
    // decimal(10,2) / decimal(10,2): scale max(6, s1 + p2 + 1) = 13, precision p1 - s1 + s2 + 13 = 23;
    // * : (p1 + p2 + 1, s1 + s2); + - : (max(s) + max(p - s) + 1, max(s)); % : (min(p - s) + max(s), max(s));
    // an int column is decimal(10,0), the literal 3 decimal(1,0), a double operand makes the result a double.
    expect(dtypes).toEqual([
      ['div', 'decimal(23,13)'],
      ['mul', 'decimal(21,4)'],
      ['add', 'decimal(11,2)'],
      ['sub1', 'decimal(11,2)'],
      ['mod', 'decimal(10,2)'],
      ['divn', 'decimal(21,13)'],
      ['div3', 'decimal(14,6)'],
      ['dbl', 'double'],
      ['nd', 'double'],
    ]);
    // Division rounds HALF_UP at the result scale; division by zero is NULL (non-ANSI); the product of two
    // decimal(10,2) needs 20 digits (DuckDB's own decimal multiplication stops at 18 and fails).
    expect(values).toEqual([
      ['3.3333333333333', '30.0000', '13.00', '9.00', '1.00', '1.4285714285714', '3.333333', '15.0', '3.5'],
      [
        '1.0000000000000',
        '9999999998000000.0001',
        '199999999.98',
        '99999998.99',
        '0.00',
        '49999999.9950000000000',
        '33333333.330000',
        '199999999.98',
        '1.0',
      ],
      ['None', '0.0000', '1.00', '0.00', 'None', 'None', '0.333333', '0.5', '0.0'],
      ['-6.2500000000000', '-1.0000', '-2.10', '-3.50', '-0.10', '0.8333333333333', '-0.833333', '-2.5', '-1.5'],
    ]);
    // sum(decimal(10,2)) is decimal(20,2); (20,2) / (20,2) is (43,23), over 38 digits: scale cut to 38 - 20 = 18.
    expect(grouped).toEqual([[['ratio', 'decimal(38,18)']], '1.000000050999998271']);
  });

  it('sum of decimal(p,s) is decimal(p+10,s), avg is decimal(p+4,s+4) = sum / count rounded HALF_UP', async () => {
    const [grouped, windowed] = await run(`${DATA}
from pyspark.sql import Window
g = df.agg(F.sum('a').alias('s'), F.avg('a').alias('m'), F.mean(df.b).alias('mb'), F.max('a').alias('x'))
out([g.dtypes, [str(v) for v in g.collect()[0]]])
w = df.select('n', F.sum('a').over(Window.partitionBy('n')).alias('s'), F.avg('b').over(Window.partitionBy('n')).alias('m')).orderBy('n')
out([w.dtypes, [[str(v) for v in r] for r in w.collect()]])
`);
    expect(grouped).toEqual([
      [
        ['s', 'decimal(20,2)'],
        ['m', 'decimal(14,6)'],
        ['mb', 'decimal(14,6)'],
        ['x', 'decimal(10,2)'],
      ],
      // 100000008.49 / 4 = 25000002.1225; 100000003.39 / 4 = 25000000.8475
      ['100000008.49', '25000002.122500', '25000000.847500', '99999999.99'],
    ]);
    expect(windowed).toEqual([
      [
        ['n', 'int'],
        ['s', 'decimal(20,2)'],
        ['m', 'decimal(14,6)'],
      ],
      [
        ['-3', '-2.50', '0.400000'],
        ['0', '1.00', '0.000000'],
        ['2', '99999999.99', '99999999.990000'],
        ['7', '10.00', '3.000000'],
      ],
    ]);
  });
});

describe('arithmetic on string columns (Spark casts the string side to double; not a number -> NULL)', () => {
  it('+ - * / % with a string operand are doubles', async () => {
    const [dtypes, values] = await run(`
df = spark.createDataFrame([('10', 4), ('2.5', 2), ('abc', 1), (None, 3)], ['s', 'n'])
r = df.select((df.s + 1).alias('p'), (df.s * df.n).alias('m'), (df.n - df.s).alias('d'), (df.s / 4).alias('q'), (df.s % 3).alias('r'))
out(r.dtypes)
out(rows(r))
`);
    expect(dtypes).toEqual([
      ['p', 'double'],
      ['m', 'double'],
      ['d', 'double'],
      ['q', 'double'],
      ['r', 'double'],
    ]);
    expect(values).toEqual([
      [11, 40, -6, 2.5, 1],
      [3.5, 5, -0.5, 0.625, 2.5],
      [null, null, null, null, null],
      [null, null, null, null, null],
    ]);
  });
});

describe('division in Spark SQL text follows the operand types DuckDB binds', () => {
  it('decimal / decimal is a decimal (DecimalPrecision), a string operand is cast to double', async () => {
    const [dtypes, values] = await run(`
D = decimal.Decimal
schema = StructType([StructField('a', DecimalType(10, 2)), StructField('b', DecimalType(10, 2)),
                     StructField('s', StringType()), StructField('n', IntegerType())])
spark.createDataFrame([(D('10.00'), D('3.00'), '9', 4), (D('1.00'), D('0.00'), 'x', 0)], schema).createOrReplaceTempView('t')
r = spark.sql('SELECT a / b AS q, a / n AS qn, 1.5 / 2 AS lit, s / 2 AS sd, n / 8 AS nd, (a / b) / 2 AS nested FROM t ORDER BY n DESC')
out(r.dtypes)
out([[str(v) for v in row] for row in r.collect()])
`);
    expect(dtypes).toEqual([
      ['q', 'decimal(23,13)'],
      ['qn', 'decimal(21,13)'],
      ['lit', 'decimal(7,6)'],
      ['sd', 'double'],
      ['nd', 'double'],
      // (23,13) / decimal(1,0): scale max(6, 13 + 1 + 1) = 15, precision 23 - 13 + 15 = 25.
      ['nested', 'decimal(25,15)'],
    ]);
    expect(values).toEqual([
      ['3.3333333333333', '2.5000000000000', '0.750000', '4.5', '0.5', '1.666666666666650'],
      ['None', 'None', '0.750000', 'None', '0.0', 'None'],
    ]);
  });
});

describe('CSV with a user schema parses fields as Spark\u2019s CSV parser does (not as cast)', () => {
  it("int/bigint fields are Integer.parseInt/Long.parseLong ('1.5', ' 12', '1e3' are NULL); booleans are true/false", async () => {
    await putObjects(t, 'diff', { 'csv/n.csv': 'i,l,b\n7,-8,TRUE\n1.5,1e3,yes\n 12,+9,false\nx,,1\n' });
    const [values] = await run(`
df = spark.read.schema('i INT, l BIGINT, b BOOLEAN').option('header', True).csv('s3://diff/csv/n.csv')
out(rows(df))
`);
    expect(values).toEqual([
      [7, -8, true],
      [null, null, null],
      [null, 9, false],
      [null, null, null],
    ]);
  });
});
