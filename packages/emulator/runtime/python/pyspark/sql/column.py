"""Column: an expression that renders to DuckDB SQL with Spark's semantics, and Spark's default name."""
import copy
import datetime
import decimal
import itertools
import re

from pyspark._unsupported import unsupported
from pyspark.sql.types import DataType, to_datatype


def quote(name):
    return '"' + str(name).replace('"', '""') + '"'


def sql_string(text):
    return "'" + str(text).replace("'", "''") + "'"


def lit_sql(value):
    """A Python value as a SQL literal (Spark's lit())."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if -(2 ** 31) <= value < 2 ** 31 else "CAST(%d AS BIGINT)" % value
    if isinstance(value, float):
        return "CAST(%s AS DOUBLE)" % sql_string(repr(value) if value == value else "NaN")
    if isinstance(value, decimal.Decimal):
        sign, digits, exp = value.as_tuple()
        scale = max(0, -exp)
        precision = max(len(digits), scale + 1)
        return "CAST(%s AS DECIMAL(%d,%d))" % (sql_string(str(value)), min(38, precision), scale)
    if isinstance(value, datetime.datetime):
        return "TIMESTAMP %s" % sql_string(value.strftime("%Y-%m-%d %H:%M:%S.%f"))
    if isinstance(value, datetime.date):
        return "DATE %s" % sql_string(value.isoformat())
    if isinstance(value, str):
        return sql_string(value)
    if isinstance(value, (list, tuple)):
        return "[%s]" % ", ".join(lit_sql(v) for v in value)
    raise unsupported("lit(%s)" % type(value).__name__)


def lit_name(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_col(value):
    """A Column from a Column, a column name (str) — as the DataFrame methods take them."""
    if isinstance(value, Column):
        return value
    if isinstance(value, str):
        return ColumnRef(value)
    raise TypeError("Invalid argument, not a string or column: %r of type %s" % (value, type(value)))


def to_lit(value):
    """A Column from a Column or a literal value — as operators take their other side."""
    if isinstance(value, Column):
        return value
    c = Column([lit_sql(value)], lit_name(value))
    c._literal = (value,)
    return c


def _literal_type(value):
    from pyspark.sql import types as T
    if isinstance(value, bool):
        return T.BooleanType()
    if isinstance(value, int):
        return T.IntegerType() if -(2 ** 31) <= value < 2 ** 31 else T.LongType()
    if isinstance(value, float):
        return T.DoubleType()
    if isinstance(value, decimal.Decimal):
        sign, digits, exp = value.as_tuple()
        scale = max(0, -exp)
        return T.DecimalType(min(38, max(len(digits), scale + 1)), scale)
    if isinstance(value, str):
        return T.StringType()
    return None


def spark_type(c, scope):
    """Spark's type of a column over the DataFrame `scope` renders for (`scope.df`), or None when unknown."""
    literal = getattr(c, "_literal", None)
    if literal is not None:
        return _literal_type(literal[0])
    if getattr(c, "_type", None) is not None:
        return c._type
    if isinstance(c, ArithColumn):
        return c._result(scope)[0]
    df = getattr(scope, "df", None)
    if df is None:
        return None
    fn = getattr(c, "_agg_fn", None)
    if fn is not None:
        from pyspark.sql import types as T
        arg = spark_type(fn[1], scope)
        if fn[0] in ("min", "max", "first", "last"):
            return arg
        if isinstance(arg, T.DecimalType):
            if fn[0] == "sum":
                return T.DecimalType(min(38, arg.precision + 10), arg.scale)
            if fn[0] == "avg":
                return T.DecimalType(min(38, arg.precision + 4), min(38, arg.scale + 4))
        return None if fn[0] == "sum" else T.DoubleType()
    if isinstance(c, ColumnRef) and len(c._path) == 1 and c._raw != "*":
        name = scope(c._df_id, c._path)
        if name.startswith('"') and name.endswith('"'):
            name = name[1:-1].replace('""', '"').lower()
            for f in df._sql_schema.fields:
                if f.name.lower() == name:
                    return f.dataType
    return df._probe_type(c._sql(scope))


