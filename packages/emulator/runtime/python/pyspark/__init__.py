"""lakebox's stdlib-only PySpark compatibility layer (ARCHITECTURE.md decision 5).

DataFrame operations build DuckDB SQL lazily; actions send it to the lakebox that started the job
(`LAKEBOX_ENDPOINT`, routes `/_lakebox/runtime/*`). The supported surface is the one Glue ETL scripts use
most; everything else raises `NotImplementedError('not supported locally: <API>')`, so a run fails loudly
instead of giving a wrong answer.
"""
from pyspark._unsupported import module_getattr
from pyspark.context import SparkConf, SparkContext

__version__ = "3.3.0"
__all__ = ["SparkConf", "SparkContext"]

__getattr__ = module_getattr("pyspark")
