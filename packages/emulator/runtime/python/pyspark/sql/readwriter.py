"""spark.read (DataFrameReader) and df.write (DataFrameWriter) over lakebox's S3."""
from pyspark._unsupported import Strict, unsupported
from pyspark.sql.types import DateType, StructType, TimestampType, to_datatype


def _bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"


_CSV_IGNORED = {"multiline", "ignoreleadingwhitespace", "ignoretrailingwhitespace", "samplingratio",
                "enforceschema", "maxcolumns", "maxcharspercolumn", "charset", "encoding", "mergeschema",
                "recursivefilelookup", "columnnameofcorruptrecord", "emptyvalue", "datetimerebasemode",
                "int96rebasemode", "pathglobfilter", "primitivesasstring", "allowcomments", "lineSep".lower()}


class DataFrameReader(Strict):
    _api_name = "DataFrameReader"

    def __init__(self, session):
        self._session = session
        self._format = None
        self._options = {}
        self._schema = None

    def format(self, source):
        self._format = source.lower()
        return self

    def option(self, key, value):
        self._options[key.lower()] = value
        return self

    def options(self, **options):
        for k, v in options.items():
            self.option(k, v)
        return self

    def schema(self, schema):
        self._schema = to_datatype(schema) if isinstance(schema, str) else schema
        if not isinstance(self._schema, StructType):
            raise TypeError("schema should be StructType or string")
        return self

    def load(self, path=None, format=None, schema=None, **options):  # noqa: A002
        if format:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        fmt = self._format or "parquet"
        if fmt not in ("csv", "json", "parquet"):
            raise unsupported("spark.read.format('%s')" % fmt)
        if path is None:
            raise unsupported("DataFrameReader.load() without a path")
        return self._files(fmt, path)

    def csv(self, path, schema=None, sep=None, header=None, inferSchema=None, **kw):
        for k, v in (("sep", sep), ("header", header), ("inferSchema", inferSchema)):
            if v is not None:
                self.option(k, v)
        return self.load(path, "csv", schema, **kw)

    def json(self, path, schema=None, **kw):
        return self.load(path, "json", schema, **kw)

    def parquet(self, *paths, **kw):
        return self.load(list(paths), "parquet", None, **kw)

    def table(self, tableName):
        return self._session.table(tableName)

    def orc(self, *args, **kwargs):
        raise unsupported("spark.read.orc")

    def text(self, *args, **kwargs):
        raise unsupported("spark.read.text")

    def jdbc(self, *args, **kwargs):
        raise unsupported("spark.read.jdbc")

    def _files(self, fmt, path, files=None):
        paths = [path] if isinstance(path, str) else list(path)
        spec = {"kind": "files", "format": fmt, "paths": paths}
        if files is not None:
            spec["files"] = files
        o = self._options
        if fmt == "csv":
            spec["options"] = csv_options(o)
        else:
            for k in o:
                if k not in _CSV_IGNORED and k not in ("compression",):
                    raise unsupported("%s read option '%s'" % (fmt, k))
        if self._schema is not None:
            _check_formats(self._schema, o)
            spec["schema"] = [{"name": f.name, "duckType": f.dataType.duckType()} for f in self._schema.fields]
        return self._session._from_relation(spec)


def csv_options(o):
    out = {"header": _bool(o.get("header", False)), "inferSchema": _bool(o.get("inferschema", False))}
    sep = o.get("sep", o.get("delimiter"))
    if sep is not None:
        out["sep"] = "\t" if sep == "\\t" else sep
    for key, name in (("quote", "quote"), ("escape", "escape"), ("nullvalue", "nullValue"), ("comment", "comment")):
        if key in o:
            out[name] = o[key]
    mode = str(o.get("mode", "PERMISSIVE")).upper()
    if mode != "PERMISSIVE":
        raise unsupported("CSV read mode %s (only PERMISSIVE)" % mode)
    enc = str(o.get("encoding", o.get("charset", "utf-8"))).lower().replace("-", "")
    if enc != "utf8":
        raise unsupported("CSV encoding %s" % enc)
    for k in o:
        if k not in _CSV_IGNORED and k not in ("header", "inferschema", "sep", "delimiter", "quote", "escape",
                                                "nullvalue", "comment", "mode", "dateformat", "timestampformat"):
            raise unsupported("CSV read option '%s'" % k)
    return out


