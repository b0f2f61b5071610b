"""getResolvedOptions: Glue's job arguments (`--KEY value` on argv) as a dict."""
import sys


class GlueArgumentError(Exception):
    pass


def getResolvedOptions(args, options):
    """The values of `options` from argv (`--name value` or `--name=value`); a missing one fails as Glue's does."""
    found = {}
    i = 1 if args and not str(args[0]).startswith("--") else 0
    while i < len(args):
        a = str(args[i])
        if a.startswith("--"):
            key = a[2:]
            if "=" in key:
                key, value = key.split("=", 1)
                found[key] = value
                i += 1
                continue
            if i + 1 < len(args) and not str(args[i + 1]).startswith("--"):
                found[key] = args[i + 1]
                i += 2
                continue
            found[key] = ""
        i += 1
    missing = [o for o in options if o not in found]
    if missing:
        raise GlueArgumentError(
            "the following arguments are required: %s" % ", ".join("--" + m for m in missing))
    out = {o: found[o] for o in options}
    for extra in ("job_bookmark_option", "job_bookmark_from", "job_bookmark_to"):
        key = extra.replace("_", "-")
        if key in found and extra not in out:
            out[extra] = found[key]
    return out


__all__ = ["getResolvedOptions", "GlueArgumentError"]
