"""Spark datetime patterns (`yyyy-MM-dd HH:mm:ss`) as DuckDB strftime/strptime formats, and Spark SQL text fixes."""
from pyspark._unsupported import unsupported

_LETTERS = {
    "y": {1: "%Y", 2: "%y", 4: "%Y"},
    "u": {1: "%Y", 2: "%y", 4: "%Y"},
    "M": {1: "%-m", 2: "%m", 3: "%b", 4: "%B"},
    "L": {1: "%-m", 2: "%m", 3: "%b", 4: "%B"},
    "d": {1: "%-d", 2: "%d"},
    "D": {1: "%-j", 2: "%j", 3: "%j"},
    "H": {1: "%-H", 2: "%H"},
    "k": {1: "%-H", 2: "%H"},
    "h": {1: "%-I", 2: "%I"},
    "K": {1: "%-I", 2: "%I"},
    "m": {1: "%-M", 2: "%M"},
    "s": {1: "%-S", 2: "%S"},
    "S": {1: "%g", 2: "%g", 3: "%g", 4: "%f", 5: "%f", 6: "%f", 9: "%n"},
    "a": {1: "%p"},
    "E": {1: "%a", 2: "%a", 3: "%a", 4: "%A"},
    "z": {1: "%Z", 2: "%Z", 3: "%Z", 4: "%Z"},
    "Z": {1: "%z", 2: "%z", 3: "%z"},
    "X": {1: "%z", 2: "%z", 3: "%z"},
    "x": {1: "%z", 2: "%z", 3: "%z"},
}


def to_strftime(pattern):
    """A Spark (java.time) datetime pattern as a DuckDB format; unknown letters fail with `not supported`."""
    out = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "'":
            end = pattern.find("'", i + 1)
            if end == i + 1:
                out.append("'")
                i += 2
                continue
            if end < 0:
                end = n
            out.append(pattern[i + 1:end].replace("%", "%%"))
            i = end + 1
            continue
        if ch.isalpha():
            j = i
            while j < n and pattern[j] == ch:
                j += 1
            count = j - i
            table = _LETTERS.get(ch)
            if table is None:
                raise unsupported("datetime pattern letter '%s' in '%s'" % (ch, pattern))
            fmt = table.get(count) or table.get(max(k for k in table if k <= count) if any(k <= count for k in table) else min(table))
            out.append(fmt)
            i = j
            continue
        out.append("%%" if ch == "%" else ch)
        i += 1
    return "".join(out)


def fractional_division(sql, division=True):
    """Spark SQL text as DuckDB reads it: `"text"` is a string in Spark SQL (a quoted name in DuckDB), `` `name` ``
    a quoted name; and `/` made fractional (DuckDB runs with integer division here): `a / b` ->
    `a * CAST(1 AS DOUBLE) / b` (same precedence, left to right). Comments are kept."""
    out = []
    i = 0
    n = len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"', "`"):
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            body = sql[i + 1:j]
            if ch == '"':
                out.append("'" + body.replace('""', '"').replace("\\'", "'").replace("'", "''") + "'")
            elif ch == "`":
                out.append('"' + body.replace("``", "`").replace('"', '""') + '"')
            else:
                out.append(sql[i:j + 1])
            i = j + 1
            continue
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j])
            i = j
            continue
        if sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(sql[i:j])
            i = j
            continue
        if ch == "/" and division:
            out.append(" * CAST(1 AS DOUBLE) / ")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def spark_sql_text(sql):
    """spark.sql text with Spark's quoting as DuckDB's (division is made fractional on the server, in the tree)."""
    return fractional_division(sql, division=False)
