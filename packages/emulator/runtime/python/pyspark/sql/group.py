"""GroupedData: groupBy(...).agg(...), count(), sum(), avg(), min(), max()."""
from pyspark._unsupported import Strict, unsupported
from pyspark.sql import functions as F
from pyspark.sql.column import Column, quote, to_col
from pyspark.sql.types import ByteType, DecimalType, DoubleType, FloatType, IntegerType, LongType, ShortType

_NUMERIC = (ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, DecimalType)
_DICT_FUNCS = {"sum": F.sum, "avg": F.avg, "mean": F.avg, "min": F.min, "max": F.max, "count": F.count,
               "first": F.first, "last": F.last, "stddev": F.stddev, "variance": F.variance,
               "collect_list": F.collect_list, "collect_set": F.collect_set}


class GroupedData(Strict):
    _api_name = "GroupedData"

    def __init__(self, df, keys):
        self._df = df
        self._keys = keys

    def agg(self, *exprs):
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            cols = []
            for name, fn in exprs[0].items():
                f = _DICT_FUNCS.get(fn)
                if f is None:
                    raise unsupported("GroupedData.agg({'%s': '%s'})" % (name, fn))
                c = F.count("*") if (name == "*" and fn == "count") else f(name)
                cols.append(c)
            exprs = cols
        exprs = [to_col(e) for e in exprs]
        if not exprs:
            raise unsupported("GroupedData.agg() with no expressions")
        scope = self._df._scope()
        items = [k._select_sql(scope) for k in self._keys] + [e._select_sql(scope) for e in exprs]
        sql = "SELECT %s FROM %s" % (", ".join(items), self._df._from())
        if self._keys:
            sql += " GROUP BY %s" % ", ".join(str(i + 1) for i in range(len(self._keys)))
        return self._df._derive(sql, keep_dups=False)

    def count(self):
        return self.agg(F.count("*").alias("count"))

    def _numeric(self, fn, cols):
        if not cols:
            keys = {k._output_name().lower() for k in self._keys}
            cols = [f.name for f in self._df._sql_schema.fields if isinstance(f.dataType, _NUMERIC) and f.name.lower() not in keys]
        return self.agg(*[fn(c) for c in cols])

    def sum(self, *cols):
        return self._numeric(F.sum, cols)

    def avg(self, *cols):
        return self._numeric(F.avg, cols)

    mean = avg

    def min(self, *cols):
        return self._numeric(F.min, cols)

    def max(self, *cols):
        return self._numeric(F.max, cols)

    def pivot(self, *args, **kwargs):
        raise unsupported("GroupedData.pivot")


__all__ = ["GroupedData", "Column", "quote"]
