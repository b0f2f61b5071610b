"""Spark SQL data types (schemas, printSchema, cast targets) and Row."""
import datetime
import decimal
import json
import re

from pyspark._unsupported import module_getattr


class DataType:
    _name = None
    _duck = None

    def simpleString(self):
        return self._name

    def typeName(self):
        return self._name

    def jsonValue(self):
        return self._name

    def json(self):
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def duckType(self):
        return self._duck

    def __repr__(self):
        return type(self).__name__ + "()"

    def __eq__(self, other):
        return isinstance(other, DataType) and self.jsonValue() == other.jsonValue()

    def __hash__(self):
        return hash(str(self.jsonValue()))


def _atomic(cls_name, name, duck):
    return type(cls_name, (DataType,), {"_name": name, "_duck": duck})


NullType = _atomic("NullType", "void", "INTEGER")
StringType = _atomic("StringType", "string", "VARCHAR")
BinaryType = _atomic("BinaryType", "binary", "BLOB")
BooleanType = _atomic("BooleanType", "boolean", "BOOLEAN")
DateType = _atomic("DateType", "date", "DATE")
TimestampType = _atomic("TimestampType", "timestamp", "TIMESTAMP")
TimestampNTZType = _atomic("TimestampNTZType", "timestamp_ntz", "TIMESTAMP")
DoubleType = _atomic("DoubleType", "double", "DOUBLE")
FloatType = _atomic("FloatType", "float", "FLOAT")
ByteType = _atomic("ByteType", "byte", "TINYINT")
ShortType = _atomic("ShortType", "short", "SMALLINT")
IntegerType = _atomic("IntegerType", "integer", "INTEGER")
LongType = _atomic("LongType", "long", "BIGINT")

_SIMPLE_NAMES = {ByteType: "tinyint", ShortType: "smallint", IntegerType: "int", LongType: "bigint"}
for _cls, _simple in _SIMPLE_NAMES.items():
    _cls.simpleString = (lambda s: lambda self: s)(_simple)


class DecimalType(DataType):
    def __init__(self, precision=10, scale=0):
        self.precision = precision
        self.scale = scale

    def simpleString(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)

    typeName = simpleString
    jsonValue = simpleString

    def duckType(self):
        return "DECIMAL(%d,%d)" % (self.precision, self.scale)

    def __repr__(self):
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class ArrayType(DataType):
    def __init__(self, elementType, containsNull=True):
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self):
        return "array<%s>" % self.elementType.simpleString()

    def typeName(self):
        return "array"

    def jsonValue(self):
        return {"type": "array", "elementType": self.elementType.jsonValue(), "containsNull": self.containsNull}

    def duckType(self):
        return "%s[]" % self.elementType.duckType()

    def __repr__(self):
        return "ArrayType(%r, %s)" % (self.elementType, self.containsNull)


class MapType(DataType):
    def __init__(self, keyType, valueType, valueContainsNull=True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self):
        return "map<%s,%s>" % (self.keyType.simpleString(), self.valueType.simpleString())

    def typeName(self):
        return "map"

    def jsonValue(self):
        return {
            "type": "map",
            "keyType": self.keyType.jsonValue(),
            "valueType": self.valueType.jsonValue(),
            "valueContainsNull": self.valueContainsNull,
        }

    def duckType(self):
        return "MAP(%s, %s)" % (self.keyType.duckType(), self.valueType.duckType())


class StructField(DataType):
    def __init__(self, name, dataType, nullable=True, metadata=None):
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self):
        return "%s:%s" % (self.name, self.dataType.simpleString())

    def jsonValue(self):
        return {"name": self.name, "type": self.dataType.jsonValue(), "nullable": self.nullable, "metadata": self.metadata}

    def __repr__(self):
        return "StructField('%s', %r, %s)" % (self.name, self.dataType, self.nullable)


