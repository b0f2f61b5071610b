"""Window specifications for `Column.over` (row_number, rank, lag, aggregates over a window)."""
import sys

from pyspark.sql.column import ColumnRef, to_col


class WindowSpec:
    def __init__(self, partition=(), order=(), frame=None):
        self._partition = list(partition)
        self._order = list(order)
        self._frame = frame

    def partitionBy(self, *cols):
        cols = _flatten(cols)
        return WindowSpec([to_col(c) for c in cols], self._order, self._frame)

    def orderBy(self, *cols):
        cols = _flatten(cols)
        return WindowSpec(self._partition, [to_col(c) for c in cols], self._frame)

    def rowsBetween(self, start, end):
        return WindowSpec(self._partition, self._order, ("ROWS", start, end))

    def rangeBetween(self, start, end):
        return WindowSpec(self._partition, self._order, ("RANGE", start, end))

    def _spec(self):
        return _SpecText(self)

    def _name(self):
        return "windowspec"


class _SpecText:
    """Renders the OVER (...) body with the scope of the select it appears in."""

    def __init__(self, spec):
        self.spec = spec
        self._agg = False

    def _sql(self, scope=None):
        parts = []
        if self.spec._partition:
            parts.append("PARTITION BY " + ", ".join(c._sql(scope) for c in self.spec._partition))
        if self.spec._order:
            parts.append("ORDER BY " + ", ".join(c._sort_sql(scope) for c in self.spec._order))
        if self.spec._frame:
            kind, start, end = self.spec._frame
            parts.append("%s BETWEEN %s AND %s" % (kind, _bound(start, True), _bound(end, False)))
        return " ".join(parts)


def _bound(value, start):
    if value <= Window.unboundedPreceding:
        return "UNBOUNDED PRECEDING"
    if value >= Window.unboundedFollowing:
        return "UNBOUNDED FOLLOWING"
    if value == 0:
        return "CURRENT ROW"
    return "%d %s" % (abs(value), "PRECEDING" if value < 0 else "FOLLOWING")


def _flatten(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


class Window:
    unboundedPreceding = -sys.maxsize - 1
    unboundedFollowing = sys.maxsize
    currentRow = 0

    @staticmethod
    def partitionBy(*cols):
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols):
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start, end):
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start, end):
        return WindowSpec().rangeBetween(start, end)


__all__ = ["Window", "WindowSpec", "ColumnRef"]
