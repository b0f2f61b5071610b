import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { awsToolEnv, runs, runTool } from '../support/tools.js';

const hasBoto3 = runs('python3', ['-c', 'import boto3']);

/** Clients from the environment (AWS_ENDPOINT_URL), no retries, and an Athena query loop as users write it. */
const PRELUDE = `
import json, threading, time
import boto3
from botocore.config import Config

config = Config(retries={"max_attempts": 1, "mode": "standard"})
glue = boto3.client("glue", config=config)
s3 = boto3.client("s3", config=config)
athena = boto3.client("athena", config=config)
logs = boto3.client("logs", config=config)
report = {}
ROLE = "arn:aws:iam::000000000000:role/glue"
s3.create_bucket(Bucket="lake")
s3.create_bucket(Bucket="results")

def query(sql, database="default"):
    qid = athena.start_query_execution(QueryString=sql, QueryExecutionContext={"Database": database},
                                       ResultConfiguration={"OutputLocation": "s3://results/athena/"})["QueryExecutionId"]
    for _ in range(600):
        q = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
        if q["Status"]["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.05)
    if q["Status"]["State"] != "SUCCEEDED":
        return {"State": q["Status"]["State"], "Reason": q["Status"].get("StateChangeReason", "")}
    rows = [[c.get("VarCharValue") for c in r["Data"]]
            for p in athena.get_paginator("get_query_results").paginate(QueryExecutionId=qid) for r in p["ResultSet"]["Rows"]]
    return {"State": "SUCCEEDED", "Rows": rows, "StatementType": q.get("StatementType")}
`;

/** Crawl a folder of CSV files, catch CrawlerRunningException, page crawlers, then query the crawled table. */
const CRAWL_SCRIPT = `${PRELUDE}
regions = ["north", "south", "east", "west"]
for i in range(40):
    body = "id,region,amount\\n" + "".join("%d,%s,%d.5\\n" % (i * 10 + j, regions[j % 4], j) for j in range(10))
    s3.put_object(Bucket="lake", Key="raw/sales/part-%03d.csv" % i, Body=body.encode())

glue.create_database(DatabaseInput={"Name": "lakedb"})
glue.create_crawler(Name="sales-crawler", Role=ROLE, DatabaseName="lakedb",
                    Targets={"S3Targets": [{"Path": "s3://lake/raw/sales/"}]})
for i in range(11):
    glue.create_crawler(Name="other-%02d" % i, Role=ROLE, DatabaseName="lakedb",
                        Targets={"S3Targets": [{"Path": "s3://lake/other/%d/" % i}]})
try:
    glue.create_crawler(Name="sales-crawler", Role=ROLE, DatabaseName="lakedb", Targets={"S3Targets": [{"Path": "s3://lake/x/"}]})
    report["duplicate"] = None
except glue.exceptions.AlreadyExistsException as e:
    report["duplicate"] = type(e).__name__

# Two starts at once (two threads, as two schedulers would): one starts the crawl, the other finds it running.
barrier = threading.Barrier(2)
outcomes = []
def start():
    client = boto3.client("glue", config=config)
    barrier.wait()
    try:
        client.start_crawler(Name="sales-crawler")
        outcomes.append("started")
    except client.exceptions.CrawlerRunningException as e:
        outcomes.append({"Class": type(e).__name__, "Message": e.response["Error"]["Message"]})
threads = [threading.Thread(target=start) for _ in range(2)]
for th in threads:
    th.start()
for th in threads:
    th.join()
report["starts"] = sorted(outcomes, key=str)

for _ in range(600):
    crawler = glue.get_crawler(Name="sales-crawler")["Crawler"]
    if crawler["State"] == "READY":
        break
    time.sleep(0.1)
prefix = crawler["LastCrawl"]["MessagePrefix"]
events = logs.get_log_events(logGroupName=crawler["LastCrawl"]["LogGroup"], logStreamName=crawler["LastCrawl"]["LogStream"],
                             startFromHead=True)["events"]
report["crawl_log"] = {"first": events[0]["message"] if events else None,
                       "all_prefixed": all(e["message"].startswith("[%s] " % prefix) for e in events),
                       "prefix_is_crawl_id": prefix == glue.list_crawls(CrawlerName="sales-crawler")["Crawls"][0]["CrawlId"]}
report["crawler"] = {"State": crawler["State"], "LastCrawl": crawler["LastCrawl"]["Status"],
                     "LogGroup": crawler["LastCrawl"]["LogGroup"], "LogStream": crawler["LastCrawl"]["LogStream"]}
try:
    glue.get_crawler(Name="nope")
    report["missing"] = None
except glue.exceptions.EntityNotFoundException as e:
    report["missing"] = type(e).__name__

pages = list(glue.get_paginator("get_crawlers").paginate(PaginationConfig={"PageSize": 5}))
report["crawler_pages"] = [[c["Name"] for c in p["Crawlers"]] for p in pages]

table = glue.get_table(DatabaseName="lakedb", Name="sales")["Table"]
report["table"] = {"Name": table["Name"], "Columns": table["StorageDescriptor"]["Columns"],
                   "Location": table["StorageDescriptor"]["Location"],
                   "classification": table["Parameters"].get("classification")}
report["query"] = query("SELECT region, count(*) AS n, sum(amount) AS total FROM sales GROUP BY region ORDER BY region",
                        "lakedb")
print(json.dumps(report))
`;