# Column methods that exist in PySpark but not here: calling them fails with `not supported locally`.
_SPARK_COLUMN_METHODS = {
    "bitwiseAND", "bitwiseOR", "bitwiseXOR", "dropFields", "withField", "ilike", "getItem_", "eqNullSafe_",
}


class Column:
    """A Spark column expression. `parts` is SQL text and nested Columns (rendered with the same scope)."""

    def __init__(self, parts, name, agg=False):
        self._parts = parts
        self._name = name
        self._alias = None
        self._sort = None
        self._agg = agg

    # -- rendering ---------------------------------------------------------------------------------------
    def _sql(self, scope=None):
        return "".join(p if isinstance(p, str) else p._sql(scope) for p in self._parts)

    def _output_name(self):
        return self._alias if self._alias is not None else self._name

    def _select_sql(self, scope=None):
        """The expression as a select-list item, named as Spark names it."""
        return "%s AS %s" % (self._sql(scope), quote(self._output_name()))

    def _sort_sql(self, scope=None):
        direction, nulls = self._sort or ("ASC", "NULLS FIRST")
        return "%s %s %s" % (self._sql(scope), direction, nulls)

    def _copy(self):
        return copy.copy(self)

    def __repr__(self):
        return "Column<'%s'>" % self._output_name()

    def __str__(self):
        return self.__repr__()

    # -- naming and ordering -----------------------------------------------------------------------------
    def alias(self, *alias, **kwargs):
        if len(alias) != 1:
            raise unsupported("Column.alias with several names")
        c = self._copy()
        c._alias = alias[0]
        return c

    name = alias

    def _sorted(self, direction, nulls):
        c = self._copy()
        c._sort = (direction, nulls)
        return c

    def asc(self):
        return self._sorted("ASC", "NULLS FIRST")

    def asc_nulls_first(self):
        return self._sorted("ASC", "NULLS FIRST")

    def asc_nulls_last(self):
        return self._sorted("ASC", "NULLS LAST")

    def desc(self):
        return self._sorted("DESC", "NULLS LAST")

    def desc_nulls_first(self):
        return self._sorted("DESC", "NULLS FIRST")

    def desc_nulls_last(self):
        return self._sorted("DESC", "NULLS LAST")

    # -- operators -----------------------------------------------------------------------------------------
    def _bin(self, op, other, reverse=False, name_op=None):
        o = to_lit(other)
        left, right = (o, self) if reverse else (self, o)
        return Column(["(", left, " %s " % op, right, ")"],
                      "(%s %s %s)" % (left._output_name(), name_op or op, right._output_name()),
                      self._agg or o._agg)

    def _arith(self, op, other, reverse=False):
        o = to_lit(other)
        left, right = (o, self) if reverse else (self, o)
        return ArithColumn(op, left, right, self._agg or o._agg)

    def __add__(self, o): return self._arith("+", o)
    def __radd__(self, o): return self._arith("+", o, True)
    def __sub__(self, o): return self._arith("-", o)
    def __rsub__(self, o): return self._arith("-", o, True)
    def __mul__(self, o): return self._arith("*", o)
    def __rmul__(self, o): return self._arith("*", o, True)
    def __mod__(self, o): return self._arith("%", o)
    def __rmod__(self, o): return self._arith("%", o, True)

    def _div(self, other, reverse=False):
        return self._arith("/", other, reverse)

    def __truediv__(self, o): return self._div(o)
    def __rtruediv__(self, o): return self._div(o, True)
    __div__ = __truediv__

    def __pow__(self, o): return Column(["pow(", self, ", ", to_lit(o), ")"], "POWER(%s, %s)" % (self._output_name(), to_lit(o)._output_name()))

    def __eq__(self, o): return self._bin("=", o)
    def __ne__(self, o): return self._bin("<>", o, name_op="!=")
    def __lt__(self, o): return self._bin("<", o)
    def __le__(self, o): return self._bin("<=", o)
    def __gt__(self, o): return self._bin(">", o)
    def __ge__(self, o): return self._bin(">=", o)
    def __and__(self, o): return self._bin("AND", o)
    def __rand__(self, o): return self._bin("AND", o, True)
    def __or__(self, o): return self._bin("OR", o)
    def __ror__(self, o): return self._bin("OR", o, True)

    def __invert__(self):
        return Column(["(NOT ", self, ")"], "(NOT %s)" % self._output_name(), self._agg)

    def __neg__(self):
        return Column(["(- ", self, ")"], "(- %s)" % self._output_name(), self._agg)

    def __bool__(self):
        raise ValueError("Cannot convert column into bool: please use '&' for 'and', '|' for 'or', "
                         "'~' for 'not' when building DataFrame boolean expressions.")

    __hash__ = object.__hash__

    def __contains__(self, item):
        raise ValueError("Cannot apply 'in' operator against a column: please use 'contains' in a string column "
                         "or 'array_contains' function for an array column.")

    def __iter__(self):
        raise TypeError("Column is not iterable")

    def eqNullSafe(self, o):
        return self._bin("IS NOT DISTINCT FROM", o, name_op="<=>")

    def isNull(self):
        return Column(["(", self, " IS NULL)"], "(%s IS NULL)" % self._output_name(), self._agg)

    def isNotNull(self):
        return Column(["(", self, " IS NOT NULL)"], "(%s IS NOT NULL)" % self._output_name(), self._agg)

    def isin(self, *values):
        if len(values) == 1 and isinstance(values[0], (list, tuple, set)):
            values = tuple(values[0])
        if not values:
            return Column(["false"], "false")
        parts = ["(", self, " IN ("]
        for i, v in enumerate(values):
            if i:
                parts.append(", ")
            parts.append(to_lit(v))
        parts.append("))")
        return Column(parts, "(%s IN (%s))" % (self._output_name(), ", ".join(to_lit(v)._output_name() for v in values)))

    def between(self, low, high):
        return Column(["((", self, " >= ", to_lit(low), ") AND (", self, " <= ", to_lit(high), "))"],
                      "((%s >= %s) AND (%s <= %s))" % (self._output_name(), to_lit(low)._output_name(),
                                                      self._output_name(), to_lit(high)._output_name()))

    def like(self, pattern):
        return Column(["(", self, " LIKE ", sql_string(pattern), ")"], "%s LIKE %s" % (self._output_name(), pattern))

    def rlike(self, pattern):
        return Column(["regexp_matches(", self, ", ", sql_string(pattern), ")"], "RLIKE(%s, %s)" % (self._output_name(), pattern))

    def contains(self, other):
        return Column(["contains(", self, ", ", to_lit(other), ")"], "contains(%s, %s)" % (self._output_name(), to_lit(other)._output_name()))

    def startswith(self, other):
        return Column(["starts_with(", self, ", ", to_lit(other), ")"], "startswith(%s, %s)" % (self._output_name(), to_lit(other)._output_name()))

    def endswith(self, other):
        return Column(["suffix(", self, ", ", to_lit(other), ")"], "endswith(%s, %s)" % (self._output_name(), to_lit(other)._output_name()))

    def substr(self, start, length):
        return Column(["substring(", self, ", ", to_lit(start), ", ", to_lit(length), ")"],
                      "substr(%s, %s, %s)" % (self._output_name(), start, length))

    def cast(self, dataType):
        t = to_datatype(dataType)
        c = Column([cast_sql_prefix(t), self, cast_sql_suffix(t)], "CAST(%s AS %s)" % (self._output_name(), t.simpleString().upper()), self._agg)
        c._type = t
        return c

    astype = cast

    def getItem(self, key):
        if isinstance(key, int):
            # Spark arrays are 0-based; DuckDB lists 1-based. Out of range gives NULL in both.
            return Column(["(", self, ")[", str(key + 1), "]"], "%s[%s]" % (self._output_name(), key))
        return Column(["(", self, ")[", lit_sql(key), "]"], "%s[%s]" % (self._output_name(), key))

    def getField(self, name):
        return Column(["struct_extract(", self, ", ", sql_string(name), ")"], "%s.%s" % (self._output_name(), name))

    def __getitem__(self, key):
        if isinstance(key, slice):
            raise unsupported("Column slicing")
        return self.getItem(key) if isinstance(key, int) else self.getField(key)

    def __getattr__(self, item):
        if item.startswith("_"):
            raise AttributeError(item)
        if item in _SPARK_COLUMN_METHODS:
            raise unsupported("Column.%s" % item)
        return self.getField(item)

    def over(self, window):
        return Column([self, " OVER (", window._spec(), ")"], "%s OVER (%s)" % (self._output_name(), window._name()))

    def when(self, condition, value):
        raise TypeError("when() can only be applied on a Column previously generated by when() function")

    def otherwise(self, value):
        raise TypeError("otherwise() can only be applied on a Column previously generated by when() function")


