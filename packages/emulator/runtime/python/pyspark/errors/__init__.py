"""PySpark's exception classes (pyspark.errors in Spark 3.4+, pyspark.sql.utils before)."""


class PySparkException(Exception):
    def __init__(self, message=None, *args):
        super().__init__(message, *args)
        self.desc = message

    def __str__(self):
        return str(self.desc)

    def getMessage(self):
        return str(self.desc)


class CapturedException(PySparkException):
    pass


class AnalysisException(CapturedException):
    pass


class ParseException(AnalysisException):
    pass


class IllegalArgumentException(CapturedException):
    pass


class SparkException(CapturedException):
    """A failure while running a job's SQL (Spark reports these as a Py4JJavaError around a SparkException)."""


class PySparkValueError(PySparkException, ValueError):
    pass


class PySparkTypeError(PySparkException, TypeError):
    pass


__all__ = [
    "PySparkException",
    "CapturedException",
    "AnalysisException",
    "ParseException",
    "IllegalArgumentException",
    "SparkException",
    "PySparkValueError",
    "PySparkTypeError",
]
