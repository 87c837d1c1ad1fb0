"""The one exception family of dbreport.

Each subclass carries a sentence for a non-programmer and the exit code the CLI uses.
Exit codes: 1 for a problem with the data (the file, its content, a rules file),
2 for a problem with the command line (a path that does not exist, a bad option value).
"""

from __future__ import annotations


class DbreportError(Exception):
    """Base class: `str(error)` is the one sentence shown on stderr."""

    exit_code = 1


class UsageError(DbreportError):
    """The command line asks for something that cannot be done as written."""

    exit_code = 2


class SourceNotFound(UsageError):
    """A path given on the command line does not exist."""


class UnreadableSource(DbreportError):
    """A file exists but its content cannot be read as a document."""


class NoIndicatorTable(DbreportError):
    """No document among the inputs holds an indicator table."""


class RulesError(DbreportError):
    """A rules or vocabulary data file is missing or invalid."""
