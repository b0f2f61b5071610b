/**
 * The bronze -> silver pipeline of issue 5, shared by the end-to-end test and `bench/jobs.ts`: a dirty bronze
 * CSV (deterministic), the Glue script users would write to clean it, and the same cleaning computed
 * independently in TypeScript (the expected per-day aggregates).
 */

/** The Glue ETL script, written as Glue users write it (awsglue boilerplate, DataFrame API). */
export const PIPELINE_SCRIPT = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from awsglue.context import GlueContext
from awsglue.job import Job
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ['JOB_NAME', 'input_path', 'output_path'])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args['JOB_NAME'], args)

bronze = spark.read.option('header', 'true').csv(args['input_path'])

silver = (
    bronze
    .dropna(subset=['order_id', 'customer', 'amount'])
    .dropDuplicates(['order_id'])
    .withColumn('amount', F.col('amount').cast('double'))
    .withColumn('quantity', F.col('quantity').cast('int'))
    .withColumn('order_ts', F.to_timestamp('order_time', 'yyyy-MM-dd HH:mm:ss'))
    .filter((F.col('amount') > 0) & F.col('order_ts').isNotNull())
    .withColumn('customer', F.upper(F.trim(F.col('customer'))))
    .withColumn('total', F.round(F.col('amount') * F.col('quantity'), 2))
    .withColumn('dt', F.date_format(F.col('order_ts'), 'yyyy-MM-dd'))
    .select('order_id', 'customer', 'amount', 'quantity', 'total', 'order_ts', 'dt')
)

silver.write.mode('overwrite').partitionBy('dt').parquet(args['output_path'])
job.commit()
`;

export const DAYS = 30;

/** A deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `rows` lines of bronze CSV (plus the header): some rows exactly duplicated, some with an empty customer or
 * amount, amounts that are not numbers or not positive, times in another format, customers to trim/upper-case.
 */
export function bronzeCsv(rows: number, seed = 7): string {
  const next = random(seed);
  const lines = ['order_id,customer,amount,quantity,order_time'];
  let previous = '';
  for (let i = 0; i < rows; i++) {
    if (i % 50 === 49 && previous) {
      lines.push(previous);
      continue;
    }
    const day = 1 + Math.floor(next() * DAYS);
    const hour = Math.floor(next() * 24);
    const minute = Math.floor(next() * 60);
    const customerId = Math.floor(next() * 500);
    let customer = i % 7 === 0 ? `  cust_${customerId} ` : `Cust_${customerId}`;
    if (i % 40 === 3) customer = '';
    let amount = (1 + Math.floor(next() * 20000) / 100).toFixed(2);
    if (i % 33 === 5) amount = 'n/a';
    else if (i % 29 === 6) amount = `-${amount}`;
    else if (i % 61 === 7) amount = '';
    const quantity = String(1 + Math.floor(next() * 9));
    const time =
      i % 37 === 8
        ? `${pad(day)}/01/2024 ${pad(hour)}:${pad(minute)}:00`
        : `2024-01-${pad(day)} ${pad(hour)}:${pad(minute)}:00`;
    previous = `o${i},${customer},${amount},${quantity},${time}`;
    lines.push(previous);
  }
  return `${lines.join('\n')}\n`;
}

export interface DayAggregate {
  orders: number;
  total: number;
  customers: number;
}

/** The script's cleaning done in TypeScript: per day, orders kept, sum of totals, distinct customers. */
export function expectedAggregates(csv: string): Map<string, DayAggregate> {
  const seen = new Set<string>();
  const days = new Map<string, { orders: number; total: number; customers: Set<string> }>();
  const lines = csv.split('\n').slice(1);
  for (const line of lines) {
    if (line === '') continue;
    const [orderId = '', customer = '', amountText = '', quantityText = '', time = ''] = line.split(',');
    if (orderId === '' || customer === '' || amountText === '') continue;
    if (seen.has(orderId)) continue;
    seen.add(orderId);
    const amount = /^-?\d+(\.\d+)?$/.test(amountText) ? Number(amountText) : null;
    const m = /^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}$/.exec(time);
    if (amount === null || !(amount > 0) || !m?.[1]) continue;
    const total = Math.round(amount * Number(quantityText) * 100) / 100;
    const day = days.get(m[1]) ?? { orders: 0, total: 0, customers: new Set<string>() };
    day.orders++;
    day.total += total;
    day.customers.add(customer.trim().toUpperCase());
    days.set(m[1], day);
  }
  return new Map([...days].map(([k, v]) => [k, { orders: v.orders, total: v.total, customers: v.customers.size }]));
}
