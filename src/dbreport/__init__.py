"""dbreport: indicator tables of Vietnamese provincial political reports as data."""

__version__ = "0.1.0"

# The last line of every markdown file dbreport writes; a document ending with it is its own
# output, never read back as a source (a folder of reports that also holds last week's brief.md).
OUTPUT_LINE = "<!-- written by dbreport; not a source document -->"


def read(*args: object, **kwargs: object) -> object:
    """Read documents and folders into an analysed batch: see `dbreport.batch.read`."""
    from dbreport.batch import read as _read

    return _read(*args, **kwargs)  # type: ignore[arg-type]