def cast_sql_prefix(t):
    return _cast_wrap(t)[0]


def cast_sql_suffix(t):
    return _cast_wrap(t)[1]


def _cast_wrap(t):
    """Spark's (non-ANSI) cast: a value that does not convert is NULL; integral targets truncate."""
    from pyspark.sql import types as T

    duck = t.duckType()
    if isinstance(t, T.LongType):
        return ("TRY_CAST(lb_sp_trunc(", ") AS %s)" % duck)
    if isinstance(t, (T.ByteType, T.ShortType, T.IntegerType)):
        # A double holds every 32-bit integer exactly, and is much cheaper than the DECIMAL path longs need.
        return ("TRY_CAST(lb_sp_trunc32(", ") AS %s)" % duck)
    if isinstance(t, T.BooleanType):
        return ("lb_sp_bool(", ")")
    if isinstance(t, T.StringType):
        return ("CAST(", " AS VARCHAR)")
    if isinstance(t, T.DateType):
        return ("lb_sp_date(", ")")
    if isinstance(t, (T.TimestampType, T.TimestampNTZType)):
        return ("lb_sp_ts(", ")")
    return ("TRY_CAST(", " AS %s)" % duck)


class ArithColumn(Column):
    """`left op right` for + - * / %: Spark's `/` is fractional (DuckDB divides integers as integers), and with
    decimal operands each keeps Spark's decimal result type (`_decimal.py`) where DuckDB would give a double."""

    def __init__(self, op, left, right, agg):
        super().__init__(["(", left, " %s " % op, right, ")"],
                         "(%s %s %s)" % (left._output_name(), op, right._output_name()), agg)
        self._op, self._left, self._right = op, left, right

    def _result(self, scope):
        """(Spark type or None, decimal (precision, scale) of each operand or None)."""
        from pyspark.sql import types as T
        from pyspark.sql._decimal import as_decimal, is_integral, result_type
        if getattr(scope, "df", None) is None:
            return (T.DoubleType() if self._op == "/" else None), None
        lt, rt = spark_type(self._left, scope), spark_type(self._right, scope)
        if isinstance(lt, T.StringType) or isinstance(rt, T.StringType):
            # Spark casts a string operand (and so the other side) to double; text that is not a number is NULL.
            return T.DoubleType(), "double"
        if isinstance(lt, T.DecimalType) or isinstance(rt, T.DecimalType):
            ld = as_decimal(lt, getattr(self._left, "_literal", (None,))[0])
            rd = as_decimal(rt, getattr(self._right, "_literal", (None,))[0])
            if ld is not None and rd is not None:
                p, s = result_type(self._op, ld, rd)
                return T.DecimalType(p, s), (ld, rd)
            return T.DoubleType(), None
        if self._op == "/":
            return T.DoubleType(), None
        if lt is not None and rt is not None and type(lt) is type(rt) and is_integral(lt):
            return lt, None
        return None, None

    def _sql(self, scope=None):
        from pyspark.sql._decimal import decimal_sql
        left, right = self._left._sql(scope), self._right._sql(scope)
        dtype, operands = self._result(scope)
        if operands == "double":
            return "(TRY_CAST(%s AS DOUBLE) %s TRY_CAST(%s AS DOUBLE))" % (left, self._op, right)
        if operands is not None:
            return decimal_sql(self._op, left, right, operands[0], operands[1], (dtype.precision, dtype.scale))
        if self._op == "/":
            return "(TRY_CAST(%s AS DOUBLE) / %s)" % (left, right)
        return "(%s %s %s)" % (left, self._op, right)


