import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { awsToolEnv, runs, runTool } from '../support/tools.js';

const hasBoto3 = runs('python3', ['-c', 'import boto3']);

/** What every script starts with: clients from the environment (AWS_ENDPOINT_URL), no retries. */
const PRELUDE = `
import json, time
import boto3
from botocore.config import Config

config = Config(retries={"max_attempts": 1, "mode": "standard"})
glue = boto3.client("glue", config=config)
s3 = boto3.client("s3", config=config)
logs = boto3.client("logs", config=config)
report = {}
ROLE = "arn:aws:iam::000000000000:role/glue"
FINAL = {"SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT", "ERROR", "EXPIRED"}

def wait_run(job, run_id, states=FINAL):
    for _ in range(600):
        run = glue.get_job_run(JobName=job, RunId=run_id)["JobRun"]
        if run["JobRunState"] in states:
            return run
        time.sleep(0.1)
    raise RuntimeError("run %s of %s never reached %s" % (run_id, job, states))

def error_of(call, exception):
    try:
        call()
    except exception as e:
        return {"Class": type(e).__name__, "Code": e.response["Error"]["Code"], "Message": e.response["Error"]["Message"]}
    return None
`;

/** A data engineer's first job: upload the script, create the job, run it, poll, read the run and its logs. */
const RUN_SCRIPT = `${PRELUDE}
s3.create_bucket(Bucket="scripts")
s3.put_object(Bucket="scripts", Key="hello.py", Body=b"""
import sys
print("hello from", sys.argv[sys.argv.index("--JOB_NAME") + 1])
print("greeting", sys.argv[sys.argv.index("--greeting") + 1])
print("to stderr", file=sys.stderr)
""")
glue.create_job(Name="hello", Role=ROLE, Command={"Name": "pythonshell", "ScriptLocation": "s3://scripts/hello.py",
                "PythonVersion": "3.9"}, DefaultArguments={"--greeting": "hi"}, MaxCapacity=0.0625)
job = glue.get_job(JobName="hello")["Job"]
report["job"] = {"Name": job["Name"], "Command": job["Command"], "DefaultArguments": job["DefaultArguments"],
                 "MaxCapacity": job["MaxCapacity"]}

run_id = glue.start_job_run(JobName="hello", Arguments={"--greeting": "bonjour"})["JobRunId"]
run = wait_run("hello", run_id)
report["run"] = {"Id": run["Id"], "RunIdMatches": run["Id"] == run_id, "JobName": run["JobName"],
                 "JobRunState": run["JobRunState"], "Arguments": run["Arguments"], "Attempt": run["Attempt"],
                 "ExecutionTimeIsInt": isinstance(run.get("ExecutionTime"), int),
                 "StartedBeforeCompleted": run["StartedOn"] <= run["CompletedOn"]}

out = logs.get_log_events(logGroupName="/aws-glue/jobs/output", logStreamName=run_id, startFromHead=True)
report["stdout"] = [e["message"] for e in out["events"]]
err = logs.get_log_events(logGroupName="/aws-glue/jobs/error", logStreamName=run_id, startFromHead=True)
report["stderr"] = [e["message"] for e in err["events"]]
streams = logs.describe_log_streams(logGroupName="/aws-glue/jobs/output")["logStreams"]
report["streams"] = [s["logStreamName"] for s in streams]

s3.put_object(Bucket="scripts", Key="boom.py", Body=b"raise ValueError('bad input row 7')")
glue.create_job(Name="boom", Role=ROLE, Command={"Name": "pythonshell", "ScriptLocation": "s3://scripts/boom.py"})
failed = wait_run("boom", glue.start_job_run(JobName="boom")["JobRunId"])
report["failed"] = {"JobRunState": failed["JobRunState"], "ErrorMessage": failed.get("ErrorMessage", "")}
print(json.dumps(report))
`;

