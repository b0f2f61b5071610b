"""HTTP client for lakebox's `/_lakebox/runtime/*` routes (stdlib only, one kept-alive connection)."""
import http.client
import json
import os
import sys
import time
import urllib.parse

from pyspark.errors import (
    AnalysisException,
    IllegalArgumentException,
    ParseException,
    SparkException,
)
from pyspark._unsupported import unsupported

# LAKEBOX_RUNTIME_TRACE=1 prints each call to lakebox and its time on stderr (the run's error log).
_TRACE = os.environ.get("LAKEBOX_RUNTIME_TRACE") == "1"

_ERRORS = {
    "AnalysisException": AnalysisException,
    "ParseException": ParseException,
    "IllegalArgumentException": IllegalArgumentException,
    "SparkException": SparkException,
}


def endpoint():
    url = os.environ.get("LAKEBOX_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
    if not url:
        raise RuntimeError(
            "lakebox: LAKEBOX_ENDPOINT is not set; this PySpark layer runs inside lakebox Glue jobs"
        )
    return url


class Client:
    def __init__(self, url=None):
        parsed = urllib.parse.urlparse(url or endpoint())
        self._host = parsed.hostname or "127.0.0.1"
        self._port = parsed.port or 80
        self._conn = None
        self.account = os.environ.get("LAKEBOX_ACCOUNT") or os.environ.get("AWS_ACCESS_KEY_ID") or ""
        self.region = (
            os.environ.get("LAKEBOX_REGION")
            or os.environ.get("AWS_REGION")
            or os.environ.get("AWS_DEFAULT_REGION")
            or "us-east-1"
        )

    def _connection(self):
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self._host, self._port, timeout=3600)
        return self._conn

    def request(self, method, path, body=None):
        started = time.time()
        try:
            return self._request(method, path, body)
        finally:
            if _TRACE:
                print("lakebox: %s %s %.0f ms" % (method, path, (time.time() - started) * 1000), file=sys.stderr, flush=True)

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        for attempt in (0, 1):
            conn = self._connection()
            try:
                conn.request(method, path, body=data, headers=headers)
                res = conn.getresponse()
                payload = res.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self._conn = None
                conn.close()
                if attempt == 1:
                    raise
        text = payload.decode("utf-8") if payload else ""
        try:
            out = json.loads(text) if text else {}
        except ValueError:
            out = {"message": text}
        if res.status >= 400:
            raise self._error(res.status, path, out)
        return out

    def _error(self, status, path, out):
        message = out.get("message") or out.get("Message") or ("HTTP %d from %s" % (status, path))
        cls = out.get("errorClass")
        if cls == "NotSupported":
            return NotImplementedError(message)
        return _ERRORS.get(cls, SparkException)(message)

    def runtime(self, route, body):
        body = dict(body)
        body.setdefault("account", self.account)
        body.setdefault("region", self.region)
        return self.request("POST", "/_lakebox/runtime/" + route, body)


_client = None


def client():
    global _client
    if _client is None:
        _client = Client()
    return _client


def set_client(c):
    """For tests: route calls to a fake."""
    global _client
    _client = c


__all__ = ["Client", "client", "set_client", "unsupported"]
