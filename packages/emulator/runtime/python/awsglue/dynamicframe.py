"""DynamicFrame: a DataFrame wrapper with Glue's methods (toDF/fromDF, apply_mapping, select/drop/rename)."""
from pyspark._unsupported import Strict, unsupported
from pyspark.sql.column import cast_sql_prefix, cast_sql_suffix, quote
from pyspark.sql.types import to_datatype


class DynamicFrame(Strict):
    _api_name = "DynamicFrame"

    def __init__(self, df, glue_ctx=None, name=""):
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):
        return cls(dataframe, glue_ctx, name)

    def toDF(self, options=None):
        return self._df

    def count(self):
        return self._df.count()

    def show(self, num_rows=20):
        self._df.show(num_rows)

    def printSchema(self):
        self._df.printSchema()

    def schema(self):
        return self._df.schema

    def apply_mapping(self, mappings, case_sensitive=False, transformation_ctx=""):
        return DynamicFrame(apply_mapping_df(self._df, mappings), self.glue_ctx, self.name)

    def select_fields(self, paths, transformation_ctx=""):
        return DynamicFrame(self._df.select(*[self._df._require(p) for p in paths]), self.glue_ctx, self.name)

    def drop_fields(self, paths, transformation_ctx=""):
        return DynamicFrame(self._df.drop(*paths), self.glue_ctx, self.name)

    def rename_field(self, oldName, newName, transformation_ctx=""):
        return DynamicFrame(self._df.withColumnRenamed(oldName, newName), self.glue_ctx, self.name)

    def filter(self, f, transformation_ctx=""):
        raise unsupported("DynamicFrame.filter (a Python function per record); use toDF().filter(...)")

    def map(self, f, transformation_ctx=""):
        raise unsupported("DynamicFrame.map (a Python function per record)")

    def resolveChoice(self, *args, **kwargs):
        raise unsupported("DynamicFrame.resolveChoice")

    def repartition(self, num_partitions):
        return self

    def coalesce(self, num_partitions):
        return self


_GLUE_TYPES = {"long": "bigint", "int": "int", "integer": "int", "short": "smallint", "byte": "tinyint",
               "bigint": "bigint", "string": "string", "double": "double", "float": "float", "boolean": "boolean",
               "date": "date", "timestamp": "timestamp"}


def apply_mapping_df(df, mappings):
    """Glue's ApplyMapping: keep only the mapped fields, each cast (a bad value is NULL) and renamed."""
    items = []
    for m in mappings:
        if len(m) != 4:
            raise unsupported("ApplyMapping entries other than (source, source_type, target, target_type)")
        source, _, target, target_type = m
        if "." in source.strip("`") and df._find(source.strip("`")) is None:
            raise unsupported("ApplyMapping of nested fields (%s)" % source)
        name = df._require(source.strip("`"))
        t = to_datatype(_GLUE_TYPES.get(str(target_type).lower(), str(target_type)))
        items.append("%s%s%s AS %s" % (cast_sql_prefix(t), quote(name), cast_sql_suffix(t), quote(target)))
    return df._derive("SELECT %s FROM %s" % (", ".join(items), df._from()), keep_dups=False)


__all__ = ["DynamicFrame", "apply_mapping_df"]
