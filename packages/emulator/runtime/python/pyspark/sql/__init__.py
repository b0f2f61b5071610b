"""pyspark.sql: SparkSession, DataFrame, Column, Row, Window, functions, types."""
from pyspark._unsupported import module_getattr
from pyspark.sql import functions, types  # noqa: F401
from pyspark.sql.column import Column
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.group import GroupedData
from pyspark.sql.readwriter import DataFrameReader, DataFrameWriter
from pyspark.sql.session import SparkSession
from pyspark.sql.types import Row
from pyspark.sql.window import Window, WindowSpec

SQLContext = None  # not supported; see __getattr__

__all__ = ["SparkSession", "DataFrame", "Column", "Row", "Window", "WindowSpec", "GroupedData",
           "DataFrameReader", "DataFrameWriter", "functions", "types"]

del SQLContext
__getattr__ = module_getattr("pyspark.sql")
