"""Bronze → silver for the sales pipeline.

Reads the raw order CSVs, keeps valid orders (an id, a positive amount, a parseable timestamp), drops
duplicate order ids, types the columns and writes Parquet partitioned by day. Standard AWS Glue PySpark:
the same file runs on AWS Glue and on lakebox.
"""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "bronze_path", "silver_path"])

sc = SparkContext.getOrCreate()
glue_context = GlueContext(sc)
spark = glue_context.spark_session
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

bronze = spark.read.option("header", "true").csv(args["bronze_path"])

silver = (
    bronze.filter(F.col("order_id").isNotNull() & (F.col("order_id") != ""))
    .withColumn("amount", F.col("amount").cast("decimal(12,2)"))
    .withColumn("ordered_at", F.to_timestamp(F.col("ordered_at")))
    .filter(F.col("amount").isNotNull() & (F.col("amount") > 0) & F.col("ordered_at").isNotNull())
    .dropDuplicates(["order_id"])
    .withColumn("dt", F.date_format(F.col("ordered_at"), "yyyy-MM-dd"))
    .select("order_id", "customer_id", "country", "amount", "ordered_at", "dt")
)

silver.write.mode("overwrite").partitionBy("dt").parquet(args["silver_path"])

job.commit()
