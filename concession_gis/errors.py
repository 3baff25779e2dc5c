"""Every exception and warning the tool raises on purpose.

Callers catch by type, never by message text. An :class:`InputError` is the user's to fix:
the command line turns it into exit status 2 and one message; anything else is a bug.
Warnings never stop a run; the analysis counts them into ``summary.json``.
"""

from __future__ import annotations


class ConcessionGisError(Exception):
    """Root of every error concession-gis raises on purpose."""


class InputError(ConcessionGisError, ValueError):
    """An input (file, layer, row, column or option) that cannot be used as given.

    The message names the file and the row or column and says what to do.
    """


class InputNotFoundError(InputError, FileNotFoundError):
    """An input path that does not exist or is not readable."""


class MissingCRSError(InputError):
    """A spatial input with no coordinate reference system and none given with --crs."""


class SchemaError(InputError):
    """A required column is missing or could not be recognised."""


class RulesError(InputError):
    """A rules file that cannot be parsed or names an unknown rule."""


class Cancelled(ConcessionGisError):
    """The run was cancelled by the user."""


class ConcessionGisWarning(UserWarning):
    """Root of the warnings concession-gis emits; each is counted in summary.json."""


class RepairedGeometryWarning(ConcessionGisWarning):
    """Invalid geometries (bow-ties, self-intersections) were repaired."""


class RejectedRowsWarning(ConcessionGisWarning):
    """Rows that cannot be used were set aside in ``rejected_rows``."""


class DuplicateCodeWarning(ConcessionGisWarning):
    """Several concessions share one code; each is kept."""


class ColumnClashWarning(ConcessionGisWarning):
    """A source column has the name of a canonical column and was renamed."""


class NoOverlapWarning(ConcessionGisWarning):
    """An input does not overlap the concessions; it contributes nothing."""
