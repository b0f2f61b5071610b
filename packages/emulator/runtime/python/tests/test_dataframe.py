"""SQL built by DataFrame transformations, and what actions send (through a fake client)."""
import unittest

from pyspark.sql import SparkSession, functions as F
from pyspark.sql import _client
from tests.fake_client import FakeClient


class DataFrameSqlTest(unittest.TestCase):
    def setUp(self):
        self.fake = FakeClient(schemas={"lb_rel": [("id", "long"), ("name", "string"), ("price", "double")]})
        _client.set_client(self.fake)
        self.spark = SparkSession.builder.getOrCreate()
        self.df = self.spark.read.option("header", "true").csv("s3://b/in/")

    def tearDown(self):
        _client.set_client(None)

    def test_read_is_a_files_relation(self):
        rel = next(iter(self.df._relations.values()))
        self.assertEqual(rel["kind"], "files")
        self.assertEqual(rel["format"], "csv")
        self.assertEqual(rel["options"]["header"], True)
        self.assertEqual(rel["options"]["inferSchema"], False)

    def test_transformations_are_lazy(self):
        self.df.filter(F.col("id") > 1).select("id")
        self.assertEqual(self.fake.calls, [])

    def test_with_column_replaces_in_place_or_appends(self):
        replaced = self.df.withColumn("price", F.col("price") * 2)._sql_text
        self.assertIn('SELECT * REPLACE (("price" * 2) AS "price")', replaced)
        added = self.df.withColumn("tax", F.lit(1))._sql_text
        self.assertIn('SELECT *, 1 AS "tax"', added)

    def test_drop_duplicates_subset_keeps_one_row(self):
        sql = self.df.dropDuplicates(["id"])._sql_text
        self.assertIn('SELECT DISTINCT ON ("id") *', sql)
        self.assertIn("SELECT DISTINCT *", self.df.dropDuplicates()._sql_text)

    def test_dropna_treats_nan_as_missing(self):
        sql = self.df.dropna()._sql_text
        self.assertIn('NOT isnan("price")', sql)
        self.assertIn('("id" IS NOT NULL)', sql)

    def test_fillna_only_fills_matching_types(self):
        sql = self.df.fillna(0)._sql_text
        self.assertIn('"id"', sql)
        self.assertNotIn('coalesce("name"', sql)
        self.assertIn('coalesce("name", CAST(\'x\' AS VARCHAR))', self.df.fillna("x")._sql_text)

    def test_join_on_names_puts_keys_first(self):
        other = self.spark.read.parquet("s3://b/other/")
        sql = self.df.join(other, "id", "left")._sql_text
        self.assertIn("LEFT JOIN", sql)
        self.assertTrue(sql.startswith('SELECT "lb_df_'))
        self.assertIn('.* EXCLUDE ("id")', sql)

    def test_group_by_agg(self):
        sql = self.df.groupBy("name").agg(F.sum("price").alias("total"))._sql_text
        self.assertIn('SELECT "name", sum("price") AS "total" FROM', sql)
        self.assertTrue(sql.endswith("GROUP BY 1"))

    def test_count_sends_a_count_query(self):
        self.fake.rows = [[3]]
        self.fake.schemas = {"count(*)": [("cnt", "long")]}
        self.assertEqual(self.df.count(), 3)
        route, body = self.fake.calls[-1]
        self.assertEqual(route, "collect")
        self.assertIn("count(*)", body["plan"]["sql"])

    def test_write_sends_mode_format_partitions(self):
        self.df.write.mode("overwrite").partitionBy("name").parquet("s3://b/out/")
        route, body = self.fake.calls[-1]
        self.assertEqual(route, "write")
        self.assertEqual((body["mode"], body["format"], body["partitionBy"]), ("overwrite", "parquet", ["name"]))

    def test_temp_views_bind_in_spark_sql(self):
        self.df.createOrReplaceTempView("sales")
        q = self.spark.sql("SELECT * FROM sales")
        rel = list(q._relations.values())[-1]
        self.assertEqual(rel["kind"], "sql")
        self.assertIn("sales", rel["views"])
        self.assertIn(rel["views"]["sales"], q._relations)

    def test_expr_text_travels_with_the_plan(self):
        df = self.df.withColumn("x", F.expr('concat(name, "!")'))
        plan = df._plan()
        (n, text), = plan["expressions"].items()
        self.assertIn("__lb_expr_%s__" % n, plan["sql"])
        self.assertEqual(text, "concat(name, '!')")

    def test_filter_and_select_expr_text_are_spark_sql(self):
        df = self.df.filter("name = \"x\"").selectExpr("id / 2")
        texts = [r["text"] for r in df._relations.values() if r["kind"] == "sql"]
        self.assertEqual(texts[0], "SELECT * FROM lb_this AS \"%s\" WHERE name = 'x'" % self.df._alias_name)
        self.assertTrue(texts[1].startswith("SELECT id / 2 AS \"id / 2\" FROM lb_this"))

    def test_unsupported_api_fails_loudly(self):
        with self.assertRaisesRegex(NotImplementedError, "not supported locally: DataFrame.toPandas"):
            self.df.toPandas()
        with self.assertRaisesRegex(NotImplementedError, "not supported locally: DataFrame.rollup"):
            self.df.rollup("x")
        with self.assertRaisesRegex(NotImplementedError, "not supported locally"):
            self.spark.read.option("mode", "FAILFAST").csv("s3://b/x")


if __name__ == "__main__":
    unittest.main()
