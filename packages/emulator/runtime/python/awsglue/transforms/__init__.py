"""Glue transforms: ApplyMapping, SelectFields, DropFields, RenameField, DropNullFields; the others fail loudly."""
from pyspark._unsupported import unsupported
from awsglue.dynamicframe import DynamicFrame, apply_mapping_df


class GlueTransform:
    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)


class ApplyMapping(GlueTransform):
    def __call__(self, frame, mappings, case_sensitive=False, transformation_ctx="", **kwargs):
        return DynamicFrame(apply_mapping_df(frame.toDF(), mappings), frame.glue_ctx, frame.name)


class SelectFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", **kwargs):
        return frame.select_fields(paths)


class DropFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", **kwargs):
        return frame.drop_fields(paths)


class RenameField(GlueTransform):
    def __call__(self, frame, old_name, new_name, transformation_ctx="", **kwargs):
        return frame.rename_field(old_name, new_name)


class DropNullFields(GlueTransform):
    """Drops the fields whose every value is NULL."""

    def __call__(self, frame, transformation_ctx="", **kwargs):
        df = frame.toDF()
        from pyspark.sql import functions as F
        counts = df.agg(*[F.count(c).alias(c) for c in df.columns]).collect()[0]
        empty = [c for c in df.columns if counts[c] == 0]
        return DynamicFrame(df.drop(*empty) if empty else df, frame.glue_ctx, frame.name)


def _unsupported_transform(name):
    class _T(GlueTransform):
        def __call__(self, *args, **kwargs):
            raise unsupported("awsglue.transforms.%s" % name)

    _T.__name__ = name
    return _T


ResolveChoice = _unsupported_transform("ResolveChoice")
Relationalize = _unsupported_transform("Relationalize")
Join = _unsupported_transform("Join")
Filter = _unsupported_transform("Filter")
Map = _unsupported_transform("Map")
SplitFields = _unsupported_transform("SplitFields")
SplitRows = _unsupported_transform("SplitRows")
Unbox = _unsupported_transform("Unbox")
UnnestFrame = _unsupported_transform("UnnestFrame")
Spigot = _unsupported_transform("Spigot")
ErrorsAsDynamicFrame = _unsupported_transform("ErrorsAsDynamicFrame")

__all__ = ["GlueTransform", "ApplyMapping", "SelectFields", "DropFields", "RenameField", "DropNullFields",
           "ResolveChoice", "Relationalize", "Join", "Filter", "Map", "SplitFields", "SplitRows", "Unbox",
           "UnnestFrame", "Spigot", "ErrorsAsDynamicFrame"]
