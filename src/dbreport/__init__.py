"""dbreport: indicator tables of Vietnamese provincial political reports as data."""

__version__ = "0.1.0"
