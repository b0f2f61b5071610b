"""Exceptions where PySpark 3.3 (Glue 4.0) keeps them."""
from pyspark.errors import (  # noqa: F401
    AnalysisException,
    CapturedException,
    IllegalArgumentException,
    ParseException,
    SparkException,
)
