"""dbreport: indicator tables of Vietnamese provincial political reports as data."""

__version__ = "0.1.0"


def read(*args: object, **kwargs: object) -> object:
    """Read documents and folders into an analysed batch: see `dbreport.batch.read`."""
    from dbreport.batch import read as _read

    return _read(*args, **kwargs)  # type: ignore[arg-type]
