"""SparkSession (and its builder): the entry point; owns temp views and makes DataFrames from sources."""
import datetime
import decimal
import itertools

from pyspark._unsupported import Strict, unsupported
from pyspark.sql._patterns import spark_sql_text
from pyspark.sql.column import lit_sql, quote
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.readwriter import DataFrameReader
from pyspark.sql.types import (
    BooleanType, DateType, DecimalType, DoubleType, LongType, Row, StringType, StructField, StructType,
    TimestampType, ArrayType, NullType, to_datatype,
)

_relations = itertools.count(1)


def next_relation():
    return "lb_rel_%d" % next(_relations)


class _Conf(Strict):
    _api_name = "RuntimeConfig"

    def __init__(self):
        self._values = {}

    def set(self, key, value):
        self._values[key] = value

    def get(self, key, default=None):
        return self._values.get(key, default)

    def unset(self, key):
        self._values.pop(key, None)


class _Catalog(Strict):
    _api_name = "Catalog"

    def __init__(self, session):
        self._session = session

    def dropTempView(self, name):
        return self._session._views.pop(name.lower(), None) is not None

    def tableExists(self, tableName, dbName=None):
        raise unsupported("spark.catalog.tableExists")


class SparkSession(Strict):
    _api_name = "SparkSession"
    _active = None

    class Builder(Strict):
        _api_name = "SparkSession.Builder"

        def __init__(self):
            self._conf = {}

        def appName(self, name):
            self._conf["spark.app.name"] = name
            return self

        def master(self, master):
            return self

        def config(self, key=None, value=None, conf=None, **kwargs):
            if key is not None:
                self._conf[key] = value
            return self

        def enableHiveSupport(self):
            return self

        def getOrCreate(self):
            session = SparkSession._active or SparkSession()
            for k, v in self._conf.items():
                session.conf.set(k, v)
            return session

    builder = None  # set below: a fresh Builder per access is not needed

    def __init__(self, sparkContext=None):
        from pyspark.context import SparkContext
        self.sparkContext = sparkContext or SparkContext.getOrCreate()
        self.conf = _Conf()
        self._views = {}
        self.catalog = _Catalog(self)
        SparkSession._active = self

    @classmethod
    def getActiveSession(cls):
        return cls._active

    @property
    def read(self):
        return DataFrameReader(self)

    @property
    def version(self):
        return "3.3.0"

    def newSession(self):
        return self

    def stop(self):
        pass

    def _from_relation(self, spec):
        name = next_relation()
        return DataFrame(self, "SELECT * FROM %s" % quote(name), {name: spec})

    def _register_view(self, name, df, replace):
        key = name.lower()
        if not replace and key in self._views:
            from pyspark.errors import AnalysisException
            raise AnalysisException("Temporary view '%s' already exists" % name)
        rel = next_relation()
        relations = dict(df._relations)
        relations[rel] = {"kind": "query", "sql": df._sql_text}
        self._views[key] = (rel, relations)

    def sql(self, sqlQuery, args=None, **kwargs):
        if args or kwargs:
            raise unsupported("spark.sql with parameters")
        relations = {}
        views = {}
        for key, (rel, rels) in self._views.items():
            relations.update(rels)
            views[key] = rel
        name = next_relation()
        relations[name] = {"kind": "sql", "text": spark_sql_text(sqlQuery), "views": views}
        return DataFrame(self, "SELECT * FROM %s" % quote(name), relations)

    def table(self, tableName):
        parts = [p.strip("`") for p in tableName.split(".")]
        if len(parts) == 1 and parts[0].lower() in self._views:
            rel, rels = self._views[parts[0].lower()]
            return DataFrame(self, "SELECT * FROM %s" % quote(rel), rels)
        if len(parts) == 3 and parts[0].lower() == "spark_catalog":
            parts = parts[1:]
        if len(parts) > 2:
            raise unsupported("table name %s" % tableName)
        database, table = (parts if len(parts) == 2 else ["default", parts[0]])
        return self._from_relation({"kind": "table", "database": database, "table": table})

    def range(self, start, end=None, step=1, numPartitions=None):
        if end is None:
            start, end = 0, start
        return DataFrame(self, "SELECT CAST(range AS BIGINT) AS id FROM range(%d, %d, %d)" % (start, end, step), {})

    def createDataFrame(self, data, schema=None, samplingRatio=None, verifySchema=True):
        if type(data).__module__.split(".")[0] == "pandas":
            raise unsupported("createDataFrame from pandas")
        if isinstance(data, DataFrame):
            return data if schema is None else data.toDF(*(schema if isinstance(schema, (list, tuple)) else schema.names))
        rows = list(data)
        names = None
        if isinstance(schema, (list, tuple)):
            names, schema = list(schema), None
        elif isinstance(schema, str):
            schema = to_datatype(schema)
            if not isinstance(schema, StructType):
                schema = StructType([StructField("value", schema)])
        values = [_row_values(r, names if names else (schema.names if schema else None)) for r in rows]
        if schema is None:
            if names is None:
                first = rows[0] if rows else None
                if isinstance(first, dict):
                    names = list(first.keys())
                elif isinstance(first, Row) and hasattr(first, "__fields__"):
                    names = list(first.__fields__)
                else:
                    width = len(values[0]) if values else 0
                    names = ["_%d" % (i + 1) for i in range(width)]
            if not rows:
                raise ValueError("can not infer schema from empty dataset")
            schema = StructType([StructField(n, _infer([v[i] for v in values])) for i, n in enumerate(names)])
        items = ", ".join("CAST(%s AS %s) AS %s" % ("lb_v%d" % i, f.dataType.duckType(), quote(f.name))
                          for i, f in enumerate(schema.fields))
        if not values:
            nulls = ", ".join("CAST(NULL AS %s) AS %s" % (f.dataType.duckType(), quote(f.name)) for f in schema.fields)
            return DataFrame(self, "SELECT %s WHERE false" % nulls, {})
        body = ", ".join("(%s)" % ", ".join(lit_sql(_plain(v)) for v in row) for row in values)
        cols = ", ".join("lb_v%d" % i for i in range(len(schema.fields)))
        return DataFrame(self, "SELECT %s FROM (VALUES %s) AS lb_values(%s)" % (items, body, cols), {})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


SparkSession.builder = SparkSession.Builder()


def _row_values(row, names):
    if isinstance(row, dict):
        return [row.get(n) for n in (names or list(row.keys()))]
    if isinstance(row, (list, tuple)):
        return list(row)
    return [row]


def _plain(v):
    if isinstance(v, Row):
        raise unsupported("createDataFrame with nested Row values")
    return v


def _infer(values):
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            return BooleanType()
        if isinstance(v, int):
            return LongType()
        if isinstance(v, float):
            return DoubleType()
        if isinstance(v, decimal.Decimal):
            return DecimalType(38, 18)
        if isinstance(v, datetime.datetime):
            return TimestampType()
        if isinstance(v, datetime.date):
            return DateType()
        if isinstance(v, str):
            return StringType()
        if isinstance(v, list):
            return ArrayType(_infer(v))
        raise unsupported("createDataFrame with values of type %s" % type(v).__name__)
    return NullType() if values else StringType()