class StructType(DataType):
    def __init__(self, fields=None):
        self.fields = list(fields or [])

    @property
    def names(self):
        return [f.name for f in self.fields]

    def fieldNames(self):
        return self.names

    def add(self, field, data_type=None, nullable=True, metadata=None):
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if isinstance(data_type, str):
                data_type = _parse_datatype_string(data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
        return self

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.fields[key]
        for f in self.fields:
            if f.name == key:
                return f
        raise KeyError("No StructField named %s" % key)

    def simpleString(self):
        return "struct<%s>" % ",".join(f.simpleString() for f in self.fields)

    def typeName(self):
        return "struct"

    def jsonValue(self):
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def duckType(self):
        return "STRUCT(%s)" % ", ".join('"%s" %s' % (f.name.replace('"', '""'), f.dataType.duckType()) for f in self.fields)

    def treeString(self):
        lines = ["root"]
        _tree(self, lines, 1)
        return "\n".join(lines) + "\n"

    def __repr__(self):
        return "StructType([%s])" % ", ".join(repr(f) for f in self.fields)

    @classmethod
    def fromJson(cls, value):
        return _from_json(value)


def _tree(struct, lines, depth):
    prefix = " |   " * (depth - 1) + " |-- "
    for f in struct.fields:
        lines.append("%s%s: %s (nullable = %s)" % (prefix, f.name, _tree_name(f.dataType), str(f.nullable).lower()))
        _tree_children(f.dataType, lines, depth + 1)


def _tree_name(t):
    """The type as printSchema names it: `integer`, `long`, `decimal(10,2)`, `array`, `struct`."""
    if isinstance(t, (StructType, ArrayType, MapType)):
        return t.typeName()
    return t._name if t._name is not None else t.simpleString()


def _tree_children(t, lines, depth):
    prefix = " |   " * (depth - 1) + " |-- "
    if isinstance(t, StructType):
        _tree(t, lines, depth)
    elif isinstance(t, ArrayType):
        lines.append("%selement: %s (containsNull = %s)" % (prefix, _tree_name(t.elementType), str(t.containsNull).lower()))
        _tree_children(t.elementType, lines, depth + 1)
    elif isinstance(t, MapType):
        lines.append("%skey: %s" % (prefix, _tree_name(t.keyType)))
        lines.append("%svalue: %s (valueContainsNull = %s)" % (prefix, _tree_name(t.valueType), str(t.valueContainsNull).lower()))


_ATOMIC_BY_JSON = {c._name: c for c in [NullType, StringType, BinaryType, BooleanType, DateType, TimestampType,
                                        TimestampNTZType, DoubleType, FloatType, ByteType, ShortType, IntegerType,
                                        LongType]}


def _from_json(value):
    if isinstance(value, str):
        if value in _ATOMIC_BY_JSON:
            return _ATOMIC_BY_JSON[value]()
        m = re.match(r"decimal\((\d+),\s*(\d+)\)$", value)
        if m:
            return DecimalType(int(m.group(1)), int(m.group(2)))
        return StringType()
    kind = value.get("type")
    if kind == "array":
        return ArrayType(_from_json(value["elementType"]), value.get("containsNull", True))
    if kind == "map":
        return MapType(_from_json(value["keyType"]), _from_json(value["valueType"]), value.get("valueContainsNull", True))
    if kind == "struct":
        return StructType([StructField(f["name"], _from_json(f["type"]), f.get("nullable", True), f.get("metadata"))
                           for f in value["fields"]])
    raise ValueError("unknown type %r" % (value,))


_NAMES = {
    "string": StringType, "varchar": StringType, "char": StringType, "text": StringType,
    "int": IntegerType, "integer": IntegerType, "bigint": LongType, "long": LongType,
    "smallint": ShortType, "short": ShortType, "tinyint": ByteType, "byte": ByteType,
    "double": DoubleType, "float": FloatType, "real": FloatType, "boolean": BooleanType, "bool": BooleanType,
    "date": DateType, "timestamp": TimestampType, "timestamp_ntz": TimestampNTZType, "binary": BinaryType,
    "void": NullType, "null": NullType,
}


class _Parser:
    def __init__(self, text):
        self.tokens = re.findall(r"`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),:]", text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected=None):
        tok = self.peek()
        if tok is None or (expected is not None and tok.lower() != expected):
            raise ValueError("cannot parse data type near %r" % tok)
        self.i += 1
        return tok

    def type(self):
        name = self.take().lower()
        if name == "array":
            self.take("<")
            inner = self.type()
            self.take(">")
            return ArrayType(inner)
        if name == "map":
            self.take("<")
            k = self.type()
            self.take(",")
            v = self.type()
            self.take(">")
            return MapType(k, v)
        if name == "struct":
            self.take("<")
            fields = []
            while self.peek() != ">":
                fname = self.take().strip("`")
                if self.peek() == ":":
                    self.take(":")
                fields.append(StructField(fname, self.type()))
                if self.peek() == ",":
                    self.take(",")
            self.take(">")
            return StructType(fields)
        if name in ("decimal", "dec", "numeric"):
            if self.peek() == "(":
                self.take("(")
                p = int(self.take())
                s = 0
                if self.peek() == ",":
                    self.take(",")
                    s = int(self.take())
                self.take(")")
                return DecimalType(p, s)
            return DecimalType(10, 0)
        if name in ("varchar", "char") and self.peek() == "(":
            self.take("(")
            self.take()
            self.take(")")
        if name not in _NAMES:
            raise ValueError("Unsupported data type %r" % name)
        return _NAMES[name]()


def _parse_datatype_string(text):
    """`'int'`, `'decimal(10,2)'`, `'array<string>'`, or a DDL schema `'a INT, b STRING'` (a StructType)."""
    p = _Parser(text)
    if len(p.tokens) >= 2 and p.tokens[1] not in ("<", "(") and p.tokens[0].lower() not in _NAMES or ":" in p.tokens[1:2]:
        fields = []
        while p.peek() is not None:
            fname = p.take().strip("`")
            if p.peek() == ":":
                p.take(":")
            fields.append(StructField(fname, p.type()))
            if p.peek() == ",":
                p.take(",")
        return StructType(fields)
    t = p.type()
    if p.peek() is not None:
        raise ValueError("cannot parse data type %r" % text)
    return t


def to_datatype(value):
    """A DataType from a DataType or a type string."""
    if isinstance(value, DataType):
        return value
    if isinstance(value, type) and issubclass(value, DataType):
        return value()
    if isinstance(value, str):
        return _parse_datatype_string(value)
    raise TypeError("not a data type: %r" % (value,))


class Row(tuple):
    """A result row: a tuple with named fields (`row.name`, `row['name']`, `row.asDict()`)."""

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Can not use both args and kwargs to create Row")
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    @classmethod
    def _make(cls, fields, values):
        row = tuple.__new__(cls, values)
        row.__fields__ = list(fields)
        return row

    def asDict(self, recursive=False):
        if not hasattr(self, "__fields__"):
            raise TypeError("Cannot convert a Row class into dict")
        out = {}
        for k, v in zip(self.__fields__, self):
            if recursive and isinstance(v, Row):
                v = v.asDict(True)
            out[k] = v
        return out

    def __call__(self, *args):
        return Row._make(list(self), args)

    def __contains__(self, item):
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return tuple.__contains__(self, item)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return tuple.__getitem__(self, item)
        try:
            return tuple.__getitem__(self, self.__fields__.index(item))
        except (ValueError, AttributeError):
            raise ValueError(item)

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            return tuple.__getitem__(self, self.__fields__.index(item))
        except (ValueError, AttributeError):
            raise AttributeError(item)

    def __setattr__(self, key, value):
        if key != "__fields__":
            raise RuntimeError("Row is read-only")
        object.__setattr__(self, key, value)

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (Row._make, (self.__fields__, tuple(self)))
        return (Row, tuple(self))

    def __repr__(self):
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, self))
        return "<Row(%s)>" % ", ".join(repr(v) for v in self)


