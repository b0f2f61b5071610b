"""Job.init/commit with job bookmarks (stored by lakebox's jobs module; the content is this layer's).

Bookmark state: `{"version": 1, "sources": {<transformation_ctx>: {"files": [s3 uris already processed]}}}`.
With `--job-bookmark-option job-bookmark-enable`, an S3 source with a transformation_ctx reads only files not
in its list, and `commit()` adds what the run read; `job-bookmark-pause` filters without updating.
"""
import json
import os
import sys
import urllib.parse

from pyspark._unsupported import Strict
from pyspark.sql import _client

_active = None


def active_job():
    return _active


def _argv_value(name):
    argv = sys.argv
    for i, a in enumerate(argv):
        if a == "--" + name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--" + name + "="):
            return a.split("=", 1)[1]
    return None


class Job(Strict):
    _api_name = "Job"

    def __init__(self, glue_context):
        self._glue_context = glue_context
        self._name = None
        self._option = "job-bookmark-disable"
        self._state = {"version": 1, "sources": {}}
        self._pending = {}
        self._initialized = False

    @classmethod
    def continuation_enabled(cls):
        return False

    def init(self, job_name, args=None):
        global _active
        args = args or {}
        self._name = job_name
        self._option = (args.get("job_bookmark_option") or _argv_value("job-bookmark-option")
                        or "job-bookmark-disable")
        if self.bookmarks_enabled():
            c = _client.client()
            query = urllib.parse.urlencode({"account": c.account, "region": c.region, "job": job_name})
            out = c.request("GET", "/_lakebox/jobs/bookmark?" + query)
            text = out.get("JobBookmark") or ""
            if text:
                try:
                    state = json.loads(text)
                    if isinstance(state, dict) and isinstance(state.get("sources"), dict):
                        self._state = state
                except ValueError:
                    pass
        self._initialized = True
        _active = self

    def bookmarks_enabled(self):
        return self._option in ("job-bookmark-enable", "job-bookmark-pause")

    def processed_files(self, ctx):
        return set(self._state["sources"].get(ctx, {}).get("files", []))

    def record_files(self, ctx, uris):
        self._pending.setdefault(ctx, set()).update(uris)

    def commit(self):
        global _active
        if self._option == "job-bookmark-enable" and self._name:
            for ctx, uris in self._pending.items():
                entry = self._state["sources"].setdefault(ctx, {"files": []})
                entry["files"] = sorted(set(entry.get("files", [])) | uris)
            c = _client.client()
            c.request("POST", "/_lakebox/jobs/bookmark", {
                "account": c.account,
                "region": c.region,
                "job": self._name,
                "runId": _argv_value("JOB_RUN_ID") or os.environ.get("LAKEBOX_JOB_RUN_ID", ""),
                "JobBookmark": json.dumps(self._state, sort_keys=True),
            })
        self._pending = {}
        _active = None


__all__ = ["Job"]