/** The exceptions a boto3 user catches by class, and MaxConcurrentRuns. */
const ERRORS_SCRIPT = `${PRELUDE}
s3.create_bucket(Bucket="scripts")
s3.put_object(Bucket="scripts", Key="sleepy.py", Body=b"import time\\ntime.sleep(120)")
command = {"Name": "pythonshell", "ScriptLocation": "s3://scripts/sleepy.py"}
glue.create_job(Name="sleepy", Role=ROLE, Command=command, ExecutionProperty={"MaxConcurrentRuns": 1})

report["missing_job"] = error_of(lambda: glue.get_job(JobName="nope"), glue.exceptions.EntityNotFoundException)
report["missing_start"] = error_of(lambda: glue.start_job_run(JobName="nope"), glue.exceptions.EntityNotFoundException)
report["missing_run"] = error_of(lambda: glue.get_job_run(JobName="sleepy", RunId="jr_" + "0" * 64),
                                 glue.exceptions.EntityNotFoundException)
report["duplicate"] = error_of(lambda: glue.create_job(Name="sleepy", Role=ROLE, Command=command),
                               glue.exceptions.AlreadyExistsException)
report["missing_runs"] = error_of(lambda: glue.get_job_runs(JobName="nope"), glue.exceptions.EntityNotFoundException)
report["no_bookmark"] = error_of(lambda: glue.get_job_bookmark(JobName="sleepy"), glue.exceptions.EntityNotFoundException)
report["no_stream"] = error_of(lambda: logs.get_log_events(logGroupName="/aws-glue/jobs/output", logStreamName="jr_nope"),
                               logs.exceptions.ResourceNotFoundException)
glue.create_trigger(Name="by-hand", Type="ON_DEMAND", Actions=[{"JobName": "sleepy"}])
report["duplicate_trigger"] = error_of(lambda: glue.create_trigger(Name="by-hand", Type="ON_DEMAND", Actions=[{"JobName": "sleepy"}]),
                                       glue.exceptions.AlreadyExistsException)
report["trigger_missing_job"] = error_of(lambda: glue.create_trigger(Name="t2", Type="ON_DEMAND", Actions=[{"JobName": "nope"}]),
                                         glue.exceptions.EntityNotFoundException)
report["stop_on_demand"] = error_of(lambda: glue.stop_trigger(Name="by-hand"), glue.exceptions.InvalidInputException)
report["bad_command"] = error_of(
    lambda: glue.create_job(Name="bad", Role=ROLE, Command={"Name": "sparkling", "ScriptLocation": "s3://scripts/x.py"}),
    glue.exceptions.InvalidInputException)

first = glue.start_job_run(JobName="sleepy")["JobRunId"]
wait_run("sleepy", first, {"RUNNING"})
report["concurrent"] = error_of(lambda: glue.start_job_run(JobName="sleepy"),
                                glue.exceptions.ConcurrentRunsExceededException)
stop = glue.batch_stop_job_run(JobName="sleepy", JobRunIds=[first, "jr_missing"])
report["stop"] = {"Successful": [s["JobRunId"] for s in stop["SuccessfulSubmissions"]],
                  "Errors": [e["JobRunId"] for e in stop["Errors"]]}
report["stopped"] = wait_run("sleepy", first)["JobRunState"]
second = glue.start_job_run(JobName="sleepy")["JobRunId"]
report["after_stop_started"] = second != first
glue.batch_stop_job_run(JobName="sleepy", JobRunIds=[second])
wait_run("sleepy", second)
print(json.dumps(report))
`;

