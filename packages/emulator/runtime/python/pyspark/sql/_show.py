"""Spark's text rendering of values and its `show()` ASCII table."""
import datetime
import decimal
import math
import struct

from pyspark.sql.types import FloatType, Row


def java_double(x):
    """Java's Double.toString (what Spark shows): 1.0, 0.001, 1.0E7, 1.234E-5, NaN, Infinity."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1, x) < 0 else "0.0"
    text = repr(x)
    if 1e-3 <= abs(x) < 1e7:
        if "e" in text or "E" in text:
            text = format(decimal.Decimal(text), "f")
        return text if "." in text else text + ".0"
    sign, digits, exp = decimal.Decimal(text).normalize().as_tuple()
    ds = "".join(str(d) for d in digits)
    mantissa = ds[0] + "." + (ds[1:] or "0")
    return "%s%sE%d" % ("-" if sign else "", mantissa, len(ds) - 1 + exp)


def java_float(x):
    if math.isnan(x) or math.isinf(x) or x == 0:
        return java_double(x)
    packed = struct.pack("f", x)
    for p in range(1, 10):
        candidate = float("%.*g" % (p, x))
        if struct.pack("f", candidate) == packed:
            return java_double(candidate)
    return java_double(x)


def show_value(value, dtype=None):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_float(value) if isinstance(dtype, FloatType) else java_double(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.microsecond:
            text += ("." + "%06d" % value.microsecond).rstrip("0")
        return text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return "[" + " ".join("%02X" % b for b in value) + "]"
    if isinstance(value, Row):
        return "{" + ", ".join(show_value(v) for v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join("%s -> %s" % (show_value(k), show_value(v)) for k, v in value.items()) + "}"
    return str(value)


def show_string(names, types, rows, n, truncate, more):
    """The text `df.show(n, truncate)` prints."""
    limit = 20 if truncate is True else (0 if truncate is False else int(truncate))
    cells = [list(names)]
    for row in rows:
        line = []
        for i, v in enumerate(row):
            s = show_value(v, types[i] if i < len(types) else None)
            if limit > 0 and len(s) > limit:
                s = s[:limit] if limit < 4 else s[: limit - 3] + "..."
            line.append(s)
        cells.append(line)
    widths = [3] * len(names)
    for line in cells:
        for i, s in enumerate(line):
            widths[i] = max(widths[i], len(s))
    sep = "+" + "+".join("-" * w for w in widths) + "+\n"
    out = [sep]
    for k, line in enumerate(cells):
        padded = [s.rjust(w) if limit > 0 else s.ljust(w) for s, w in zip(line, widths)]
        out.append("|" + "|".join(padded) + "|\n")
        if k == 0:
            out.append(sep)
    out.append(sep)
    if more:
        out.append("only showing top %d %s\n" % (n, "row" if n == 1 else "rows"))
    return "".join(out)
