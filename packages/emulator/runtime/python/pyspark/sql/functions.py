"""pyspark.sql.functions: the supported functions, each rendering DuckDB SQL with Spark's semantics.
Anything else fails with `not supported locally: pyspark.sql.functions.<name>`."""
from pyspark._unsupported import module_getattr, unsupported
from pyspark.sql._patterns import to_strftime
from pyspark.sql.column import (
    CaseColumn,
    Column,
    ColumnRef,
    expr_column,
    lit_sql,
    quote,
    sql_string,
    to_col,
    to_lit,
)


def _n(c):
    return c._output_name()


def _fn(sql_name, *cols, name=None, agg=False, spark=None):
    """`sql_name(a, b)` named as Spark names it (`spark` name or the same)."""
    cs = [to_col(c) for c in cols]
    parts = [sql_name + "("]
    for i, c in enumerate(cs):
        if i:
            parts.append(", ")
        parts.append(c)
    parts.append(")")
    return Column(parts, name or "%s(%s)" % (spark or sql_name, ", ".join(_n(c) for c in cs)), agg)


def _typed_agg(name, column, arg):
    """An aggregate whose Spark result type follows its argument's (for decimal arithmetic on it)."""
    from pyspark.sql.column import AggColumn
    return AggColumn(name, to_col(arg), column)


def _wrap(prefix, c, suffix, name, agg=False):
    return Column([prefix, c, suffix], name, agg)


# --- basics ----------------------------------------------------------------------------------------------
def col(name):
    return ColumnRef(name)


column = col


def lit(value):
    return to_lit(value)


def expr(text):
    return expr_column(text)


def when(condition, value):
    return CaseColumn([(to_col(condition), to_lit(value))])


def coalesce(*cols):
    return _fn("coalesce", *cols)


def isnull(c):
    return to_col(c).isNull()


def isnan(c):
    c = to_col(c)
    return _wrap("isnan(", c, ")", "isnan(%s)" % _n(c))


def nanvl(a, b):
    a, b = to_col(a), to_col(b)
    return Column(["CASE WHEN isnan(", a, ") THEN ", b, " ELSE ", a, " END"], "nanvl(%s, %s)" % (_n(a), _n(b)))


def greatest(*cols):
    return _fn("greatest", *cols)


def least(*cols):
    return _fn("least", *cols)


def broadcast(df):
    return df


def monotonically_increasing_id():
    return Column(["(row_number() OVER () - 1)"], "monotonically_increasing_id()")


def struct(*cols):
    cs = [to_col(c) for c in (cols[0] if len(cols) == 1 and isinstance(cols[0], (list, tuple)) else cols)]
    parts = ["struct_pack("]
    for i, c in enumerate(cs):
        if i:
            parts.append(", ")
        parts += [quote(_n(c)), " := ", c]
    parts.append(")")
    return Column(parts, "struct(%s)" % ", ".join(_n(c) for c in cs))


def array(*cols):
    cs = [to_col(c) for c in (cols[0] if len(cols) == 1 and isinstance(cols[0], (list, tuple)) else cols)]
    parts = ["["]
    for i, c in enumerate(cs):
        if i:
            parts.append(", ")
        parts.append(c)
    parts.append("]")
    return Column(parts, "array(%s)" % ", ".join(_n(c) for c in cs))


# --- strings ---------------------------------------------------------------------------------------------
def upper(c):
    return _fn("upper", c)


def lower(c):
    return _fn("lower", c)


def trim(c):
    return _fn("trim", c)


def ltrim(c):
    return _fn("ltrim", c)


def rtrim(c):
    return _fn("rtrim", c)


def length(c):
    c = to_col(c)
    return _wrap("CAST(length(", c, ") AS INTEGER)", "length(%s)" % _n(c))


def concat(*cols):
    """Spark's concat: NULL if any argument is NULL."""
    cs = [to_col(c) for c in cols]
    parts = ["("]
    for i, c in enumerate(cs):
        if i:
            parts.append(" || ")
        parts += ["CAST(", c, " AS VARCHAR)"]
    parts.append(")")
    return Column(parts, "concat(%s)" % ", ".join(_n(c) for c in cs))


def concat_ws(sep, *cols):
    """Spark's concat_ws: skips NULLs."""
    cs = [to_col(c) for c in cols]
    parts = ["concat_ws(", sql_string(sep)]
    for c in cs:
        parts += [", CAST(", c, " AS VARCHAR)"]
    parts.append(")")
    return Column(parts, "concat_ws(%s, %s)" % (sep, ", ".join(_n(c) for c in cs)))