/** boto3's paginators over jobs, runs and triggers; an ON_DEMAND trigger started with start_trigger. */
const PAGES_SCRIPT = `${PRELUDE}
s3.create_bucket(Bucket="scripts")
s3.put_object(Bucket="scripts", Key="quick.py", Body=b"import sys\\nprint(' '.join(sys.argv[1:]))")
command = {"Name": "pythonshell", "ScriptLocation": "s3://scripts/quick.py"}
for i in range(23):
    glue.create_job(Name="job%02d" % i, Role=ROLE, Command=command, Tags={"team": "even" if i % 2 == 0 else "odd"})
glue.create_job(Name="runner", Role=ROLE, Command=command, ExecutionProperty={"MaxConcurrentRuns": 20})

def pages(op, key, **kwargs):
    return [[x if isinstance(x, str) else x.get("Name", x.get("Id")) for x in p[key]]
            for p in glue.get_paginator(op).paginate(**kwargs)]

report["get_jobs"] = pages("get_jobs", "Jobs", PaginationConfig={"PageSize": 10})
report["list_jobs"] = pages("list_jobs", "JobNames", PaginationConfig={"PageSize": 7})
report["list_jobs_even"] = pages("list_jobs", "JobNames", Tags={"team": "even"})
report["get_jobs_max"] = pages("get_jobs", "Jobs", PaginationConfig={"PageSize": 10, "MaxItems": 15})

run_ids = [glue.start_job_run(JobName="runner", Arguments={"--n": str(i)})["JobRunId"] for i in range(12)]
for r in run_ids:
    wait_run("runner", r)
run_pages = pages("get_job_runs", "JobRuns", JobName="runner", PaginationConfig={"PageSize": 5})
report["get_job_runs_sizes"] = [len(p) for p in run_pages]
report["get_job_runs_same_ids"] = sorted(i for p in run_pages for i in p) == sorted(run_ids)
report["get_job_runs_newest_first"] = run_pages[0][0] == run_ids[-1]

for i in range(12):
    glue.create_trigger(Name="t%02d" % i, Type="ON_DEMAND", Actions=[{"JobName": "runner", "Arguments": {"--from": "t%02d" % i}}])
report["get_triggers"] = pages("get_triggers", "Triggers", PaginationConfig={"PageSize": 5})
report["get_triggers_for_job"] = sum(len(p) for p in pages("get_triggers", "Triggers", DependentJobName="runner"))

before = {r["Id"] for p in glue.get_paginator("get_job_runs").paginate(JobName="runner") for r in p["JobRuns"]}
report["start_trigger"] = glue.start_trigger(Name="t03")["Name"]
report["trigger_state"] = glue.get_trigger(Name="t03")["Trigger"]["State"]
new = []
for _ in range(600):
    new = [r for r in glue.get_job_runs(JobName="runner")["JobRuns"] if r["Id"] not in before]
    if new:
        break
    time.sleep(0.1)
fired = wait_run("runner", new[0]["Id"])
report["fired"] = {"count": len(new), "JobRunState": fired["JobRunState"], "Arguments": fired["Arguments"]}
out = logs.get_log_events(logGroupName="/aws-glue/jobs/output", logStreamName=fired["Id"], startFromHead=True)
report["fired_stdout"] = [e["message"] for e in out["events"]]
report["start_missing_trigger"] = error_of(lambda: glue.start_trigger(Name="nope"), glue.exceptions.EntityNotFoundException)
report["bad_trigger"] = error_of(lambda: glue.create_trigger(Name="x", Type="SCHEDULED", Schedule="cron(nonsense)",
                                                             Actions=[{"JobName": "runner"}]),
                                 glue.exceptions.InvalidInputException)
print(json.dumps(report))
`;