class AggColumn(Column):
    """sum/avg/min/max of a column; with a decimal argument sum is decimal(p+10,s) and avg decimal(p+4,s+4),
    computed exactly as Spark does (avg is sum / count as decimals), where DuckDB gives decimal(38,s) and a double."""

    def __init__(self, fn, arg, inner):
        super().__init__([inner], inner._name, True)
        self._agg_fn = (fn, arg)
        self._inner = inner
        self._over = None

    def over(self, window):
        c = self._copy()
        c._name = "%s OVER (%s)" % (self._output_name(), window._name())
        c._alias = None
        c._over = window._spec()
        return c

    def _sql(self, scope=None):
        from pyspark.sql import types as T
        from pyspark.sql._decimal import decimal_sql, result_type
        over = "" if self._over is None else " OVER (%s)" % self._over._sql(scope)
        base = self._inner._sql(scope) + over
        fn, arg = self._agg_fn
        if fn not in ("sum", "avg") or getattr(scope, "df", None) is None:
            return base
        at = spark_type(arg, scope)
        if not isinstance(at, T.DecimalType):
            return base
        p, s = at.precision, at.scale
        total = (min(38, p + 10), s)
        if fn == "sum":
            return "TRY_CAST(%s AS DECIMAL(%d,%d))" % (base, total[0], total[1])
        arg_sql = arg._sql(scope)
        count = (20, 0)
        quotient = decimal_sql("/", "sum(%s)%s" % (arg_sql, over), "count(%s)%s" % (arg_sql, over),
                               total, count, result_type("/", total, count))
        return "TRY_CAST(%s AS DECIMAL(%d,%d))" % (quotient, min(38, p + 4), min(38, s + 4))


