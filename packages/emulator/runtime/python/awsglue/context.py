"""GlueContext: spark_session, create_dynamic_frame.from_catalog/from_options, write_dynamic_frame.*."""
import sys

from pyspark._unsupported import Strict, unsupported
from pyspark.context import SparkContext
from pyspark.sql import _client
from pyspark.sql.readwriter import csv_options
from pyspark.sql.session import SparkSession
from awsglue.dynamicframe import DynamicFrame
from awsglue import job as job_module


class _Logger:
    def _log(self, level, msg):
        print("%s %s" % (level, msg), file=sys.stderr, flush=True)

    def info(self, msg):
        self._log("INFO", msg)

    def warn(self, msg):
        self._log("WARN", msg)

    warning = warn

    def error(self, msg):
        self._log("ERROR", msg)


_FORMATS = {"csv": "csv", "json": "json", "parquet": "parquet", "glueparquet": "parquet"}


def _format(fmt):
    f = _FORMATS.get((fmt or "").lower())
    if f is None:
        raise unsupported("Glue format '%s'" % fmt)
    return f


class _Reader(Strict):
    _api_name = "GlueContext.create_dynamic_frame"

    def __init__(self, ctx):
        self._ctx = ctx

    def from_catalog(self, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     push_down_predicate="", additional_options=None, catalog_id=None, name_space=None, **kwargs):
        database = database or name_space
        if not database or not table_name:
            raise TypeError("from_catalog needs database and table_name")
        df = self._ctx.spark_session.table("%s.%s" % (database, table_name))
        if push_down_predicate:
            df = df.filter(push_down_predicate)
        return DynamicFrame(df, self._ctx, table_name)

    def from_options(self, connection_type="s3", connection_options=None, format=None, format_options=None,  # noqa: A002
                     transformation_ctx="", **kwargs):
        if connection_type != "s3":
            raise unsupported("create_dynamic_frame.from_options(connection_type='%s')" % connection_type)
        opts = connection_options or {}
        paths = opts.get("paths") or ([opts["path"]] if "path" in opts else [])
        if not paths:
            raise ValueError("connection_options needs 'paths'")
        for key in ("exclusions", "boundedFiles", "boundedSize"):
            if opts.get(key):
                raise unsupported("connection option '%s'" % key)
        fmt = _format(format)
        fo = format_options or {}
        session = self._ctx.spark_session
        reader = session.read.format(fmt)
        spec_options = None
        if fmt == "csv":
            with_header = str(fo.get("withHeader", False)).lower() == "true"
            read_opts = {"header": with_header, "inferschema": True}
            if "separator" in fo:
                read_opts["sep"] = fo["separator"]
            if "quoteChar" in fo and fo["quoteChar"] != -1:
                read_opts["quote"] = fo["quoteChar"]
            if "escaper" in fo:
                read_opts["escape"] = fo["escaper"]
            spec_options = csv_options(read_opts)
            # Glue's CSV reader infers numbers (long, double); everything else stays a string.
            spec_options["inferNumbersOnly"] = True
            spec_options["glueNames"] = not with_header
        files = self._bookmarked_files(transformation_ctx, paths)
        if files is not None and not files:
            # Nothing new since the bookmark: the source's columns, no rows (as Glue gives an empty frame).
            df = reader._files(fmt, paths).limit(0)
        else:
            df = reader._files(fmt, paths, files)
        if spec_options is not None:
            rel = next(iter(df._relations.values()))
            rel["options"] = spec_options
        return DynamicFrame(df, self._ctx, transformation_ctx)

    def _bookmarked_files(self, ctx, paths):
        job = job_module.active_job()
        if job is None or not job.bookmarks_enabled() or not ctx:
            return None
        listed = _client.client().runtime("files", {"paths": paths})["files"]
        done = job.processed_files(ctx)
        new = [f["uri"] for f in listed if f["uri"] not in done]
        job.record_files(ctx, new)
        return new


class _Writer(Strict):
    _api_name = "GlueContext.write_dynamic_frame"

    def __init__(self, ctx):
        self._ctx = ctx

    def from_options(self, frame, connection_type="s3", connection_options=None, format=None,  # noqa: A002
                     format_options=None, transformation_ctx="", **kwargs):
        if connection_type != "s3":
            raise unsupported("write_dynamic_frame.from_options(connection_type='%s')" % connection_type)
        opts = connection_options or {}
        if "path" not in opts:
            raise ValueError("connection_options needs 'path'")
        fmt = _format(format)
        fo = format_options or {}
        df = frame.toDF() if isinstance(frame, DynamicFrame) else frame
        writer = df.write.mode("append").format(fmt).partitionBy(*(opts.get("partitionKeys") or []))
        if fmt == "csv":
            writer = writer.option("header", str(fo.get("writeHeader", True)).lower() == "true")
            if "separator" in fo:
                writer = writer.option("sep", fo["separator"])
        if fo.get("compression"):
            writer = writer.option("compression", fo["compression"])
        writer.save(opts["path"])
        return frame

    def from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     additional_options=None, catalog_id=None, name_space=None, **kwargs):
        database = database or name_space
        add = additional_options or {}
        info = _client.client().runtime("table", {"database": database, "table": table_name})
        keys = add.get("partitionKeys") or info.get("partitionKeys") or []
        df = frame.toDF() if isinstance(frame, DynamicFrame) else frame
        writer = df.write.mode("append").format(info["format"]).partitionBy(*keys)
        if info["format"] == "csv":
            writer = writer.option("sep", info.get("sep", ",")).option("header", False)
        written = writer.save(info["location"])
        if _true(add.get("enableUpdateCatalog")):
            update = add.get("updateBehavior", "UPDATE_IN_DATABASE")
            register(df, database, table_name, info["location"], info["format"], keys, written, False, update)
        return frame