/** A glueetl (PySpark) job as written for AWS Glue, run unchanged; its Parquet output read back with Athena. */
const ETL_SCRIPT = `${PRELUDE}
athena = boto3.client("athena", config=config)
for b in ("scripts", "bronze", "silver", "results"):
    s3.create_bucket(Bucket=b)
s3.put_object(Bucket="bronze", Key="sales/2024-01.csv",
              Body=b"id,region,amount\\n1,north,10.5\\n2,south,4\\n3,north,1.5\\n4,east,7\\n")
s3.put_object(Bucket="scripts", Key="etl.py", Body=b"""
import sys
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
glue_context = GlueContext(SparkContext.getOrCreate())
spark = glue_context.spark_session
job = Job(glue_context)
job.init(args["JOB_NAME"], args)
df = spark.read.option("header", "true").csv(args["input_path"])
totals = (df.withColumn("amount", F.col("amount").cast("double"))
            .groupBy("region").agg(F.sum("amount").alias("total"), F.count("*").alias("orders")))
totals.write.mode("overwrite").parquet(args["output_path"])
print("regions", totals.count())
job.commit()
""")
glue.create_job(Name="etl", Role=ROLE, GlueVersion="4.0", WorkerType="G.1X", NumberOfWorkers=2,
                Command={"Name": "glueetl", "ScriptLocation": "s3://scripts/etl.py", "PythonVersion": "3"},
                DefaultArguments={"--input_path": "s3://bronze/sales/", "--output_path": "s3://silver/totals/"})
run = wait_run("etl", glue.start_job_run(JobName="etl")["JobRunId"])
report["run"] = {"JobRunState": run["JobRunState"], "ErrorMessage": run.get("ErrorMessage")}
out = logs.get_log_events(logGroupName="/aws-glue/jobs/output", logStreamName=run["Id"], startFromHead=True)
report["stdout"] = [e["message"] for e in out["events"]]
report["objects"] = [o["Key"] for o in s3.list_objects_v2(Bucket="silver", Prefix="totals/").get("Contents", [])]

def query(sql):
    qid = athena.start_query_execution(QueryString=sql, ResultConfiguration={"OutputLocation": "s3://results/"})["QueryExecutionId"]
    for _ in range(600):
        state = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
        if state["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.05)
    if state["State"] != "SUCCEEDED":
        return state
    return [[c.get("VarCharValue") for c in r["Data"]] for r in athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"]]

query("CREATE DATABASE silver")
query("CREATE EXTERNAL TABLE silver.totals (region string, total double, orders bigint) STORED AS PARQUET LOCATION 's3://silver/totals/'")
report["rows"] = query("SELECT region, total, orders FROM silver.totals ORDER BY region")
print(json.dumps(report))
`;

/**
 * A workflow whose jobs pass values along through the run properties, with boto3 inside the jobs too
 * (--WORKFLOW_NAME and --WORKFLOW_RUN_ID arrive as arguments; the endpoint comes from the job's environment).
 */
const WORKFLOW_SCRIPT = `${PRELUDE}
s3.create_bucket(Bucket="scripts")
step = b"""
import sys, boto3
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
glue = boto3.client("glue")
name, run_id = args["--WORKFLOW_NAME"], args["--WORKFLOW_RUN_ID"]
props = glue.get_workflow_run_properties(Name=name, RunId=run_id)["RunProperties"]
print(args["--JOB_NAME"], "sees", sorted(props.items()))
glue.put_workflow_run_properties(Name=name, RunId=run_id, RunProperties={args["--JOB_NAME"]: "done"})
"""
s3.put_object(Bucket="scripts", Key="step.py", Body=step)
for n in ("extract", "load"):
    glue.create_job(Name=n, Role=ROLE, Command={"Name": "pythonshell", "ScriptLocation": "s3://scripts/step.py"})
glue.create_workflow(Name="nightly", DefaultRunProperties={"day": "2024-01-01"})
glue.create_trigger(Name="nightly-start", WorkflowName="nightly", Type="ON_DEMAND", Actions=[{"JobName": "extract"}])
glue.create_trigger(Name="nightly-load", WorkflowName="nightly", Type="CONDITIONAL", StartOnCreation=True,
                    Predicate={"Conditions": [{"LogicalOperator": "EQUALS", "JobName": "extract", "State": "SUCCEEDED"}]},
                    Actions=[{"JobName": "load"}])
run_id = glue.start_workflow_run(Name="nightly", RunProperties={"day": "2024-02-02"})["RunId"]
for _ in range(600):
    run = glue.get_workflow_run(Name="nightly", RunId=run_id, IncludeGraph=True)["Run"]
    if run["Status"] in ("COMPLETED", "STOPPED", "ERROR"):
        break
    time.sleep(0.1)
report["run"] = {"Status": run["Status"], "Succeeded": run["Statistics"]["SucceededActions"],
                 "Total": run["Statistics"]["TotalActions"], "Properties": run["WorkflowRunProperties"],
                 "Nodes": sorted("%s:%s" % (n["Type"], n["Name"]) for n in run["Graph"]["Nodes"])}
report["stdout"] = {}
for n in ("extract", "load"):
    job_run = glue.get_job_runs(JobName=n)["JobRuns"][0]
    report["stdout"][n] = [e["message"] for e in logs.get_log_events(
        logGroupName="/aws-glue/jobs/output", logStreamName=job_run["Id"], startFromHead=True)["events"]]
    report.setdefault("arguments", {})[n] = sorted(job_run.get("Arguments", {}))
report["missing"] = error_of(lambda: glue.start_workflow_run(Name="nope"), glue.exceptions.EntityNotFoundException)
print(json.dumps(report))
`;