def from_json_value(dtype, value):
    """A JSON value from lakebox (DuckDB's JSON rendering) as the Python value PySpark returns for `dtype`."""
    if value is None:
        return None
    if isinstance(dtype, (DoubleType, FloatType)):
        return float(value)
    if isinstance(dtype, (LongType, IntegerType, ShortType, ByteType)):
        return int(value)
    if isinstance(dtype, DecimalType):
        return decimal.Decimal(str(value))
    if isinstance(dtype, DateType):
        return datetime.date.fromisoformat(str(value)[:10])
    if isinstance(dtype, (TimestampType, TimestampNTZType)):
        return _timestamp(str(value))
    if isinstance(dtype, BinaryType):
        return bytearray(str(value).encode("latin-1", "replace"))
    if isinstance(dtype, ArrayType):
        return [from_json_value(dtype.elementType, v) for v in value]
    if isinstance(dtype, MapType):
        items = value if isinstance(value, list) else [{"key": k, "value": v} for k, v in value.items()]
        return {from_json_value(dtype.keyType, e["key"]): from_json_value(dtype.valueType, e["value"]) for e in items}
    if isinstance(dtype, StructType):
        return Row._make(dtype.names, [from_json_value(f.dataType, value.get(f.name)) for f in dtype.fields])
    if isinstance(dtype, BooleanType):
        return bool(value)
    return value


def _timestamp(text):
    m = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?", text)
    if not m:
        return datetime.datetime.fromisoformat(text[:10])
    micros = int((m.group(5) or "0").ljust(6, "0")[:6])
    d = datetime.date.fromisoformat(m.group(1))
    return datetime.datetime(d.year, d.month, d.day, int(m.group(2)), int(m.group(3)), int(m.group(4)), micros)


__all__ = [
    "DataType", "NullType", "StringType", "BinaryType", "BooleanType", "DateType", "TimestampType",
    "TimestampNTZType", "DecimalType", "DoubleType", "FloatType", "ByteType", "IntegerType", "LongType",
    "ShortType", "ArrayType", "MapType", "StructField", "StructType", "Row",
]

__getattr__ = module_getattr("pyspark.sql.types")
