import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { awsToolEnv, runs, runTool } from '../support/tools.js';

const hasBoto3 = runs('python3', ['-c', 'import boto3']);

/**
 * The script a boto3 user would write. It reads lakebox's endpoint from AWS_ENDPOINT_URL (set in its
 * environment, never on a command line) and prints one JSON report for the test to check.
 */
const SCRIPT = `
import datetime, json
import boto3
from botocore.config import Config

glue = boto3.client("glue", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
report = {}

glue.create_database(DatabaseInput={"Name": "Boto_DB", "Description": "from boto3"})
db = glue.get_database(Name="boto_db")["Database"]
report["database"] = {"Name": db["Name"], "Description": db["Description"], "CatalogId": db["CatalogId"],
                      "CreateTimeIsDatetime": isinstance(db["CreateTime"], datetime.datetime),
                      "CreateTime": db["CreateTime"].timestamp()}

for i in range(250):
    glue.create_table(DatabaseName="boto_db", TableInput={
        "Name": "t%03d" % i,
        "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"}], "Location": "s3://lake/t%03d/" % i},
        "PartitionKeys": [{"Name": "dt", "Type": "string"}],
    })

pages = list(glue.get_paginator("get_tables").paginate(DatabaseName="boto_db"))
report["page_sizes"] = [len(p["TableList"]) for p in pages]
report["names"] = [t["Name"] for p in pages for t in p["TableList"]]
small = list(glue.get_paginator("get_tables").paginate(DatabaseName="boto_db", PaginationConfig={"PageSize": 40}))
report["small_page_sizes"] = [len(p["TableList"]) for p in small]

table = glue.get_table(DatabaseName="boto_db", Name="t007")["Table"]
report["table"] = {"Name": table["Name"], "Location": table["StorageDescriptor"]["Location"],
                   "PartitionKeys": table["PartitionKeys"], "UpdateTimeIsDatetime": isinstance(table["UpdateTime"], datetime.datetime)}

try:
    glue.get_table(DatabaseName="boto_db", Name="missing")
    report["not_found"] = None
except glue.exceptions.EntityNotFoundException as e:
    report["not_found"] = {"Code": e.response["Error"]["Code"], "Message": e.response["Error"]["Message"],
                           "Status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                           "RequestId": e.response["ResponseMetadata"].get("RequestId", "")}

try:
    glue.create_database(DatabaseInput={"Name": "boto_db"})
    report["already_exists"] = None
except glue.exceptions.AlreadyExistsException as e:
    report["already_exists"] = e.response["Error"]["Code"]

print(json.dumps(report))
`;

let t: TestLakebox;

describe.skipIf(!hasBoto3)(
  hasBoto3 ? 'boto3 against lakebox' : 'boto3 against lakebox (skipped: python3 cannot import boto3)',
  () => {
    beforeAll(async () => {
      t = await startTestLakebox();
    });
    afterAll(async () => {
      await t?.[Symbol.asyncDispose]();
    });

    it('creates a database and 250 tables, pages through them and catches the typed exceptions', async () => {
      const before = Date.now() / 1000;
      const r = await runTool('python3', ['-c', SCRIPT], awsToolEnv(t.endpoint));
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Record<string, unknown>;

      expect(report['database']).toMatchObject({
        Name: 'boto_db',
        Description: 'from boto3',
        CatalogId: '000000000000',
        CreateTimeIsDatetime: true,
      });
      const created = (report['database'] as { CreateTime: number }).CreateTime;
      expect(created).toBeGreaterThanOrEqual(Math.floor(before));
      expect(created).toBeLessThanOrEqual(Date.now() / 1000);

      const expected = Array.from({ length: 250 }, (_, i) => `t${String(i).padStart(3, '0')}`);
      expect(report['names']).toEqual(expected);
      expect(report['page_sizes']).toEqual([100, 100, 50]);
      expect(report['small_page_sizes']).toEqual([40, 40, 40, 40, 40, 40, 10]);

      expect(report['table']).toEqual({
        Name: 't007',
        Location: 's3://lake/t007/',
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        UpdateTimeIsDatetime: true,
      });
      expect(report['not_found']).toMatchObject({
        Code: 'EntityNotFoundException',
        Message: 'Table missing not found.',
        Status: 400,
        RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(report['already_exists']).toBe('AlreadyExistsException');
    });
  },
);
