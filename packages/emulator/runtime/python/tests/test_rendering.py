"""show() output, Java number text, schema trees, Row, type strings."""
import datetime
import decimal
import unittest

from pyspark.sql._show import java_double, show_string
from pyspark.sql.types import (
    ArrayType, IntegerType, LongType, Row, StringType, StructField, StructType, _parse_datatype_string,
    from_json_value, DateType, TimestampType, DecimalType,
)


class RenderingTest(unittest.TestCase):
    def test_java_double(self):
        self.assertEqual(java_double(1.0), "1.0")
        self.assertEqual(java_double(0.001), "0.001")
        self.assertEqual(java_double(1e7), "1.0E7")
        self.assertEqual(java_double(1.5e-5), "1.5E-5")
        self.assertEqual(java_double(float("nan")), "NaN")

    def test_show_table(self):
        text = show_string(["id", "name"], [LongType(), StringType()],
                           [Row._make(["id", "name"], [1, "a" * 25]), Row._make(["id", "name"], [2, None])], 2, True, True)
        self.assertEqual(text, "+---+--------------------+\n"
                               "| id|                name|\n"
                               "+---+--------------------+\n"
                               "|  1|aaaaaaaaaaaaaaaaa...|\n"
                               "|  2|                null|\n"
                               "+---+--------------------+\n"
                               "only showing top 2 rows\n")

    def test_show_untruncated_is_left_aligned(self):
        text = show_string(["x"], [StringType()], [Row._make(["x"], ["ab"])], 20, False, False)
        self.assertEqual(text, "+---+\n|x  |\n+---+\n|ab |\n+---+\n")

    def test_tree_string(self):
        s = StructType([StructField("id", IntegerType()), StructField("tags", ArrayType(StringType()))])
        self.assertEqual(s.treeString(), "root\n |-- id: integer (nullable = true)\n |-- tags: array (nullable = true)\n"
                                         " |    |-- element: string (containsNull = true)\n")

    def test_ddl_schema(self):
        s = _parse_datatype_string("id INT, amount DECIMAL(10,2), tags ARRAY<STRING>")
        self.assertEqual(s.simpleString(), "struct<id:int,amount:decimal(10,2),tags:array<string>>")

    def test_values_from_json(self):
        self.assertEqual(from_json_value(DateType(), "2024-01-05"), datetime.date(2024, 1, 5))
        self.assertEqual(from_json_value(TimestampType(), "2024-01-05 10:00:00.5"),
                         datetime.datetime(2024, 1, 5, 10, 0, 0, 500000))
        self.assertEqual(from_json_value(DecimalType(10, 2), "1.50"), decimal.Decimal("1.50"))
        self.assertEqual(from_json_value(LongType(), "123456789012345678"), 123456789012345678)

    def test_row(self):
        r = Row(a=1, b="x")
        self.assertEqual((r.a, r["b"], r[0]), (1, "x", 1))
        self.assertEqual(r.asDict(), {"a": 1, "b": "x"})
        self.assertEqual(repr(r), "Row(a=1, b='x')")


if __name__ == "__main__":
    unittest.main()