def _true(value):
    return str(value).lower() == "true"


def register(df, database, table, location, fmt, keys, written, create, update_behavior):
    """Glue's enableUpdateCatalog: create the table (sinks), add new columns, register the partitions written."""
    lowered = {k.lower() for k in keys}
    columns = [{"Name": f.name, "Type": f.dataType.simpleString()} for f in df.schema.fields
               if f.name.lower() not in lowered]
    return _client.client().runtime("register", {
        "database": database, "table": table, "location": location, "format": fmt, "columns": columns,
        "partitionKeys": list(keys), "files": (written or {}).get("files", []), "create": create,
        "updateSchema": update_behavior == "UPDATE_IN_DATABASE",
    })


class _Sink(Strict):
    """glueContext.getSink(...): setFormat, setCatalogInfo, writeFrame (with enableUpdateCatalog)."""

    _api_name = "DataSink"

    def __init__(self, ctx, path, partition_keys, update_catalog, update_behavior, options):
        self._ctx = ctx
        self._path = path
        self._keys = list(partition_keys or [])
        self._update = update_catalog
        self._behavior = update_behavior
        self._options = options
        self._format = "parquet"
        self._format_options = {}
        self._catalog = None

    def setFormat(self, format, **options):  # noqa: A002
        self._format = _format(format)
        self._format_options = options
        return self

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=None):
        self._catalog = (catalogDatabase, catalogTableName)
        return self

    def writeFrame(self, dynamic_frame, info=""):
        df = dynamic_frame.toDF() if isinstance(dynamic_frame, DynamicFrame) else dynamic_frame
        writer = df.write.mode("append").format(self._format).partitionBy(*self._keys)
        if self._format == "csv":
            writer = writer.option("header", False)
        compression = self._options.get("compression") or self._format_options.get("compression")
        if compression:
            writer = writer.option("compression", compression)
        written = writer.save(self._path)
        if self._update:
            if self._catalog is None:
                raise ValueError("enableUpdateCatalog needs setCatalogInfo(catalogDatabase=..., catalogTableName=...)")
            register(df, self._catalog[0], self._catalog[1], self._path, self._format, self._keys, written, True,
                     self._behavior)
        return dynamic_frame

    def write(self, dynamic_frame):
        return self.writeFrame(dynamic_frame)


class GlueContext(Strict):
    _api_name = "GlueContext"

    def __init__(self, sparkContext=None, **options):
        self._sc = sparkContext or SparkContext.getOrCreate()
        self.spark_session = SparkSession.getActiveSession() or SparkSession(self._sc)
        self.create_dynamic_frame = _Reader(self)
        self.write_dynamic_frame = _Writer(self)

    def create_dynamic_frame_from_catalog(self, *args, **kwargs):
        return self.create_dynamic_frame.from_catalog(*args, **kwargs)

    def create_dynamic_frame_from_options(self, *args, **kwargs):
        return self.create_dynamic_frame.from_options(*args, **kwargs)

    def write_dynamic_frame_from_options(self, *args, **kwargs):
        return self.write_dynamic_frame.from_options(*args, **kwargs)

    def write_dynamic_frame_from_catalog(self, *args, **kwargs):
        return self.write_dynamic_frame.from_catalog(*args, **kwargs)

    def get_logger(self):
        return _Logger()

    def purge_s3_path(self, s3_path, options=None, transformation_ctx=""):
        """Delete the objects under s3_path older than options['retentionPeriod'] hours (Glue's default: 168)."""
        opts = options or {}
        if opts.get("excludeStorageClasses"):
            raise unsupported("purge_s3_path with excludeStorageClasses")
        _client.client().runtime("purge", {"path": s3_path, "retentionHours": float(opts.get("retentionPeriod", 168))})

    def getSink(self, connection_type="s3", path=None, enableUpdateCatalog=False,
                updateBehavior="UPDATE_IN_DATABASE", partitionKeys=None, transformation_ctx="", **options):
        if connection_type != "s3":
            raise unsupported("getSink(connection_type='%s')" % connection_type)
        if not path:
            raise ValueError("getSink needs path")
        return _Sink(self, path, partitionKeys, _true(enableUpdateCatalog), updateBehavior, options)

    @property
    def sparkSession(self):
        return self.spark_session


__all__ = ["GlueContext"]