/** Athena DDL through boto3: CREATE EXTERNAL TABLE, MSCK REPAIR TABLE, CTAS; then Glue sees what Athena wrote. */
const DDL_SCRIPT = `${PRELUDE}
s3.put_object(Bucket="lake", Key="events/dt=2024-01-01/a.json", Body=b'{"id": 1, "kind": "click"}\\n{"id": 2, "kind": "view"}\\n')
s3.put_object(Bucket="lake", Key="events/dt=2024-01-02/b.json", Body=b'{"id": 3, "kind": "click"}\\n')
report["create_db"] = query("CREATE DATABASE analytics")
report["create_table"] = query("""CREATE EXTERNAL TABLE analytics.events (id INT, kind STRING)
PARTITIONED BY (dt STRING)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://lake/events/'""")
report["before_repair"] = query("SELECT count(*) FROM analytics.events")
report["repair"] = query("MSCK REPAIR TABLE events", "analytics")
parts = glue.get_partitions(DatabaseName="analytics", TableName="events")["Partitions"]
report["partitions"] = sorted(p["Values"][0] for p in parts)
report["after_repair"] = query("SELECT kind, count(*) FROM analytics.events GROUP BY kind ORDER BY kind")
report["ctas"] = query("""CREATE TABLE analytics.clicks WITH (format = 'PARQUET', external_location = 's3://lake/clicks/')
AS SELECT id, dt FROM analytics.events WHERE kind = 'click'""")
clicks = glue.get_table(DatabaseName="analytics", Name="clicks")["Table"]
report["clicks"] = {"Columns": clicks["StorageDescriptor"]["Columns"], "Location": clicks["StorageDescriptor"]["Location"],
                    "SerDe": clicks["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"]}
report["clicks_objects"] = [o["Key"] for o in s3.list_objects_v2(Bucket="lake", Prefix="clicks/").get("Contents", [])]
report["clicks_rows"] = query("SELECT id, dt FROM analytics.clicks ORDER BY id")
events = glue.get_table(DatabaseName="analytics", Name="events")["Table"]
report["events"] = {"PartitionKeys": events["PartitionKeys"], "Columns": events["StorageDescriptor"]["Columns"],
                    "SerDe": events["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"]}
report["bad_sql"] = query("SELECT nope FROM analytics.events")
try:
    athena.get_query_execution(QueryExecutionId="00000000-0000-0000-0000-000000000000")
    report["missing_query"] = None
except athena.exceptions.InvalidRequestException as e:
    report["missing_query"] = type(e).__name__
print(json.dumps(report))
`;

