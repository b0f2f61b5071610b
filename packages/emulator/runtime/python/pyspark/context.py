"""SparkContext: a placeholder that Glue boilerplate creates (`SparkContext()`, `SparkContext.getOrCreate()`)."""
from pyspark._unsupported import Strict, unsupported


class SparkConf(Strict):
    _api_name = "SparkConf"

    def __init__(self, loadDefaults=True):
        self._values = {}

    def set(self, key, value):
        self._values[key] = value
        return self

    def setAppName(self, name):
        return self.set("spark.app.name", name)

    def setMaster(self, master):
        return self

    def get(self, key, defaultValue=None):
        return self._values.get(key, defaultValue)

    def getAll(self):
        return list(self._values.items())


class SparkContext(Strict):
    _api_name = "SparkContext"
    _active = None

    def __init__(self, master=None, appName=None, conf=None, **kwargs):
        self.appName = appName or "lakebox"
        self._conf = conf or SparkConf()
        self.version = "3.3.0"
        self.master = "local[*]"
        self.defaultParallelism = 1
        SparkContext._active = self

    @classmethod
    def getOrCreate(cls, conf=None):
        return cls._active or cls(conf=conf)

    def setLogLevel(self, level):
        pass

    def getConf(self):
        return self._conf

    def stop(self):
        pass

    def parallelize(self, *args, **kwargs):
        raise unsupported("SparkContext.parallelize (RDDs)")

    def textFile(self, *args, **kwargs):
        raise unsupported("SparkContext.textFile (RDDs)")

    def broadcast(self, value):
        return _Broadcast(value)


class _Broadcast:
    def __init__(self, value):
        self.value = value
