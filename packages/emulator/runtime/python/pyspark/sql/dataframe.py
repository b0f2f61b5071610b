"""DataFrame: each transformation wraps the plan's SQL in one more SELECT; actions send it to lakebox."""
import itertools
import re

from pyspark._unsupported import Strict, unsupported
from pyspark.sql import _client
from pyspark.sql._show import show_string
from pyspark.sql.column import EXPRESSIONS, MARKER, Column, ColumnRef, expr_column, lit_sql, quote, to_col
from pyspark.sql.types import (
    DoubleType,
    FloatType,
    Row,
    StringType,
    BooleanType,
    DecimalType,
    StructField,
    StructType,
    ByteType,
    ShortType,
    IntegerType,
    LongType,
    from_json_value,
    _from_json,
)

_ids = itertools.count(1)
_NUMERIC = (ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, DecimalType)


def _flatten(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


class DataFrame(Strict):
    _api_name = "DataFrame"

    def __init__(self, session, sql, relations, lineage=frozenset(), dups=()):
        self.sparkSession = session
        self._sql_text = sql
        self._relations = dict(relations)
        self._id = next(_ids)
        self._alias_name = "lb_df_%d" % self._id
        self._lineage = frozenset(lineage) | {self._id}
        self._dups = tuple(dups)
        self._schema = None
        # (select list, parent) when this DataFrame is a plain select (see orderBy).
        self._projection = None

    # -- plan plumbing -------------------------------------------------------------------------------------
    def _plan(self):
        plan = {"sql": self._sql_text, "relations": self._relations}
        used = set(MARKER.findall(self._sql_text))
        for rel in self._relations.values():
            used.update(MARKER.findall(rel.get("sql", "") + rel.get("text", "")))
        if used:
            plan["expressions"] = {n: EXPRESSIONS[n] for n in sorted(used) if n in EXPRESSIONS}
        return plan

    def _scope(self):
        """How a column reference renders over this DataFrame (a right-side duplicate of a join by its new name)."""
        def resolve(df_id, path):
            if len(path) == 1 and self._dups:
                low = path[0].lower()
                if df_id is not None:
                    for right, renamed, _left, _shown in self._dups:
                        if df_id in right and low in renamed:
                            return quote(renamed[low])
                present = self._check_unambiguous(path[0], df_id)
                if present is not None:
                    return quote(present)
            return ".".join(quote(p) if p != "*" else "*" for p in path)
        resolve.df = self
        return resolve

    def _probe_type(self, sql):
        """Spark's type of an expression over this DataFrame, as lakebox's DuckDB binds it (None if it cannot)."""
        cache = self.__dict__.setdefault("_probed", {})
        if sql not in cache:
            try:
                probe = DataFrame(self.sparkSession, "SELECT %s AS lb_probe FROM %s" % (sql, self._from()),
                                  self._relations, self._lineage)
                cache[sql] = probe._sql_schema.fields[0].dataType
            except Exception:  # noqa: BLE001 - an expression that needs its GROUP BY: unknown, not an error here
                cache[sql] = None
        return cache[sql]

    def _check_unambiguous(self, name, df_id=None):
        """Spark keeps both sides' columns of a join under their names: an unqualified reference to a name both
        sides have is AMBIGUOUS_REFERENCE (the left DataFrame's own `df1.name` is not). When only one of them is
        left (after a select or drop), its SQL name."""
        low = name.lower()
        entries = [e for e in self._dups if low in e[1]]
        if not entries:
            return None
        if df_id is not None and df_id in entries[0][2]:
            return None
        internal = {low} | {e[1][low].lower() for e in entries}
        present = [n for n in self._sql_schema.names if n.lower() in internal]
        if len(present) > 1:
            raise _analysis("[AMBIGUOUS_REFERENCE] Reference `%s` is ambiguous, could be: [%s]." % (
                name, ", ".join("`%s`" % name for _ in present)))
        return present[0] if present else None

    def _check_text(self, text):
        """The same check for the names in Spark SQL text (selectExpr, filter('...'))."""
        if not self._dups or not text:
            return
        bare = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", " ", text)
        for quoted, word in re.findall(r"`((?:[^`]|``)+)`|(?<![.\w])([A-Za-z_]\w*)\b(?!\s*[(.])", bare):
            self._check_unambiguous((quoted or word).replace("``", "`"))

    def _shown_names(self):
        """Internal (SQL) column name, lowercased -> the name Spark shows (a right-side duplicate's own name)."""
        out = {}
        for entry in self._dups:
            out.update(entry[3])
        return out

    def _from(self):
        return "(%s) AS %s" % (self._sql_text, quote(self._alias_name))

    def _derive(self, sql, relations=None, keep_dups=True):
        return DataFrame(self.sparkSession, sql, relations if relations is not None else self._relations,
                         self._lineage, self._dups if keep_dups else ())

    def _select_items(self, cols):
        scope = self._scope()
        items = []
        for c in cols:
            if isinstance(c, str) and c != "*" and not isinstance(c, Column):
                c = ColumnRef(c)
            items.append("*" if isinstance(c, str) and c == "*" else to_col(c)._select_sql(scope))
        return items

    def _condition(self, condition):
        if isinstance(condition, str):
            condition = expr_column(condition)
        return to_col(condition)._sql(self._scope())

    def _call(self, route, body=None):
        payload = {"plan": self._plan()}
        payload.update(body or {})
        return _client.client().runtime(route, payload)

    # -- schema --------------------------------------------------------------------------------------------
    @property
    def _sql_schema(self):
        """The schema under the names the generated SQL uses (a join's right-side duplicates renamed)."""
        if self._schema is None:
            cols = self._call("schema")["columns"]
            self._schema = StructType([StructField(c["name"], _from_json(c["type"]), True) for c in cols])
        return self._schema

    @property
    def schema(self):
        shown = self._shown_names()
        if not shown:
            return self._sql_schema
        return StructType([StructField(shown.get(f.name.lower(), f.name), f.dataType, f.nullable)
                           for f in self._sql_schema.fields])

    @property
    def columns(self):
        return self.schema.names

    @property
    def dtypes(self):
        return [(f.name, f.dataType.simpleString()) for f in self.schema.fields]

    def printSchema(self, level=None):
        print(self.schema.treeString())

    def _find(self, name):
        lower = name.lower()
        for n in self._sql_schema.names:
            if n.lower() == lower:
                return n
        return None

    def _require(self, name):
        found = self._find(name)
        if found is None:
            raise _analysis("Column '%s' does not exist. Did you mean one of the following? [%s]" % (name, ", ".join(self.columns)))
        return found

    # -- transformations -----------------------------------------------------------------------------------
    def select(self, *cols):
        cols = _flatten(cols)
        if not cols:
            raise unsupported("DataFrame.select() with no columns")
        items = ", ".join(self._select_items(cols))
        df = self._derive("SELECT %s FROM %s" % (items, self._from()))
        # orderBy right after may name columns the select dropped (Spark resolves them below the projection).
        df._projection = (items, self)
        return df

    def _spark_sql(self, select, where=None):
        """Spark SQL text over this DataFrame, parsed by lakebox so Spark's functions keep their meaning."""
        from pyspark.sql.session import next_relation
        from pyspark.sql._patterns import spark_sql_text
        view, name = next_relation(), next_relation()
        relations = dict(self._relations)
        relations[view] = {"kind": "query", "sql": self._sql_text}
        text = "SELECT %s FROM lb_this AS `%s`" % (select, self._alias_name.replace("`", "``"))
        if where is not None:
            text += " WHERE %s" % where
        relations[name] = {"kind": "sql", "text": spark_sql_text(text), "views": {"lb_this": view}}
        return DataFrame(self.sparkSession, "SELECT * FROM %s" % quote(name), relations, self._lineage, self._dups)

    def selectExpr(self, *exprs):
        exprs = _flatten(exprs)
        for e in exprs:
            self._check_text(e)
        return self._spark_sql(", ".join(_select_expr(e) for e in exprs))

    def filter(self, condition):
        if isinstance(condition, str):
            self._check_text(condition)
            return self._spark_sql("*", condition)
        return self._derive("SELECT * FROM %s WHERE %s" % (self._from(), self._condition(condition)))

    where = filter

    def withColumn(self, colName, col):
        if not isinstance(col, Column):
            raise TypeError("col should be Column")
        expr = col._sql(self._scope())
        existing = self._find(colName)
        if existing is not None:
            return self._derive("SELECT * REPLACE (%s AS %s) FROM %s" % (expr, quote(existing), self._from()))
        return self._derive("SELECT *, %s AS %s FROM %s" % (expr, quote(colName), self._from()))

    def withColumns(self, *colsMap):
        df = self
        for name, c in colsMap[0].items():
            df = df.withColumn(name, c)
        return df

    def withColumnRenamed(self, existing, new):
        found = self._find(existing)
        if found is None:
            return self
        return self._derive("SELECT * RENAME (%s AS %s) FROM %s" % (quote(found), quote(new), self._from()))

    def toDF(self, *cols):
        names = self._sql_schema.names
        if len(cols) != len(names):
            raise _analysis("Number of column names (%d) does not match the DataFrame's (%d)" % (len(cols), len(names)))
        items = ", ".join("%s AS %s" % (quote(o), quote(n)) for o, n in zip(names, cols))
        return self._derive("SELECT %s FROM %s" % (items, self._from()), keep_dups=False)

    def drop(self, *cols):
        names = []
        for c in cols:
            if isinstance(c, ColumnRef) and len(c._path) == 1:
                mapped = self._scope()(c._df_id, c._path)
                name = self._find(mapped.strip('"').replace('""', '"'))
            elif isinstance(c, str):
                name = self._find(c)
                # Spark drops every column of that name (both sides' after a join).
                for internal, shown in self._shown_names().items():
                    if shown.lower() == c.lower():
                        extra = self._find(internal)
                        if extra is not None and extra not in names:
                            names.append(extra)
            else:
                raise unsupported("DataFrame.drop(<expression>)")
            if name is not None and name not in names:
                names.append(name)
        if not names:
            return self
        if len(names) == len(self.columns):
            raise unsupported("dropping every column of a DataFrame")
        return self._derive("SELECT * EXCLUDE (%s) FROM %s" % (", ".join(quote(n) for n in names), self._from()))

    def _ok(self, field):
        """The condition that a column holds a value: not NULL (and not NaN for floating point, as Spark's na.drop)."""
        ref = quote(field.name)
        if isinstance(field.dataType, (DoubleType, FloatType)):
            return "(%s IS NOT NULL AND NOT isnan(%s))" % (ref, ref)
        return "(%s IS NOT NULL)" % ref

    def dropna(self, how="any", thresh=None, subset=None):
        if how not in ("any", "all"):
            raise ValueError("how ('%s') should be 'any' or 'all'" % how)
        fields = self._subset_fields(subset)
        checks = [self._ok(f) for f in fields]
        if not checks:
            return self
        if thresh is not None:
            cond = "(%s) >= %d" % (" + ".join("CASE WHEN %s THEN 1 ELSE 0 END" % c for c in checks), thresh)
        elif how == "any":
            cond = " AND ".join(checks)
        else:
            cond = " OR ".join(checks)
        return self._derive("SELECT * FROM %s WHERE %s" % (self._from(), cond))

    def _subset_fields(self, subset):
        if isinstance(subset, str):
            subset = [subset]
        if subset is None:
            return list(self._sql_schema.fields)
        wanted = [self._require(s) for s in subset]
        return [f for f in self._sql_schema.fields if f.name in wanted]

    def fillna(self, value, subset=None):
        if isinstance(value, dict):
            pairs = [(self._require(k), v) for k, v in value.items()]
            fields = {f.name: f for f in self._sql_schema.fields}
            targets = [(fields[n], v) for n, v in pairs]
        else:
            targets = [(f, value) for f in self._subset_fields(subset) if _fill_applies(f.dataType, value)]
        if not targets:
            return self
        items = []
        for f, v in targets:
            ref = quote(f.name)
            duck = f.dataType.duckType()
            fill = "CAST(%s AS %s)" % (lit_sql(v), duck)
            if isinstance(f.dataType, (DoubleType, FloatType)):
                items.append("CASE WHEN %s IS NULL OR isnan(%s) THEN %s ELSE %s END AS %s" % (ref, ref, fill, ref, ref))
            else:
                items.append("coalesce(%s, %s) AS %s" % (ref, fill, ref))
        return self._derive("SELECT * REPLACE (%s) FROM %s" % (", ".join(items), self._from()))

    @property
    def na(self):
        return _NaFunctions(self)

    def dropDuplicates(self, subset=None):
        if subset is None:
            return self.distinct()
        if isinstance(subset, str):
            raise TypeError("Parameter 'subset' must be a list of columns")
        keys = ", ".join(quote(self._require(s)) for s in subset)
        return self._derive("SELECT DISTINCT ON (%s) * FROM %s" % (keys, self._from()))

    drop_duplicates = dropDuplicates

    def distinct(self):
        return self._derive("SELECT DISTINCT * FROM %s" % self._from())

    def orderBy(self, *cols, **kwargs):
        cols = [to_col(c) for c in _flatten(cols)]
        ascending = kwargs.get("ascending", True)
        if isinstance(ascending, (list, tuple)):
            cols = [c if a else c.desc() for c, a in zip(cols, ascending)]
        elif not ascending:
            cols = [c.desc() for c in cols]
        projection = self._projection
        if projection is not None:
            items, parent = projection
            names = {n.lower() for n in self.columns}
            missing = [c for c in cols if isinstance(c, ColumnRef) and len(c._path) == 1 and c._path[0].lower() not in names]
            if missing:
                order = ", ".join(c._sort_sql(parent._scope()) for c in cols)
                return self._derive("SELECT %s FROM %s ORDER BY %s" % (items, parent._from(), order))
        scope = self._scope()
        return self._derive("SELECT * FROM %s ORDER BY %s" % (self._from(), ", ".join(c._sort_sql(scope) for c in cols)))

    sort = orderBy

    def sortWithinPartitions(self, *cols, **kwargs):
        return self.orderBy(*cols, **kwargs)

    def limit(self, num):
        return self._derive("SELECT * FROM %s LIMIT %d" % (self._from(), int(num)))

    def _set_op(self, other, op):
        relations = dict(self._relations)
        relations.update(other._relations)
        sql = "(SELECT * FROM %s) %s (SELECT * FROM %s)" % (self._from(), op, other._from())
        return DataFrame(self.sparkSession, "SELECT * FROM (%s) AS lb_u" % sql, relations, self._lineage)

    def union(self, other):
        return self._set_op(other, "UNION ALL")

    unionAll = union

    def unionByName(self, other, allowMissingColumns=False):
        left, right = self.columns, other.columns
        lower_right = {n.lower(): n for n in right}
        lower_left = {n.lower() for n in left}
        items = []
        for n in left:
            if n.lower() in lower_right:
                items.append("%s AS %s" % (quote(lower_right[n.lower()]), quote(n)))
            elif allowMissingColumns:
                items.append("NULL AS %s" % quote(n))
            else:
                raise _analysis("Cannot resolve column name \"%s\" among (%s)" % (n, ", ".join(right)))
        extra = [n for n in right if n.lower() not in lower_left]
        if extra and not allowMissingColumns:
            raise _analysis("Cannot resolve column name \"%s\" among (%s)" % (extra[0], ", ".join(left)))
        left_sql = "SELECT *%s FROM %s" % ("".join(", NULL AS %s" % quote(n) for n in extra), self._from())
        right_sql = "SELECT %s FROM %s" % (", ".join(items + [quote(n) for n in extra]), other._from())
        relations = dict(self._relations)
        relations.update(other._relations)
        sql = "SELECT * FROM ((%s) UNION ALL (%s)) AS lb_u" % (left_sql, right_sql)
        return DataFrame(self.sparkSession, sql, relations, self._lineage)

    def intersect(self, other):
        return self._set_op(other, "INTERSECT")

    def subtract(self, other):
        return self._set_op(other, "EXCEPT")

    def exceptAll(self, other):
        return self._set_op(other, "EXCEPT ALL")

    def join(self, other, on=None, how=None):
        how = (how or "inner").lower().replace("_", "")
        kinds = {"inner": "JOIN", "cross": "CROSS JOIN", "outer": "FULL JOIN", "full": "FULL JOIN",
                 "fullouter": "FULL JOIN", "left": "LEFT JOIN", "leftouter": "LEFT JOIN", "right": "RIGHT JOIN",
                 "rightouter": "RIGHT JOIN", "semi": "SEMI JOIN", "leftsemi": "SEMI JOIN", "anti": "ANTI JOIN",
                 "leftanti": "ANTI JOIN"}
        if how not in kinds:
            raise unsupported("join type %s" % how)
        kind = kinds[how]
        relations = dict(self._relations)
        relations.update(other._relations)
        la, ra = quote(self._alias_name), quote(other._alias_name)
        if other._alias_name == self._alias_name:
            ra = quote(other._alias_name + "_r")
        right_from = "(%s) AS %s" % (other._sql_text, ra)
        if on is None:
            if kind == "CROSS JOIN" or how == "inner":
                sql = "SELECT %s.*, %s.* FROM %s CROSS JOIN %s" % (la, ra, self._from(), right_from)
                return self._joined(other, sql, relations)
            raise unsupported("join without a condition for %s" % how)
        names = on if isinstance(on, (list, tuple)) and all(isinstance(n, str) for n in on) else None
        if isinstance(on, str):
            names = [on]
        if names is not None:
            return self._using_join(other, names, kind, relations, la, ra, right_from)
        conds = on if isinstance(on, (list, tuple)) else [on]
        scope = self._join_scope(other, la, ra)
        cond = " AND ".join(to_col(c)._sql(scope) for c in conds)
        if kind in ("SEMI JOIN", "ANTI JOIN"):
            sql = "SELECT %s.* FROM %s %s %s ON %s" % (la, self._from(), kind, right_from, cond)
            return DataFrame(self.sparkSession, sql, relations, self._lineage, self._dups)
        sql = "SELECT %s.*, %s.* FROM %s %s %s ON %s" % (la, ra, self._from(), kind, right_from, cond)
        return self._joined(other, sql, relations)

    def _join_scope(self, other, la, ra):
        left_scope, right_scope = self._scope(), other._scope()

        def resolve(df_id, path):
            if len(path) == 1 and df_id is not None:
                if df_id in self._lineage:
                    return "%s.%s" % (la, left_scope(df_id, path))
                if df_id in other._lineage:
                    return "%s.%s" % (ra, right_scope(df_id, path))
            return ".".join(quote(p) for p in path)
        return resolve

    def _joined(self, other, sql, relations):
        """A join keeping both sides' columns: a right column named like a left one is `name_1` afterwards (DuckDB's
        rule), and references through the right DataFrame (`df2.id`) resolve to it."""
        left = {n.lower() for n in self._sql_schema.names}
        taken = set(left)
        renamed, shown = {}, {}
        other_shown = other._shown_names()
        for n in other._sql_schema.names:
            if n.lower() in left:
                k = 1
                while ("%s_%d" % (n, k)).lower() in taken:
                    k += 1
                renamed[n.lower()] = "%s_%d" % (n, k)
                shown[renamed[n.lower()].lower()] = other_shown.get(n.lower(), n)
                taken.add(renamed[n.lower()].lower())
            taken.add(n.lower())
        entry = (other._lineage, renamed, self._lineage, shown)
        dups = self._dups + other._dups + (entry,) if renamed else self._dups + other._dups
        return DataFrame(self.sparkSession, sql, relations, self._lineage | other._lineage, dups)

    def _using_join(self, other, names, kind, relations, la, ra, right_from):
        keys = [(self._require(n), other._require(n)) for n in names]
        cond = " AND ".join("%s.%s = %s.%s" % (la, quote(l), ra, quote(r)) for l, r in keys)
        if kind in ("SEMI JOIN", "ANTI JOIN"):
            sql = "SELECT %s.* FROM %s %s %s ON %s" % (la, self._from(), kind, right_from, cond)
            return DataFrame(self.sparkSession, sql, relations, self._lineage, self._dups)
        if kind == "RIGHT JOIN":
            key_items = ["%s.%s AS %s" % (ra, quote(r), quote(l)) for l, r in keys]
        elif kind == "FULL JOIN":
            key_items = ["coalesce(%s.%s, %s.%s) AS %s" % (la, quote(l), ra, quote(r), quote(l)) for l, r in keys]
        else:
            key_items = ["%s.%s AS %s" % (la, quote(l), quote(l)) for l, r in keys]
        left_rest = "%s.* EXCLUDE (%s)" % (la, ", ".join(quote(l) for l, _ in keys))
        right_rest = "%s.* EXCLUDE (%s)" % (ra, ", ".join(quote(r) for _, r in keys))
        items = key_items[:]
        if len(self.columns) > len(keys):
            items.append(left_rest)
        if len(other.columns) > len(keys):
            items.append(right_rest)
        sql = "SELECT %s FROM %s %s %s ON %s" % (", ".join(items), self._from(), kind, right_from, cond)
        return DataFrame(self.sparkSession, sql, relations, self._lineage | other._lineage)

    def crossJoin(self, other):
        return self.join(other, how="cross")

    def groupBy(self, *cols):
        from pyspark.sql.group import GroupedData
        return GroupedData(self, [to_col(c) for c in _flatten(cols)])

    groupby = groupBy

    def agg(self, *exprs):
        return self.groupBy().agg(*exprs)

    def alias(self, alias):
        df = self._derive(self._sql_text)
        df._alias_name = alias
        return df

    def cache(self):
        return self

    def persist(self, *args, **kwargs):
        return self

    def unpersist(self, *args, **kwargs):
        return self

    def checkpoint(self, *args, **kwargs):
        return self

    localCheckpoint = checkpoint

    def repartition(self, *args, **kwargs):
        return self

    def coalesce(self, numPartitions):
        return self

    def hint(self, *args, **kwargs):
        return self

    def createOrReplaceTempView(self, name):
        self.sparkSession._register_view(name, self, replace=True)

    def createTempView(self, name):
        self.sparkSession._register_view(name, self, replace=False)

    registerTempTable = createOrReplaceTempView

    @property
    def write(self):
        from pyspark.sql.readwriter import DataFrameWriter
        return DataFrameWriter(self)

    # -- actions -------------------------------------------------------------------------------------------
    def _fetch(self, limit=None):
        body = {} if limit is None else {"limit": int(limit)}
        out = self._call("collect", body)
        fields = [StructField(c["name"], _from_json(c["type"])) for c in out["columns"]]
        if self._schema is None:
            self._schema = StructType(fields)
        shown = self._shown_names()
        if shown:
            fields = [StructField(shown.get(f.name.lower(), f.name), f.dataType) for f in fields]
        names = [f.name for f in fields]
        rows = [Row._make(names, [from_json_value(f.dataType, v) for f, v in zip(fields, r)]) for r in out["rows"]]
        return fields, rows

    def collect(self):
        return self._fetch()[1]

    def toLocalIterator(self, prefetchPartitions=False):
        return iter(self.collect())

    def take(self, num):
        return self._fetch(num)[1]

    def head(self, n=None):
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def tail(self, num):
        return self.collect()[-num:] if num else []

    def isEmpty(self):
        return len(self.take(1)) == 0

    def count(self):
        df = self._derive("SELECT count(*) AS cnt FROM %s" % self._from())
        return int(df._fetch()[1][0][0])

    def show(self, n=20, truncate=True, vertical=False):
        if vertical:
            raise unsupported("DataFrame.show(vertical=True)")
        fields, rows = self._fetch(n + 1)
        print(show_string([f.name for f in fields], [f.dataType for f in fields], rows[:n], n, truncate, len(rows) > n), end="")

    def toPandas(self):
        raise unsupported("DataFrame.toPandas")

    @property
    def rdd(self):
        raise unsupported("DataFrame.rdd")

    def explain(self, *args, **kwargs):
        print("== lakebox plan ==\n%s" % self._sql_text)

    # -- column access -------------------------------------------------------------------------------------
    def __getitem__(self, item):
        if isinstance(item, str):
            if item != "*" and "." not in item:
                self._require(item)
            return ColumnRef(item, self._id)
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, int):
            return ColumnRef(self.columns[item], self._id)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise TypeError("unexpected item type: %s" % type(item))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        found = self._find(name)
        if found is not None:
            return ColumnRef(found, self._id)
        raise unsupported("DataFrame.%s" % name)

    def __repr__(self):
        try:
            return "DataFrame[%s]" % ", ".join("%s: %s" % (n, t) for n, t in self.dtypes)
        except Exception:  # noqa: BLE001
            return "DataFrame[...]"


_ALIASED = re.compile(r"\s+as\s+(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`)\s*$|^\s*(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`|\*)\s*$", re.I)


def _select_expr(text):
    """A selectExpr item; an unnamed expression is named by its text, as Spark names it (not DuckDB's rendering)."""
    if _ALIASED.search(text):
        return text
    return "%s AS `%s`" % (text, text.strip().replace("`", "``"))


def _fill_applies(dtype, value):
    if isinstance(value, bool):
        return isinstance(dtype, BooleanType)
    if isinstance(value, (int, float)):
        return isinstance(dtype, _NUMERIC)
    if isinstance(value, str):
        return isinstance(dtype, StringType)
    return False


def _analysis(message):
    from pyspark.errors import AnalysisException
    return AnalysisException(message)


class _NaFunctions(Strict):
    _api_name = "DataFrameNaFunctions"

    def __init__(self, df):
        self._df = df

    def drop(self, how="any", thresh=None, subset=None):
        return self._df.dropna(how, thresh, subset)

    def fill(self, value, subset=None):
        return self._df.fillna(value, subset)


__all__ = ["DataFrame"]
