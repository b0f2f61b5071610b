from pyspark.context import SparkConf  # noqa: F401
