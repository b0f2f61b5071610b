"""SQL generated for Column expressions and functions (no server needed)."""
import unittest

from pyspark.sql import functions as F
from pyspark.sql._patterns import fractional_division, to_strftime
from pyspark.sql.column import lit_sql


class ColumnSqlTest(unittest.TestCase):
    def test_comparison_and_boolean_operators(self):
        c = (F.col("a") > 1) & ~F.col("b").isNull()
        self.assertEqual(c._sql(), '(("a" > 1) AND (NOT ("b" IS NULL)))')
        self.assertEqual(c._output_name(), "((a > 1) AND (NOT (b IS NULL)))")

    def test_division_is_fractional_and_safe(self):
        self.assertEqual((F.col("a") / 2)._sql(), '(TRY_CAST("a" AS DOUBLE) / 2)')
        self.assertEqual((10 / F.col("a"))._sql(), '(TRY_CAST(10 AS DOUBLE) / "a")')

    def test_casts_follow_spark_semantics(self):
        self.assertEqual(F.col("a").cast("int")._sql(), 'TRY_CAST(lb_sp_trunc32("a") AS INTEGER)')
        self.assertEqual(F.col("a").cast("bigint")._sql(), 'TRY_CAST(lb_sp_trunc("a") AS BIGINT)')
        self.assertEqual(F.col("a").cast("double")._sql(), 'TRY_CAST("a" AS DOUBLE)')
        self.assertEqual(F.col("a").cast("boolean")._sql(), 'lb_sp_bool("a")')
        self.assertEqual(F.col("a").cast("decimal(10,2)")._sql(), 'TRY_CAST("a" AS DECIMAL(10,2))')
        self.assertEqual(F.col("a").cast("int")._output_name(), "CAST(a AS INT)")

    def test_when_otherwise(self):
        c = F.when(F.col("x") > 0, "pos").when(F.col("x") < 0, "neg").otherwise(None)
        self.assertEqual(c._sql(), "CASE WHEN (\"x\" > 0) THEN 'pos' WHEN (\"x\" < 0) THEN 'neg' ELSE NULL END")

    def test_literals(self):
        self.assertEqual(lit_sql("it's"), "'it''s'")
        self.assertEqual(lit_sql(True), "true")
        self.assertEqual(lit_sql(1.5), "CAST('1.5' AS DOUBLE)")
        self.assertEqual(lit_sql(2 ** 40), "CAST(1099511627776 AS BIGINT)")

    def test_concat_is_null_if_any_null(self):
        self.assertIn("||", F.concat("a", "b")._sql())
        self.assertTrue(F.concat_ws("-", "a", "b")._sql().startswith("concat_ws('-'"))

    def test_sort_orders_nulls_like_spark(self):
        self.assertEqual(F.col("a").asc()._sort_sql(), '"a" ASC NULLS FIRST')
        self.assertEqual(F.col("a").desc()._sort_sql(), '"a" DESC NULLS LAST')

    def test_window(self):
        from pyspark.sql import Window
        w = Window.partitionBy("k").orderBy(F.col("t").desc()).rowsBetween(Window.unboundedPreceding, 0)
        self.assertEqual(F.row_number().over(w)._sql(),
                         'row_number() OVER (PARTITION BY "k" ORDER BY "t" DESC NULLS LAST '
                         'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)')

    def test_regexp_replace_translates_group_references(self):
        self.assertEqual(F.regexp_replace("a", r"(\d+)", "<$1>")._sql(), "regexp_replace(\"a\", '(\\d+)', '<\\1>', 'g')")

    def test_aggregate_names(self):
        self.assertEqual(F.count("*")._output_name(), "count(1)")
        self.assertEqual(F.sum("x")._output_name(), "sum(x)")
        self.assertEqual(F.avg("x").alias("m")._output_name(), "m")

    def test_column_cannot_be_a_bool(self):
        with self.assertRaises(ValueError):
            bool(F.col("a") == 1)

    def test_unknown_function_is_not_supported_locally(self):
        with self.assertRaisesRegex(NotImplementedError, "not supported locally: pyspark.sql.functions.soundex"):
            F.soundex  # noqa: B018
        with self.assertRaisesRegex(NotImplementedError, "not supported locally"):
            F.udf(lambda x: x)


class PatternTest(unittest.TestCase):
    def test_spark_date_patterns(self):
        self.assertEqual(to_strftime("yyyy-MM-dd"), "%Y-%m-%d")
        self.assertEqual(to_strftime("dd/MM/yyyy HH:mm:ss"), "%d/%m/%Y %H:%M:%S")
        self.assertEqual(to_strftime("yyyy-MM-dd'T'HH:mm:ss.SSS"), "%Y-%m-%dT%H:%M:%S.%g")
        self.assertEqual(to_strftime("d MMM yyyy"), "%-d %b %Y")
        self.assertEqual(to_strftime("yyyyMMdd"), "%Y%m%d")

    def test_unknown_pattern_letter(self):
        with self.assertRaisesRegex(NotImplementedError, "not supported locally"):
            to_strftime("yyyy-ww")

    def test_fractional_division_keeps_strings(self):
        self.assertEqual(fractional_division("a / b"), "a  * CAST(1 AS DOUBLE) /  b")
        self.assertEqual(fractional_division("'a/b' || x"), "'a/b' || x")


if __name__ == "__main__":
    unittest.main()
