"""lakebox's stdlib-only `awsglue` layer: getResolvedOptions, GlueContext, DynamicFrame, ApplyMapping, Job."""
from awsglue.dynamicframe import DynamicFrame  # noqa: F401

__all__ = ["DynamicFrame"]