def substring(c, pos, length_):
    c = to_col(c)
    return Column(["substring(", c, ", %d, %d)" % (pos, length_)], "substring(%s, %d, %d)" % (_n(c), pos, length_))


def _java_replacement(text):
    """Java's `$1` group references as RE2's `\\1`."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1] if text[i + 1] != "\\" else "\\\\")
            i += 2
            continue
        if ch == "$" and i + 1 < len(text) and text[i + 1].isdigit():
            out.append("\\" + text[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def regexp_replace(c, pattern, replacement):
    c = to_col(c)
    if isinstance(pattern, Column) or isinstance(replacement, Column):
        raise unsupported("regexp_replace with Column pattern/replacement")
    return Column(["regexp_replace(", c, ", %s, %s, 'g')" % (sql_string(pattern), sql_string(_java_replacement(replacement)))],
                  "regexp_replace(%s, %s, %s, 1)" % (_n(c), pattern, replacement))


def regexp_extract(c, pattern, idx):
    c = to_col(c)
    return Column(["regexp_extract(", c, ", %s, %d)" % (sql_string(pattern), idx)],
                  "regexp_extract(%s, %s, %d)" % (_n(c), pattern, idx))


def split(c, pattern, limit=-1):
    c = to_col(c)
    if limit not in (-1, 0):
        raise unsupported("split with limit")
    return Column(["regexp_split_to_array(", c, ", %s)" % sql_string(pattern)], "split(%s, %s, %d)" % (_n(c), pattern, limit))


def lpad(c, n, pad):
    c = to_col(c)
    return Column(["lpad(CAST(", c, " AS VARCHAR), %d, %s)" % (n, sql_string(pad))], "lpad(%s, %d, %s)" % (_n(c), n, pad))


def rpad(c, n, pad):
    c = to_col(c)
    return Column(["rpad(CAST(", c, " AS VARCHAR), %d, %s)" % (n, sql_string(pad))], "rpad(%s, %d, %s)" % (_n(c), n, pad))


def md5(c):
    return _fn("md5", c)


def sha2(c, numBits):
    if numBits not in (0, 256):
        raise unsupported("sha2 with %d bits" % numBits)
    c = to_col(c)
    return _wrap("sha256(", c, ")", "sha2(%s, %d)" % (_n(c), numBits))


def reverse(c):
    return _fn("reverse", c)


def initcap(c):
    """Each word (split on spaces) upper-cased first letter, the rest lower-case."""
    return _fn("lb_sp_initcap", c, spark="initcap")


def instr(c, substr):
    c = to_col(c)
    return Column(["CAST(instr(", c, ", %s) AS INTEGER)" % sql_string(substr)], "instr(%s, %s)" % (_n(c), substr))


def translate(c, matching, replace):
    c = to_col(c)
    return Column(["translate(", c, ", %s, %s)" % (sql_string(matching), sql_string(replace))],
                  "translate(%s, %s, %s)" % (_n(c), matching, replace))


def format_string(format, *cols):  # noqa: A002
    import re as _re

    cs = [to_col(c) for c in cols]
    # Java formats a NULL argument of %s as "null"; printf would make the whole result NULL.
    strings_only = all(spec == "s" for spec in _re.findall(r"%[-#+ 0,(\d.]*([a-zA-Z%])", format) if spec != "%")
    parts = ["printf(%s" % sql_string(format)]
    for c in cs:
        parts += [", coalesce(CAST(", c, " AS VARCHAR), 'null')"] if strings_only else [", ", c]
    parts.append(")")
    return Column(parts, "format_string(%s, %s)" % (format, ", ".join(_n(c) for c in cs)))


def nvl(a, b):
    return coalesce(a, b)


ifnull = nvl


# --- arrays ----------------------------------------------------------------------------------------------
def element_at(c, extraction):
    """1-based (negative from the end); out of range is NULL."""
    c = to_col(c)
    return Column(["list_extract(", c, ", %s)" % lit_sql(extraction)], "element_at(%s, %s)" % (_n(c), extraction))


def array_join(c, delimiter, null_replacement=None):
    c = to_col(c)
    if null_replacement is None:
        return Column(["array_to_string(", c, ", %s)" % sql_string(delimiter)], "array_join(%s, %s)" % (_n(c), delimiter))
    return Column(["array_to_string(list_transform(", c, ", x -> coalesce(CAST(x AS VARCHAR), %s)), %s)"
                   % (sql_string(null_replacement), sql_string(delimiter))],
                  "array_join(%s, %s, %s)" % (_n(c), delimiter, null_replacement))


def sort_array(c, asc=True):
    c = to_col(c)
    order = "'ASC', 'NULLS FIRST'" if asc else "'DESC', 'NULLS LAST'"
    return Column(["list_sort(", c, ", %s)" % order], "sort_array(%s, %s)" % (_n(c), str(asc).lower()))


def array_distinct(c):
    c = to_col(c)
    return _wrap("list_distinct(", c, ")", "array_distinct(%s)" % _n(c))
def explode(c):
    """One row per element; a NULL or empty array gives no row (as Spark)."""
    c = to_col(c)
    return _wrap("unnest(", c, ")", "col")


def size(c):
    c = to_col(c)
    return _wrap("CAST(coalesce(len(", c, "), -1) AS INTEGER)", "size(%s)" % _n(c))


def array_contains(c, value):
    c = to_col(c)
    v = to_lit(value)
    return Column(["list_contains(", c, ", ", v, ")"], "array_contains(%s, %s)" % (_n(c), _n(v)))


# --- math ------------------------------------------------------------------------------------------------
def abs(c):  # noqa: A001
    return _fn("abs", c)


def round(c, scale=0):  # noqa: A001
    c = to_col(c)
    return Column(["round(", c, ", %d)" % scale], "round(%s, %d)" % (_n(c), scale))


def floor(c):
    c = to_col(c)
    return _wrap("CAST(floor(", c, ") AS BIGINT)", "FLOOR(%s)" % _n(c))


def ceil(c):
    c = to_col(c)
    return _wrap("CAST(ceil(", c, ") AS BIGINT)", "CEIL(%s)" % _n(c))


def sqrt(c):
    c = to_col(c)
    return _wrap("sqrt(CAST(", c, " AS DOUBLE))", "SQRT(%s)" % _n(c))


def exp(c):
    c = to_col(c)
    return _wrap("exp(CAST(", c, " AS DOUBLE))", "EXP(%s)" % _n(c))


def log(arg1, arg2=None):
    if arg2 is None:
        c = to_col(arg1)
        return _wrap("ln(CAST(", c, " AS DOUBLE))", "ln(%s)" % _n(c))
    c = to_col(arg2)
    return Column(["(ln(CAST(", c, " AS DOUBLE)) / ln(%s))" % lit_sql(float(arg1))], "LOG(%s, %s)" % (arg1, _n(c)))


def log10(c):
    c = to_col(c)
    return _wrap("log10(CAST(", c, " AS DOUBLE))", "LOG10(%s)" % _n(c))


def pow(a, b):  # noqa: A001
    a, b = to_lit(a) if not isinstance(a, str) else to_col(a), to_lit(b) if not isinstance(b, str) else to_col(b)
    return Column(["pow(CAST(", a, " AS DOUBLE), ", b, ")"], "POWER(%s, %s)" % (_n(a), _n(b)))


# --- dates and times -------------------------------------------------------------------------------------
def current_timestamp():
    return Column(["CAST(get_current_timestamp() AS TIMESTAMP)"], "current_timestamp()")


def current_date():
    return Column(["current_date"], "current_date()")


def to_date(c, format=None):  # noqa: A002
    c = to_col(c)
    if format is None:
        return _wrap("lb_sp_date(", c, ")", "to_date(%s)" % _n(c))
    return Column(["CAST(try_strptime(CAST(", c, " AS VARCHAR), %s) AS DATE)" % sql_string(to_strftime(format))],
                  "to_date(%s, %s)" % (_n(c), format))


def to_timestamp(c, format=None):  # noqa: A002
    c = to_col(c)
    if format is None:
        return _wrap("lb_sp_ts(", c, ")", "to_timestamp(%s)" % _n(c))
    return Column(["CAST(try_strptime(CAST(", c, " AS VARCHAR), %s) AS TIMESTAMP)" % sql_string(to_strftime(format))],
                  "to_timestamp(%s, %s)" % (_n(c), format))


def date_format(c, format):  # noqa: A002
    c = to_col(c)
    return Column(["strftime(lb_sp_ts(", c, "), %s)" % sql_string(to_strftime(format))], "date_format(%s, %s)" % (_n(c), format))


def unix_timestamp(c=None, format="yyyy-MM-dd HH:mm:ss"):  # noqa: A002
    if c is None:
        return Column(["CAST(epoch(get_current_timestamp()) AS BIGINT)"], "unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)")
    c = to_col(c)
    return Column(["CAST(epoch(coalesce(try_strptime(CAST(", c, " AS VARCHAR), %s), lb_sp_ts(" % sql_string(to_strftime(format)), c, "))) AS BIGINT)"],
                  "unix_timestamp(%s, %s)" % (_n(c), format))


def from_unixtime(c, format="yyyy-MM-dd HH:mm:ss"):  # noqa: A002
    c = to_col(c)
    return Column(["strftime(CAST(to_timestamp(CAST(", c, " AS DOUBLE)) AS TIMESTAMP), %s)" % sql_string(to_strftime(format))],
                  "from_unixtime(%s, %s)" % (_n(c), format))


def _date_part(sql_fn, spark_name, c, ts=False, offset=""):
    c = to_col(c)
    helper = "lb_sp_ts(" if ts else "lb_sp_date("
    return Column(["CAST(%s(%s" % (sql_fn, helper), c, "))%s AS INTEGER)" % offset], "%s(%s)" % (spark_name, _n(c)))


def year(c):
    return _date_part("year", "year", c)


def quarter(c):
    return _date_part("quarter", "quarter", c)


def month(c):
    return _date_part("month", "month", c)


def dayofmonth(c):
    return _date_part("day", "dayofmonth", c)


def dayofweek(c):
    return _date_part("dayofweek", "dayofweek", c, offset=" + 1")


def dayofyear(c):
    return _date_part("dayofyear", "dayofyear", c)


def weekofyear(c):
    return _date_part("week", "weekofyear", c)


def hour(c):
    return _date_part("hour", "hour", c, ts=True)


def minute(c):
    return _date_part("minute", "minute", c, ts=True)


def second(c):
    return _date_part("second", "second", c, ts=True)


def date_add(c, days):
    c, d = to_col(c), to_lit(days)
    return Column(["CAST(lb_sp_date(", c, ") + CAST(", d, " AS INTEGER) AS DATE)"], "date_add(%s, %s)" % (_n(c), _n(d)))


def date_sub(c, days):
    c, d = to_col(c), to_lit(days)
    return Column(["CAST(lb_sp_date(", c, ") - CAST(", d, " AS INTEGER) AS DATE)"], "date_sub(%s, %s)" % (_n(c), _n(d)))


def datediff(end, start):
    e, s = to_col(end), to_col(start)
    return Column(["CAST(lb_sp_date(", e, ") - lb_sp_date(", s, ") AS INTEGER)"], "datediff(%s, %s)" % (_n(e), _n(s)))


def add_months(c, months):
    c, m = to_col(c), to_lit(months)
    return Column(["CAST(lb_sp_date(", c, ") + to_months(CAST(", m, " AS INTEGER)) AS DATE)"], "add_months(%s, %s)" % (_n(c), _n(m)))


def last_day(c):
    c = to_col(c)
    return _wrap("last_day(lb_sp_date(", c, "))", "last_day(%s)" % _n(c))


_TRUNC_UNITS = {"year": "year", "yyyy": "year", "yy": "year", "month": "month", "mon": "month", "mm": "month",
                "quarter": "quarter", "week": "week", "day": "day", "dd": "day", "hour": "hour", "minute": "minute",
                "second": "second"}


def trunc(c, format):  # noqa: A002
    c = to_col(c)
    unit = _TRUNC_UNITS.get(format.lower())
    if unit is None:
        return Column(["CAST(NULL AS DATE)"], "trunc(%s, %s)" % (_n(c), format))
    return Column(["CAST(date_trunc('%s', lb_sp_date(" % unit, c, ")) AS DATE)"], "trunc(%s, %s)" % (_n(c), format))


def date_trunc(format, c):  # noqa: A002
    c = to_col(c)
    unit = _TRUNC_UNITS.get(format.lower())
    if unit is None:
        return Column(["CAST(NULL AS TIMESTAMP)"], "date_trunc(%s, %s)" % (format, _n(c)))
    return Column(["CAST(date_trunc('%s', lb_sp_ts(" % unit, c, ")) AS TIMESTAMP)"], "date_trunc(%s, %s)" % (format, _n(c)))


# --- aggregates ------------------------------------------------------------------------------------------
def count(c):
    if isinstance(c, str) and c == "*":
        return Column(["count(*)"], "count(1)", True)
    c = to_col(c)
    return _wrap("count(", c, ")", "count(%s)" % _n(c), True)


def countDistinct(c, *cols):
    cs = [to_col(x) for x in (c,) + cols]
    if len(cs) == 1:
        return _wrap("count(DISTINCT ", cs[0], ")", "count(DISTINCT %s)" % _n(cs[0]), True)
    parts = ["count(DISTINCT CASE WHEN "]
    for i, x in enumerate(cs):
        parts += ([" AND "] if i else []) + [x, " IS NOT NULL"]
    parts.append(" THEN row(")
    for i, x in enumerate(cs):
        parts += ([", "] if i else []) + [x]
    parts.append(") END)")
    return Column(parts, "count(DISTINCT %s)" % ", ".join(_n(x) for x in cs), True)


count_distinct = countDistinct


def sum(c):  # noqa: A001
    return _typed_agg('sum', _fn("sum", c, agg=True), c)


def sumDistinct(c):
    c = to_col(c)
    return _wrap("sum(DISTINCT ", c, ")", "sum(DISTINCT %s)" % _n(c), True)


sum_distinct = sumDistinct


def avg(c):
    return _typed_agg('avg', _fn("avg", c, agg=True), c)


def mean(c):
    return _typed_agg('avg', _fn("avg", c, agg=True, spark="avg"), c)


def min(c):  # noqa: A001
    return _typed_agg('min', _fn("min", c, agg=True), c)


def max(c):  # noqa: A001
    return _typed_agg('max', _fn("max", c, agg=True), c)


def first(c, ignorenulls=False):
    c = to_col(c)
    if ignorenulls:
        return _wrap("any_value(", c, ")", "first(%s)" % _n(c), True)
    return _wrap("first(", c, ")", "first(%s)" % _n(c), True)


def last(c, ignorenulls=False):
    c = to_col(c)
    if ignorenulls:
        return Column(["last(", c, ") FILTER (WHERE ", c, " IS NOT NULL)"], "last(%s)" % _n(c), True)
    return _wrap("last(", c, ")", "last(%s)" % _n(c), True)


def collect_list(c):
    c = to_col(c)
    return Column(["coalesce(list(", c, ") FILTER (WHERE ", c, " IS NOT NULL), [])"], "collect_list(%s)" % _n(c), True)


def collect_set(c):
    c = to_col(c)
    return Column(["coalesce(list(DISTINCT ", c, ") FILTER (WHERE ", c, " IS NOT NULL), [])"], "collect_set(%s)" % _n(c), True)


def stddev(c):
    return _fn("stddev_samp", c, agg=True, spark="stddev")


def stddev_samp(c):
    return _fn("stddev_samp", c, agg=True)


def stddev_pop(c):
    return _fn("stddev_pop", c, agg=True)


def variance(c):
    return _fn("var_samp", c, agg=True, spark="variance")


def var_samp(c):
    return _fn("var_samp", c, agg=True)


def var_pop(c):
    return _fn("var_pop", c, agg=True)


def approx_count_distinct(c, rsd=None):
    return _fn("approx_count_distinct", c, agg=True)


approxCountDistinct = approx_count_distinct


# --- window functions ------------------------------------------------------------------------------------
def row_number():
    return Column(["row_number()"], "row_number()")


def rank():
    return Column(["rank()"], "RANK()")


def dense_rank():
    return Column(["dense_rank()"], "DENSE_RANK()")


def percent_rank():
    return Column(["percent_rank()"], "PERCENT_RANK()")


def cume_dist():
    return Column(["cume_dist()"], "CUME_DIST()")


def ntile(n):
    return Column(["ntile(%d)" % n], "ntile(%d)" % n)


def lag(c, offset=1, default=None):
    c = to_col(c)
    return Column(["lag(", c, ", %d, %s)" % (offset, lit_sql(default))], "lag(%s, %d, %s)" % (_n(c), offset, default))


def lead(c, offset=1, default=None):
    c = to_col(c)
    return Column(["lead(", c, ", %d, %s)" % (offset, lit_sql(default))], "lead(%s, %d, %s)" % (_n(c), offset, default))


# --- sorting ---------------------------------------------------------------------------------------------
def asc(c):
    return to_col(c).asc()


def desc(c):
    return to_col(c).desc()


def asc_nulls_first(c):
    return to_col(c).asc_nulls_first()


def asc_nulls_last(c):
    return to_col(c).asc_nulls_last()


def desc_nulls_first(c):
    return to_col(c).desc_nulls_first()


def desc_nulls_last(c):
    return to_col(c).desc_nulls_last()


def udf(*args, **kwargs):
    raise unsupported("pyspark.sql.functions.udf (Python UDFs)")


pandas_udf = udf

__all__ = [name for name in list(globals()) if not name.startswith("_") and name not in (
    "Column", "ColumnRef", "CaseColumn", "expr_column", "lit_sql", "quote", "sql_string", "to_col", "to_lit",
    "module_getattr", "unsupported", "to_strftime")]

__getattr__ = module_getattr("pyspark.sql.functions")
