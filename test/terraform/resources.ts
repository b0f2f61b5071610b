/** What the round trip changes between the first apply and the in-place update. */
export interface Revision {
  /** Description of the database, table, job, crawler, trigger and workgroup. */
  description: string;
  /** The workgroup's bytes-scanned cutoff, a nested attribute changed in place. */
  bytesCutoff: number;
  /** The scheduled trigger's cron (UpdateTrigger's Schedule). */
  schedule: string;
}

/** Names the test checks through the SDK after apply and destroy. */
export const NAMES = {
  bucket: 'tf-lake',
  scriptKey: 'scripts/bronze_to_silver.py',
  database: 'tf_sales',
  table: 'orders',
  workgroup: 'tf-analysts',
  namedQuery: 'daily-orders',
  job: 'tf-bronze-to-silver',
  crawler: 'tf-silver-crawler',
  trigger: 'tf-after-job',
  scheduledTrigger: 'tf-nightly',
  workflow: 'tf-daily-load',
  workflowTrigger: 'tf-daily-load-start',
} as const;

/**
 * The resources of the round trip, as a Terraform user would write them for a small lake: a bucket with a
 * job script, a database with a partitioned Parquet table, a workgroup with a named query, a pythonshell
 * job, a crawler over the job's output, a conditional trigger that starts the crawler when the job succeeds,
 * a nightly scheduled trigger for the job, and a workflow with an on-demand start trigger.
 */
export function lakeResources(rev: Revision): string {
  const d = JSON.stringify(rev.description);
  const core = `
resource "aws_s3_bucket" "lake" {
  bucket        = "${NAMES.bucket}"
  force_destroy = true
  tags = {
    team = "data"
  }
}

resource "aws_s3_object" "script" {
  bucket       = aws_s3_bucket.lake.id
  key          = "${NAMES.scriptKey}"
  content      = "print('bronze to silver')\\n"
  content_type = "text/x-python"
}

resource "aws_glue_catalog_database" "sales" {
  name        = "${NAMES.database}"
  description = ${d}
  location_uri = "s3://${NAMES.bucket}/silver/"
  parameters = {
    owner = "data"
  }
}

resource "aws_glue_catalog_table" "orders" {
  name          = "${NAMES.table}"
  database_name = aws_glue_catalog_database.sales.name
  description   = ${d}
  table_type    = "EXTERNAL_TABLE"
  parameters = {
    classification = "parquet"
    EXTERNAL       = "TRUE"
  }

  partition_keys {
    name = "dt"
    type = "string"
  }

  storage_descriptor {
    location      = "s3://${NAMES.bucket}/silver/orders/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      name                  = "parquet"
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
      parameters = {
        "serialization.format" = "1"
      }
    }

    columns {
      name    = "id"
      type    = "bigint"
      comment = "order id"
    }
    columns {
      name = "amount"
      type = "decimal(10,2)"
    }
    columns {
      name = "customer"
      type = "string"
    }
  }
}

resource "aws_athena_workgroup" "analysts" {
  name          = "${NAMES.workgroup}"
  description   = ${d}
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = false
    bytes_scanned_cutoff_per_query     = ${rev.bytesCutoff}

    result_configuration {
      output_location = "s3://${NAMES.bucket}/athena-results/"
    }
  }
}

resource "aws_athena_named_query" "daily" {
  name      = "${NAMES.namedQuery}"
  workgroup = aws_athena_workgroup.analysts.id
  database  = aws_glue_catalog_database.sales.name
  query     = "SELECT dt, count(*) FROM ${NAMES.table} GROUP BY dt"
}
`;
  const job = `
resource "aws_glue_job" "bronze_to_silver" {
  name         = "${NAMES.job}"
  description  = ${d}
  role_arn     = "arn:aws:iam::000000000000:role/glue-jobs"
  max_capacity = 0.0625
  glue_version = "3.0"

  command {
    name            = "pythonshell"
    python_version  = "3.9"
    script_location = "s3://${NAMES.bucket}/${NAMES.scriptKey}"
  }

  default_arguments = {
    "--output_path" = "s3://${NAMES.bucket}/silver/orders/"
  }

  tags = {
    team = "data"
  }

  depends_on = [aws_s3_object.script]
}
`;
  const crawler = `
resource "aws_glue_crawler" "silver" {
  name          = "${NAMES.crawler}"
  description   = ${d}
  role          = "arn:aws:iam::000000000000:role/glue-crawlers"
  database_name = aws_glue_catalog_database.sales.name
  table_prefix  = "crawled_"

  s3_target {
    path       = "s3://${NAMES.bucket}/silver/"
    exclusions = ["**/_SUCCESS"]
  }

  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }
}
`;
  const trigger = `
resource "aws_glue_trigger" "after_job" {
  name        = "${NAMES.trigger}"
  description = ${d}
  type        = "CONDITIONAL"

  predicate {
    conditions {
      job_name = aws_glue_job.bronze_to_silver.name
      state    = "SUCCEEDED"
    }
  }

  actions {
    crawler_name = aws_glue_crawler.silver.name
  }

  tags = {
    team = "data"
  }
}

resource "aws_glue_trigger" "nightly" {
  name     = "${NAMES.scheduledTrigger}"
  type     = "SCHEDULED"
  schedule = "${rev.schedule}"

  actions {
    job_name  = aws_glue_job.bronze_to_silver.name
    arguments = {
      "--day" = "yesterday"
    }
    timeout = 30
  }
}
`;
  const workflow = `
resource "aws_glue_workflow" "daily" {
  name                   = "${NAMES.workflow}"
  description            = ${d}
  max_concurrent_runs    = 1
  default_run_properties = {
    env = "dev"
  }
}

resource "aws_glue_trigger" "daily_start" {
  name          = "${NAMES.workflowTrigger}"
  type          = "ON_DEMAND"
  workflow_name = aws_glue_workflow.daily.name
  enabled       = false

  actions {
    job_name = aws_glue_job.bronze_to_silver.name
  }
}
`;
  return core + job + crawler + trigger + workflow;
}
