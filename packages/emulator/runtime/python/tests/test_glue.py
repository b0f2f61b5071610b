"""awsglue: getResolvedOptions, ApplyMapping SQL, Job bookmarks (through a fake client)."""
import sys
import unittest

from awsglue.utils import GlueArgumentError, getResolvedOptions
from pyspark.sql import _client
from tests.fake_client import FakeClient


class ResolvedOptionsTest(unittest.TestCase):
    def test_reads_glue_style_arguments(self):
        argv = ["job.py", "--JOB_NAME", "etl", "--input_path", "s3://b/in", "--flag=1",
                "--job-bookmark-option", "job-bookmark-enable"]
        args = getResolvedOptions(argv, ["JOB_NAME", "input_path", "flag"])
        self.assertEqual(args, {"JOB_NAME": "etl", "input_path": "s3://b/in", "flag": "1",
                                "job_bookmark_option": "job-bookmark-enable"})

    def test_missing_argument_fails(self):
        with self.assertRaisesRegex(GlueArgumentError, "--output_path"):
            getResolvedOptions(["job.py", "--JOB_NAME", "x"], ["JOB_NAME", "output_path"])


class GlueTest(unittest.TestCase):
    def setUp(self):
        self.fake = FakeClient(schemas={"lb_rel": [("id", "string"), ("amount", "string")]})
        _client.set_client(self.fake)
        self.argv = sys.argv
        sys.argv = ["job.py", "--JOB_NAME", "etl", "--JOB_RUN_ID", "jr_1", "--job-bookmark-option", "job-bookmark-enable"]

    def tearDown(self):
        sys.argv = self.argv
        _client.set_client(None)

    def test_apply_mapping_casts_and_renames(self):
        from awsglue.context import GlueContext
        from awsglue.transforms import ApplyMapping
        glue = GlueContext()
        dyf = glue.create_dynamic_frame.from_options("s3", {"paths": ["s3://b/in"]}, "csv", {"withHeader": True})
        mapped = ApplyMapping.apply(frame=dyf, mappings=[("id", "string", "order_id", "long"),
                                                         ("amount", "string", "amount", "double")])
        sql = mapped.toDF()._sql_text
        self.assertIn('TRY_CAST(lb_sp_trunc("id") AS BIGINT) AS "order_id"', sql)
        self.assertIn('TRY_CAST("amount" AS DOUBLE) AS "amount"', sql)

    def test_bookmarks_skip_processed_files_and_commit_new_ones(self):
        import json
        from awsglue.context import GlueContext
        from awsglue.job import Job
        glue = GlueContext()
        job = Job(glue)
        job.init("etl", {"JOB_NAME": "etl"})
        self.fake.runtime = self._files_runtime(self.fake.runtime)
        dyf = glue.create_dynamic_frame.from_options("s3", {"paths": ["s3://b/in"]}, "csv", transformation_ctx="src")
        rel = next(iter(dyf.toDF()._relations.values()))
        self.assertEqual(rel["files"], ["s3://b/in/b.csv"])
        job.commit()
        method, body = self.fake.calls[-1]
        self.assertEqual(method, "POST /_lakebox/jobs/bookmark")
        self.assertEqual(body["runId"], "jr_1")
        state = json.loads(body["JobBookmark"])
        self.assertEqual(state["sources"]["src"]["files"], ["s3://b/in/a.csv", "s3://b/in/b.csv"])

    def _files_runtime(self, original):
        def runtime(route, body):
            if route == "files":
                return {"files": [{"uri": "s3://b/in/a.csv"}, {"uri": "s3://b/in/b.csv"}]}
            return original(route, body)
        return runtime


if __name__ == "__main__":
    unittest.main()
