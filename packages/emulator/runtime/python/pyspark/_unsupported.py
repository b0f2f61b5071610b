"""Helpers that make unsupported PySpark/Glue API fail loudly: `not supported locally: <API>`."""


def unsupported(api):
    """The error every unsupported call raises, so the job run FAILS with a clear message."""
    return NotImplementedError("not supported locally: %s" % api)


class Strict:
    """Base class whose unknown public attributes raise `not supported locally: <Class>.<name>`."""

    _api_name = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise unsupported("%s.%s" % (self._api_name or type(self).__name__, name))


def module_getattr(module_name):
    """A PEP 562 module `__getattr__` for `from pyspark.x import unknown`."""

    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise unsupported("%s.%s" % (module_name, name))

    return __getattr__