async function python(script: string): Promise<Record<string, unknown>> {
  await using t = await startTestLakebox();
  const r = await runTool('python3', ['-c', script], awsToolEnv(t.endpoint), 90_000);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe.skipIf(!hasBoto3)(
  hasBoto3 ? 'crawlers and Athena through boto3' : 'crawlers and Athena through boto3 (skipped: no boto3)',
  () => {
    it('crawls a CSV folder, refuses a second start while running, pages crawlers, queries the table', async () => {
      const report = await python(CRAWL_SCRIPT);
      expect(report['duplicate']).toBe('AlreadyExistsException');
      expect(report['starts']).toEqual([
        'started',
        { Class: 'CrawlerRunningException', Message: 'Crawler with name sales-crawler has already started' },
      ]);
      expect(report['crawler']).toEqual({
        State: 'READY',
        LastCrawl: 'SUCCEEDED',
        LogGroup: '/aws-glue/crawlers',
        LogStream: 'sales-crawler',
      });
      // The crawl's lines in CloudWatch Logs, each prefixed with the crawl id (LastCrawl.MessagePrefix).
      expect(report['crawl_log']).toEqual({
        first: expect.stringMatching(/^\[[0-9a-f-]{36}\] BENCHMARK : Running Start Crawl for Crawler sales-crawler$/),
        all_prefixed: true,
        prefix_is_crawl_id: true,
      });
      expect(report['missing']).toBe('EntityNotFoundException');
      const pages = report['crawler_pages'] as string[][];
      expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
      expect(pages.flat().sort()).toEqual(
        [...Array.from({ length: 11 }, (_, i) => `other-${String(i).padStart(2, '0')}`), 'sales-crawler'].sort(),
      );
      expect(report['table']).toEqual({
        Name: 'sales',
        Columns: [
          { Name: 'id', Type: 'bigint' },
          { Name: 'region', Type: 'string' },
          { Name: 'amount', Type: 'double' },
        ],
        Location: 's3://lake/raw/sales/',
        classification: 'csv',
      });
      expect(report['query']).toEqual({
        State: 'SUCCEEDED',
        StatementType: 'DML',
        Rows: [
          ['region', 'n', 'total'],
          ['east', '80', '360.0'],
          ['north', '120', '540.0'],
          ['south', '120', '660.0'],
          ['west', '80', '440.0'],
        ],
      });
    });

    it('runs Athena DDL (CREATE EXTERNAL TABLE, MSCK REPAIR TABLE, CTAS) and Glue shows the tables', async () => {
      const report = await python(DDL_SCRIPT);
      expect(report['create_db']).toMatchObject({ State: 'SUCCEEDED', StatementType: 'DDL' });
      expect(report['create_table']).toMatchObject({ State: 'SUCCEEDED', StatementType: 'DDL' });
      expect(report['events']).toEqual({
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        Columns: [
          { Name: 'id', Type: 'int' },
          { Name: 'kind', Type: 'string' },
        ],
        SerDe: 'org.openx.data.jsonserde.JsonSerDe',
      });
      // Partition folders stay invisible until MSCK REPAIR TABLE registers them.
      expect(report['before_repair']).toMatchObject({ State: 'SUCCEEDED', Rows: [['_col0'], ['0']] });
      expect(report['repair']).toEqual({
        State: 'SUCCEEDED',
        StatementType: 'DDL',
        Rows: [
          ['Partitions not in metastore:\tevents:dt=2024-01-01\tevents:dt=2024-01-02'],
          ['Repair: Added partition to metastore events:dt=2024-01-01'],
          ['Repair: Added partition to metastore events:dt=2024-01-02'],
        ],
      });
      expect(report['partitions']).toEqual(['2024-01-01', '2024-01-02']);
      expect(report['after_repair']).toMatchObject({
        State: 'SUCCEEDED',
        Rows: [
          ['kind', '_col1'],
          ['click', '2'],
          ['view', '1'],
        ],
      });

      expect(report['ctas']).toMatchObject({ State: 'SUCCEEDED' });
      expect(report['clicks']).toEqual({
        Columns: [
          { Name: 'id', Type: 'int' },
          { Name: 'dt', Type: 'string' },
        ],
        Location: 's3://lake/clicks/',
        SerDe: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      });
      expect(report['clicks_objects']).toEqual([expect.stringMatching(/^clicks\/.+\.parquet$/)]);
      expect(report['clicks_rows']).toMatchObject({
        State: 'SUCCEEDED',
        Rows: [
          ['id', 'dt'],
          ['1', '2024-01-01'],
          ['3', '2024-01-02'],
        ],
      });
      expect(report['bad_sql']).toEqual({
        State: 'FAILED',
        Reason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
      });
      expect(report['missing_query']).toBe('InvalidRequestException');
    });
  },
);