def _check_formats(schema, o):
    """A user schema with date/timestamp columns reads ISO text; other dateFormat/timestampFormat are not supported."""
    has_date = any(isinstance(f.dataType, DateType) for f in schema.fields)
    has_ts = any(isinstance(f.dataType, TimestampType) for f in schema.fields)
    if has_date and o.get("dateformat") not in (None, "yyyy-MM-dd"):
        raise unsupported("reading dates with dateFormat '%s' (read strings, then to_date(col, fmt))" % o["dateformat"])
    if has_ts and o.get("timestampformat") not in (None, "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]"):
        raise unsupported("reading timestamps with timestampFormat '%s' (read strings, then to_timestamp(col, fmt))" % o["timestampformat"])


class DataFrameWriter(Strict):
    _api_name = "DataFrameWriter"

    def __init__(self, df):
        self._df = df
        self._mode = None
        self._format = None
        self._options = {}
        self._partition_by = []

    def mode(self, saveMode):
        if saveMode is not None:
            self._mode = saveMode.lower()
        return self

    def format(self, source):
        self._format = source.lower()
        return self

    def option(self, key, value):
        self._options[key.lower()] = value
        return self

    def options(self, **options):
        for k, v in options.items():
            self.option(k, v)
        return self

    def partitionBy(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        self._partition_by = list(cols)
        return self

    def save(self, path=None, format=None, mode=None, partitionBy=None, **options):  # noqa: A002
        if format:
            self.format(format)
        self.mode(mode)
        if partitionBy:
            self.partitionBy(partitionBy)
        self.options(**options)
        if path is None:
            raise unsupported("DataFrameWriter.save() without a path")
        fmt = self._format or "parquet"
        if self._df._dups:
            # Spark refuses to write a schema with a name twice (case-insensitively), e.g. after a join.
            seen, dups = set(), []
            for name in self._df.columns:
                if name.lower() in seen and name.lower() not in dups:
                    dups.append(name.lower())
                seen.add(name.lower())
            if dups:
                from pyspark.errors import AnalysisException
                raise AnalysisException("Found duplicate column(s) in the data schema: %s" % ", ".join("`%s`" % d for d in dups))
        if fmt not in ("parquet", "csv", "json"):
            raise unsupported("df.write.format('%s')" % fmt)
        opts = {}
        if "compression" in self._options or "codec" in self._options:
            opts["compression"] = str(self._options.get("compression", self._options.get("codec"))).lower()
        overwrite_mode = self._options.get("partitionoverwritemode") or self._df.sparkSession.conf.get(
            "spark.sql.sources.partitionOverwriteMode", "static")
        if str(overwrite_mode).lower() == "dynamic":
            opts["dynamicOverwrite"] = True
        if fmt == "csv":
            opts["header"] = _bool(self._options.get("header", False))
            sep = self._options.get("sep", self._options.get("delimiter"))
            if sep is not None:
                opts["sep"] = sep
        return self._df._call("write", {
            "path": path,
            "format": fmt,
            "mode": self._mode or "errorifexists",
            "partitionBy": self._partition_by,
            "options": opts,
        })

    def parquet(self, path, mode=None, partitionBy=None, compression=None):
        if compression:
            self.option("compression", compression)
        self.save(path, "parquet", mode, partitionBy)

    def csv(self, path, mode=None, compression=None, sep=None, header=None, **kw):
        if compression:
            self.option("compression", compression)
        if sep is not None:
            self.option("sep", sep)
        if header is not None:
            self.option("header", header)
        self.save(path, "csv", mode, None, **kw)

    def json(self, path, mode=None, compression=None, **kw):
        if compression:
            self.option("compression", compression)
        self.save(path, "json", mode, None, **kw)

    def saveAsTable(self, *args, **kwargs):
        raise unsupported("DataFrameWriter.saveAsTable (write to s3:// and register the table)")

    def insertInto(self, *args, **kwargs):
        raise unsupported("DataFrameWriter.insertInto")

    def bucketBy(self, *args, **kwargs):
        raise unsupported("DataFrameWriter.bucketBy")