/** Run a script against a fresh lakebox (each test counts its own jobs) and parse its JSON report. */
async function python(script: string): Promise<Record<string, unknown>> {
  await using t = await startTestLakebox();
  const r = await runTool('python3', ['-c', script], awsToolEnv(t.endpoint), 90_000);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe.skipIf(!hasBoto3)(
  hasBoto3
    ? 'Glue jobs, triggers and workflows through boto3'
    : 'Glue jobs, triggers and workflows through boto3 (skipped: no boto3)',
  () => {
    it('creates a pythonshell job from an uploaded script, runs it, polls it and reads its logs', async () => {
      const report = await python(RUN_SCRIPT);
      expect(report['job']).toEqual({
        Name: 'hello',
        Command: { Name: 'pythonshell', ScriptLocation: 's3://scripts/hello.py', PythonVersion: '3.9' },
        DefaultArguments: { '--greeting': 'hi' },
        MaxCapacity: 0.0625,
      });
      expect(report['run']).toMatchObject({
        Id: expect.stringMatching(/^jr_[0-9a-f]{64}$/),
        RunIdMatches: true,
        JobName: 'hello',
        JobRunState: 'SUCCEEDED',
        Arguments: { '--greeting': 'bonjour' },
        Attempt: 0,
        ExecutionTimeIsInt: true,
        StartedBeforeCompleted: true,
      });
      expect(report['stdout']).toEqual(['hello from hello', 'greeting bonjour']);
      expect(report['stderr']).toEqual(['to stderr']);
      expect(report['streams']).toContain((report['run'] as { Id: string }).Id);
      expect(report['failed']).toMatchObject({
        JobRunState: 'FAILED',
        ErrorMessage: expect.stringContaining('ValueError: bad input row 7'),
      });
    });

    it('raises the typed exceptions: EntityNotFound, AlreadyExists, InvalidInput, ConcurrentRunsExceeded', async () => {
      const report = await python(ERRORS_SCRIPT);
      expect(report['missing_job']).toMatchObject({ Class: 'EntityNotFoundException' });
      expect(report['missing_start']).toMatchObject({ Class: 'EntityNotFoundException' });
      expect(report['missing_run']).toMatchObject({
        Class: 'EntityNotFoundException',
        Message: `Job run jr_${'0'.repeat(64)} not found`,
      });
      expect(report['duplicate']).toMatchObject({ Class: 'AlreadyExistsException' });
      expect(report['missing_runs']).toEqual({
        Class: 'EntityNotFoundException',
        Code: 'EntityNotFoundException',
        Message: 'Job with name: nope not found',
      });
      expect(report['no_bookmark']).toMatchObject({
        Class: 'EntityNotFoundException',
        Message: 'Continuation for job sleepy not found',
      });
      expect(report['no_stream']).toMatchObject({
        Class: 'ResourceNotFoundException',
        Message: 'The specified log stream does not exist.',
      });
      expect(report['duplicate_trigger']).toMatchObject({
        Class: 'AlreadyExistsException',
        Message: 'Trigger with name by-hand already exists.',
      });
      expect(report['trigger_missing_job']).toMatchObject({ Class: 'EntityNotFoundException' });
      expect(report['stop_on_demand']).toMatchObject({ Class: 'InvalidInputException' });
      expect(report['bad_command']).toMatchObject({
        Class: 'InvalidInputException',
        Message: expect.stringContaining('sparkling'),
      });
      expect(report['concurrent']).toEqual({
        Class: 'ConcurrentRunsExceededException',
        Code: 'ConcurrentRunsExceededException',
        Message: 'Concurrent runs exceeded for sleepy',
      });
      expect(report['stop']).toEqual({
        Successful: [expect.stringMatching(/^jr_/)],
        Errors: ['jr_missing'],
      });
      expect(report['stopped']).toBe('STOPPED');
      expect(report['after_stop_started']).toBe(true);
    });

    it('pages jobs, runs and triggers with boto3 paginators and fires an ON_DEMAND trigger', async () => {
      const report = await python(PAGES_SCRIPT);
      const names = [...Array.from({ length: 23 }, (_, i) => `job${String(i).padStart(2, '0')}`), 'runner'];
      const jobs = report['get_jobs'] as string[][];
      expect(jobs.map((p) => p.length)).toEqual([10, 10, 4]);
      expect(jobs.flat().sort()).toEqual(names);
      const listed = report['list_jobs'] as string[][];
      expect(listed.map((p) => p.length)).toEqual([7, 7, 7, 3]);
      expect(listed.flat().sort()).toEqual(names);
      expect((report['list_jobs_even'] as string[][]).flat().sort()).toEqual(
        names.filter((_, i) => i < 23 && !(i % 2)),
      );
      expect((report['get_jobs_max'] as string[][]).flat()).toHaveLength(15);

      expect(report['get_job_runs_sizes']).toEqual([5, 5, 2]);
      expect(report['get_job_runs_same_ids']).toBe(true);
      expect(report['get_job_runs_newest_first']).toBe(true);

      const triggers = report['get_triggers'] as string[][];
      expect(triggers.map((p) => p.length)).toEqual([5, 5, 2]);
      expect(triggers.flat().sort()).toEqual(Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`));
      expect(report['get_triggers_for_job']).toBe(12);

      expect(report['start_trigger']).toBe('t03');
      expect(report['trigger_state']).toBe('CREATED');
      expect(report['fired']).toEqual({ count: 1, JobRunState: 'SUCCEEDED', Arguments: { '--from': 't03' } });
      expect(report['fired_stdout']).toEqual([expect.stringContaining('--from t03')]);
      expect(report['start_missing_trigger']).toMatchObject({ Class: 'EntityNotFoundException' });
      expect(report['bad_trigger']).toMatchObject({ Class: 'InvalidInputException' });
    });

    it('runs a glueetl PySpark script unchanged and Athena reads the Parquet it wrote', async () => {
      const report = await python(ETL_SCRIPT);
      expect(report['run']).toEqual({ JobRunState: 'SUCCEEDED', ErrorMessage: null });
      expect(report['stdout']).toContain('regions 3');
      // Spark's layout: part files (and a _SUCCESS marker, which Athena skips).
      const objects = (report['objects'] as string[]).filter((k) => !k.endsWith('/_SUCCESS'));
      expect(objects.length).toBeGreaterThan(0);
      for (const key of objects) expect(key).toMatch(/^totals\/part-.+\.parquet$/);
      expect(report['rows']).toEqual([
        ['region', 'total', 'orders'],
        ['east', '7.0', '1'],
        ['north', '12.0', '2'],
        ['south', '4.0', '1'],
      ]);
    });

    it('runs a workflow whose jobs read and write run properties with boto3', async () => {
      const report = await python(WORKFLOW_SCRIPT);
      expect(report['run']).toEqual({
        Status: 'COMPLETED',
        Succeeded: 2,
        Total: 2,
        Properties: { day: '2024-02-02', extract: 'done', load: 'done' },
        Nodes: ['JOB:extract', 'JOB:load', 'TRIGGER:nightly-load', 'TRIGGER:nightly-start'],
      });
      expect(report['stdout']).toEqual({
        extract: ["extract sees [('day', '2024-02-02')]"],
        load: ["load sees [('day', '2024-02-02'), ('extract', 'done')]"],
      });
      expect(report['arguments']).toEqual({
        extract: ['--WORKFLOW_NAME', '--WORKFLOW_RUN_ID'],
        load: ['--WORKFLOW_NAME', '--WORKFLOW_RUN_ID'],
      });
      expect(report['missing']).toMatchObject({
        Class: 'EntityNotFoundException',
        Message: 'Workflow nope not found.',
      });
    });
  },
);
