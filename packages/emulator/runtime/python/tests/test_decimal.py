"""Spark's DecimalPrecision result types (allowPrecisionLoss=true), as _decimal computes them."""
import unittest

from pyspark.sql._decimal import adjust, as_decimal, result_type
from pyspark.sql import types as T


class DecimalPrecisionTest(unittest.TestCase):
    def test_result_types(self):
        self.assertEqual(result_type("/", (10, 2), (10, 2)), (23, 13))
        self.assertEqual(result_type("*", (10, 2), (10, 2)), (21, 4))
        self.assertEqual(result_type("+", (10, 2), (12, 1)), (14, 2))
        self.assertEqual(result_type("-", (10, 2), (1, 0)), (11, 2))
        self.assertEqual(result_type("%", (10, 2), (12, 1)), (10, 2))

    def test_precision_over_38_keeps_integral_digits(self):
        # (20,2) / (20,2) would be (43,23): 20 integral digits kept, scale cut to 18 (never below min(23, 6)).
        self.assertEqual(result_type("/", (20, 2), (20, 2)), (38, 18))
        self.assertEqual(adjust(60, 10), (38, 6))
        self.assertEqual(result_type("*", (38, 10), (38, 10)), (38, 6))

    def test_operands(self):
        self.assertEqual(as_decimal(T.IntegerType()), (10, 0))
        self.assertEqual(as_decimal(T.LongType()), (20, 0))
        self.assertEqual(as_decimal(T.IntegerType(), 123), (3, 0))
        self.assertEqual(as_decimal(T.DecimalType(7, 3)), (7, 3))
        self.assertIsNone(as_decimal(T.DoubleType()))


if __name__ == "__main__":
    unittest.main()