class ColumnRef(Column):
    """A column by name (`col('a')`, `df.a`, `df['a']`); `df_id` is the DataFrame it came from, if any."""

    def __init__(self, name, df_id=None):
        self._path = _split_name(name)
        display = self._path[-1] if self._path else name
        super().__init__([], display)
        self._df_id = df_id
        self._raw = name

    def _sql(self, scope=None):
        if self._raw == "*":
            return "*"
        if scope is not None:
            return scope(self._df_id, self._path)
        return ".".join(quote(p) if p != "*" else "*" for p in self._path)

    def _select_sql(self, scope=None):
        if self._raw == "*" or self._path[-1] == "*":
            return self._sql(scope)
        if self._alias is None and len(self._path) == 1:
            return self._sql(scope)
        return "%s AS %s" % (self._sql(scope), quote(self._output_name()))


def _split_name(name):
    """`a.b` -> ['a', 'b']; backticks quote a part (`a.b` as one name)."""
    parts, cur, quoted = [], "", False
    for ch in name:
        if ch == "`":
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


class CaseColumn(Column):
    """when(...).when(...).otherwise(...)"""

    def __init__(self, branches, default=None, has_default=False):
        parts, names = ["CASE"], ["CASE"]
        for cond, value in branches:
            parts += [" WHEN ", cond, " THEN ", value]
            names.append("WHEN %s THEN %s" % (cond._output_name(), value._output_name()))
        if has_default:
            parts += [" ELSE ", default]
            names.append("ELSE %s" % default._output_name())
        parts.append(" END")
        names.append("END")
        super().__init__(parts, " ".join(names))
        self._branches = branches
        self._has_default = has_default

    def when(self, condition, value):
        if self._has_default:
            raise TypeError("when() cannot be applied once otherwise() is applied")
        return CaseColumn(self._branches + [(to_col(condition), to_lit(value))])

    def otherwise(self, value):
        if self._has_default:
            raise TypeError("otherwise() can only be applied once on a Column previously generated by when()")
        return CaseColumn(self._branches, to_lit(value), True)


# Spark SQL expression texts by id. A Column made by expr() renders as the marker `__lb_expr_<id>__`; the plan
# carries the texts and lakebox parses each one and puts it in place of its marker, so Spark's functions and
# operators keep their meaning there as in spark.sql (see `DataFrame._plan`).
EXPRESSIONS = {}
_expression_ids = itertools.count(1)
MARKER = re.compile(r"__lb_expr_(\d+)__")


def expr_column(text):
    """`expr('a + 1')`: Spark SQL text, rewritten by lakebox like spark.sql text."""
    from pyspark.sql._patterns import spark_sql_text

    n = next(_expression_ids)
    EXPRESSIONS[str(n)] = spark_sql_text(text)
    return Column(["(__lb_expr_%d__)" % n], text)


__all__ = ["Column"]
