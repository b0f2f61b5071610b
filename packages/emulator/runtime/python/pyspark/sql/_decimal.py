"""Spark's decimal arithmetic (DecimalPrecision with spark.sql.decimalOperations.allowPrecisionLoss=true, the
default; non-ANSI, so overflow and division by zero are NULL) rendered as exact DuckDB SQL.

DuckDB divides decimals as doubles and multiplies them within 18 digits (then fails); Spark keeps decimals:
  e1 + e2, e1 - e2  decimal(max(s1, s2) + max(p1 - s1, p2 - s2) + 1, max(s1, s2))
  e1 * e2           decimal(p1 + p2 + 1, s1 + s2)
  e1 / e2           decimal(p1 - s1 + s2 + max(6, s1 + p2 + 1), max(6, s1 + p2 + 1))
  e1 % e2           decimal(min(p1 - s1, p2 - s2) + max(s1, s2), max(s1, s2))
a precision over 38 keeps the integral digits and cuts the scale down to no less than min(scale, 6); an integral
operand is decimal(3/5/10/20, 0) (byte/short/int/long), an integer literal the narrowest decimal holding it.
Values round HALF_UP to the result scale.
"""
from pyspark.sql import types as T

MAX_PRECISION = 38
MINIMUM_ADJUSTED_SCALE = 6
_INTEGRAL = ((T.ByteType, 3), (T.ShortType, 5), (T.IntegerType, 10), (T.LongType, 20))


def adjust(precision, scale):
    """DecimalType.adjustPrecisionScale."""
    if precision <= MAX_PRECISION:
        return precision, scale
    int_digits = precision - scale
    min_scale = min(scale, MINIMUM_ADJUSTED_SCALE)
    return MAX_PRECISION, max(MAX_PRECISION - int_digits, min_scale)


def as_decimal(dtype, literal=None):
    """(precision, scale) of an operand taking part in decimal arithmetic, or None when it is not one."""
    if isinstance(dtype, T.DecimalType):
        return dtype.precision, dtype.scale
    if isinstance(literal, int) and not isinstance(literal, bool):
        return max(1, len(str(abs(literal)))), 0
    for cls, precision in _INTEGRAL:
        if isinstance(dtype, cls):
            return precision, 0
    return None


def is_integral(dtype):
    return any(isinstance(dtype, cls) for cls, _ in _INTEGRAL)


def result_type(op, left, right):
    p1, s1 = left
    p2, s2 = right
    if op in ("+", "-"):
        scale = max(s1, s2)
        return adjust(max(p1 - s1, p2 - s2) + scale + 1, scale)
    if op == "*":
        return adjust(p1 + p2 + 1, s1 + s2)
    if op == "/":
        scale = max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1)
        return adjust(p1 - s1 + s2 + scale, scale)
    if op == "%":
        scale = max(s1, s2)
        return min(MAX_PRECISION, min(p1 - s1, p2 - s2) + scale), min(MAX_PRECISION, scale)
    raise ValueError(op)


def _huge(power):
    return "CAST('1%s' AS HUGEINT)" % ("0" * power)


def decimal_sql(op, left_sql, right_sql, left, right, result):
    """The SQL of `left op right` for decimal operands, exact where DuckDB's integers hold the digits."""
    p1, s1 = left
    p2, s2 = right
    p, s = result
    a = "CAST(%s AS DECIMAL(%d,%d))" % (left_sql, p1, s1)
    b = "CAST(%s AS DECIMAL(%d,%d))" % (right_sql, p2, s2)
    target = "DECIMAL(%d,%d)" % (p, s)
    if op in ("+", "-", "%"):
        wide = max(p1 - s1, p2 - s2) + max(s1, s2) + 1
        if wide <= MAX_PRECISION:
            a = "CAST(%s AS DECIMAL(%d,%d))" % (a, MAX_PRECISION, s1)
            b = "CAST(%s AS DECIMAL(%d,%d))" % (b, MAX_PRECISION, s2)
        return "TRY_CAST((%s %s %s) AS %s)" % (a, op, b, target)
    if op == "*":
        if p1 + p2 <= MAX_PRECISION:
            return "TRY_CAST((CAST(%s AS DECIMAL(38,%d)) * CAST(%s AS DECIMAL(38,%d))) AS %s)" % (a, s1, b, s2, target)
        return "TRY_CAST((TRY_CAST(%s AS DOUBLE) * %s) AS %s)" % (a, b, target)
    # Division: the unscaled integers, the dividend shifted so the integer quotient has the result's scale.
    shift = s - s1 + s2
    if shift >= 0 and p1 + s1 <= MAX_PRECISION and p2 + s2 <= MAX_PRECISION and p1 + shift <= MAX_PRECISION:
        n = "(CAST(%s * %s AS HUGEINT) * %s)" % (a, _huge(s1), _huge(shift))
        d = "CAST(%s * %s AS HUGEINT)" % (b, _huge(s2))
        unit = "CAST('%s' AS DECIMAL(%d,%d))" % ("1" if s == 0 else "0." + "0" * (s - 1) + "1", s + 1, s)
        return "TRY_CAST((CAST(lb_sp_hdiv(%s, %s) AS DECIMAL(38,0)) * %s) AS %s)" % (n, d, unit, target)
    return "TRY_CAST((TRY_CAST(%s AS DOUBLE) / NULLIF(TRY_CAST(%s AS DOUBLE), 0)) AS %s)" % (a, b, target)
