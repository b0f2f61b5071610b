"""A stand-in for the lakebox HTTP client: records calls, answers schemas from a table."""
import json


class FakeClient:
    account = "000000000000"
    region = "us-east-1"

    def __init__(self, schemas=None, rows=None):
        self.calls = []
        self.schemas = schemas or {}
        self.rows = rows or []

    def runtime(self, route, body):
        self.calls.append((route, json.loads(json.dumps(body))))
        if route == "schema":
            for needle, cols in self.schemas.items():
                if needle in json.dumps(body["plan"]):
                    return {"columns": [{"name": n, "type": t} for n, t in cols]}
            return {"columns": []}
        if route == "collect":
            cols = next(iter(self.schemas.values()), [])
            return {"columns": [{"name": n, "type": t} for n, t in cols], "rows": self.rows}
        if route == "write":
            return {"files": [], "rows": 0, "skipped": False}
        if route == "files":
            return {"files": [{"uri": p + "/a.csv", "etag": "x", "size": 1} for p in body["paths"]]}
        raise AssertionError("unexpected route %s" % route)

    def request(self, method, path, body=None):
        self.calls.append((method + " " + path, body))
        if method == "GET":
            return {"JobBookmark": json.dumps({"version": 1, "sources": {"src": {"files": ["s3://b/in/a.csv"]}}}), "Run": 1}
        return {}
