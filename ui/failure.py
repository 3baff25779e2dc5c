"""Why a job failed, as values that cross the process boundary: no Qt, nothing to parse.

The window acts on :attr:`Failure.kind` and on the input the error names (``path``, ``row``,
``column``), never on the message's words or the exception's class name: a missing CRS opens
the CRS dialog, a schema error the column-mapping dialog, any other input error is told, and an
internal error is told with its traceback in a log file.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from enum import StrEnum

from concession_gis import errors
from concession_gis.i18n import tr


class FailureKind(StrEnum):
    """The category of the exception a job raised."""

    INPUT = "input"  # any other InputError: the user's to fix
    MISSING_CRS = "missing_crs"
    SCHEMA = "schema"
    CANCELLED = "cancelled"
    INTERNAL = "internal"  # a bug: the traceback goes to a log file


# Most specific first: a MissingCRSError is an InputError too.
_KINDS = ((errors.Cancelled, FailureKind.CANCELLED), (errors.MissingCRSError, FailureKind.MISSING_CRS),
          (errors.SchemaError, FailureKind.SCHEMA), (errors.InputError, FailureKind.INPUT))


@dataclass(frozen=True)
class Failure:
    """A failed job: its kind, its catalogue key and values, the input it names, and for a bug
    the traceback. ``message`` is the English text (or a bug's own text) for logs."""

    kind: FailureKind
    message: str
    key: str | None = None
    values: dict = field(default_factory=dict)
    path: str | None = None
    row: int | None = None
    column: str | None = None
    details: str = ""

    @property
    def user_error(self) -> bool:
        """The user can fix it (an input or an option); not a bug."""
        return self.kind is not FailureKind.INTERNAL

    def text(self, lang: str) -> str:
        """The message to show someone reading ``lang``."""
        return tr(self.key, lang, **self.values) if self.key else self.message

    @classmethod
    def from_exception(cls, exc: BaseException) -> Failure:
        kind = next((kind for error, kind in _KINDS if isinstance(exc, error)), FailureKind.INTERNAL)
        localized = isinstance(exc, errors.Localized)
        return cls(kind, str(exc) or type(exc).__name__,
                   key=exc.key if localized else None, values=dict(exc.values) if localized else {},
                   path=exc.path if localized else None, row=exc.row if localized else None,
                   column=exc.column if localized else None,
                   details="".join(traceback.format_exception(exc)) if kind is FailureKind.INTERNAL else "")

    @classmethod
    def worker_died(cls, exit_code) -> Failure:
        """The job's process ended without reporting (killed, or crashed in a library)."""
        values = {"code": exit_code}
        return cls(FailureKind.INTERNAL, tr("ui.worker.died", "en", **values), "ui.worker.died", values)
