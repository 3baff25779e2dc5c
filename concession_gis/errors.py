"""Every exception and warning the tool raises on purpose.

Callers catch by type, never by message text. An :class:`InputError` is the user's to fix:
the command line turns it into exit status 2 and one message; anything else is a bug.
Warnings never stop a run; the analysis counts them into ``summary.json``. They are said with
:func:`warn`, which a run collects into its own list (:func:`collecting_warnings`).

Messages are keys of the catalogue (messages.toml) with their values, so that each person reads
them in their own language: ``raise InputNotFoundError(key="error.file_not_found", path=path)``.
``str()`` of one is the English text (logs, tests); ``text(lang)`` the text in ``lang``.
"""

from __future__ import annotations

import contextlib
import errno
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from concession_gis.i18n import tr


class Localized:
    """A message kept as a catalogue key and its values, written out in the reader's language."""

    def __init__(self, message: str = "", /, *, key: str | None = None, **values: Any) -> None:
        super().__init__(  # type: ignore[call-arg]  # a mixin: the next class is an Exception
            tr(key, "en", **values) if key else message)
        self.key, self.values = key, values

    def text(self, lang: str) -> str:
        """The message in ``lang`` (a message given as plain text stays as it is)."""
        return tr(self.key, lang, **self.values) if self.key else str(self)

    # The input the message names, for a caller that acts on it (a front end opening the right
    # dialog for the right file) without reading the words.
    @property
    def path(self) -> str | None:
        """The file the message names, if any."""
        return str(self.values["path"]) if self.values.get("path") is not None else None

    @property
    def row(self) -> int | None:
        """The row (as the message numbers it) the message names, if any."""
        row = self.values.get("row")
        return int(row) if row is not None else None

    @property
    def column(self) -> str | None:
        """The source column the message names, if any."""
        return str(self.values["column"]) if self.values.get("column") is not None else None

    def __reduce__(self) -> tuple[Any, ...]:  # keyword arguments do not survive the default pickling of exceptions
        return _rebuild, (type(self), str(self), self.key, self.values)


_L = TypeVar("_L", bound=Localized)


def _rebuild(cls: type[_L], message: str, key: str | None, values: dict[str, Any]) -> _L:
    error = cls(message)
    error.key, error.values = key, values
    return error


def text_of(error: BaseException, lang: str) -> str:
    """What to show a person for ``error``: its catalogue text in ``lang``, else ``str(error)``."""
    return error.text(lang) if isinstance(error, Localized) else str(error)


class ConcessionGisError(Localized, Exception):
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


class DiskError(InputError, OSError):
    """The user's disk refused a read or a write: full, read-only, a folder where a file was
    meant, a name too long. The user's to fix, not a bug to report."""


# What each refusal of the operating system asks of the user.
_DISK_ERRORS = {
    errno.ENOSPC: "error.disk_full", errno.EDQUOT: "error.disk_full",
    errno.EACCES: "error.permission_denied", errno.EPERM: "error.permission_denied",
    errno.EROFS: "error.permission_denied",
    errno.ENAMETOOLONG: "error.path_too_long",
    errno.EEXIST: "error.file_where_folder", errno.ENOTDIR: "error.file_where_folder",
    errno.EISDIR: "error.folder_where_file",
}


def disk_error(exc: OSError, path: Any = None) -> DiskError | None:
    """``exc`` as the user's problem naming ``path`` (else the file the system named), or None
    when the system's refusal is not one a user can fix (then it is a bug)."""
    key = _DISK_ERRORS.get(exc.errno or 0)
    if key is None or isinstance(exc, DiskError):
        return exc if isinstance(exc, DiskError) else None
    named = path if path is not None else (exc.filename if exc.filename is not None else "?")
    return DiskError(key=key, path=str(named), detail=exc.strerror or str(exc))


class Cancelled(ConcessionGisError):
    """The run was cancelled by the user."""


class ConcessionGisWarning(Localized, UserWarning):
    """Root of the warnings concession-gis emits; each is counted in summary.json."""


_COLLECTED: ContextVar[list[ConcessionGisWarning] | None] = ContextVar("concession_gis_warnings", default=None)


def warn(warning: ConcessionGisWarning) -> None:
    """Say ``warning``: into the run's list where a run collects them (:func:`collecting_warnings`),
    else as a Python warning (``warnings.catch_warnings(record=True)`` gets it)."""
    collected = _COLLECTED.get()
    if collected is None:
        warnings.warn(warning, stacklevel=3)
    else:
        collected.append(warning)


@contextlib.contextmanager
def collecting_warnings(pass_on: bool = True) -> Iterator[list[ConcessionGisWarning]]:
    """Every warning of concession-gis said in this context, in the order said, into one list:
    those said with :func:`warn` here and in work handed to other threads with this context
    (:class:`~concession_gis.progress.Beside`), then, when the block ends, those said as Python
    warnings all the same (by a thread of a pool, which does not carry the context). The
    libraries' own warnings caught meanwhile are said again then (``pass_on``), or dropped.

    Not through Python's warning filters: they are one list per process, and libraries set them
    around their own calls (rasterio's in-memory rasters, geopandas, shapely: ``catch_warnings``),
    which threads undo out of order: a warning said while another thread's "ignore" was in place
    was lost, and an "ignore" restored late stayed for the rest of the run.
    """
    collected: list[ConcessionGisWarning] = []
    token = _COLLECTED.set(collected)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConcessionGisWarning)
            yield collected
    finally:
        _COLLECTED.reset(token)
    collected += [w.message for w in caught if isinstance(w.message, ConcessionGisWarning)]
    for w in caught if pass_on else []:
        if not issubclass(w.category, ConcessionGisWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


class RepairedGeometryWarning(ConcessionGisWarning):
    """Invalid geometries (bow-ties, self-intersections) were repaired."""


class RejectedRowsWarning(ConcessionGisWarning):
    """Rows that cannot be used were set aside in ``rejected_rows``."""


class DuplicateCodeWarning(ConcessionGisWarning):
    """Several concessions share one code; each is kept."""


class DuplicateClaimWarning(ConcessionGisWarning):
    """A concession was given twice (same code, same shape); it is kept once."""


class ColumnClashWarning(ConcessionGisWarning):
    """A source column has the name of a canonical column and was renamed."""


class NoStateColumnWarning(ConcessionGisWarning):
    """A cadastre file has no legal-state column: its claims' legal state is ``unknown``."""


class NoDepositColumnWarning(ConcessionGisWarning):
    """Registrations whose file has no deposit-type column and whose activity says nothing of it."""


class UnknownCategoryWarning(ConcessionGisWarning):
    """A restricted area's category is in neither list of ``[restricted.categories]``: it counts
    as prohibited."""


class EmptyLayerWarning(ConcessionGisWarning):
    """An optional layer (registrations, restricted areas, districts) has no usable feature."""


class DistrictOverlapWarning(ConcessionGisWarning):
    """District boundaries overlap: ground under two district polygons would count in both."""


class LocatedByCodeWarning(ConcessionGisWarning):
    """Registrations without coordinates were located by the claim code they declare."""


class NoOverlapWarning(ConcessionGisWarning):
    """An input does not overlap the concessions; it contributes nothing."""


class FilingDateWarning(ConcessionGisWarning):
    """Filing dates missing, unreadable, impossible (before 1900 or in the future) or read from
    Excel day numbers."""


class OutsideCountryWarning(ConcessionGisWarning):
    """Concessions lie far outside Peru and Bolivia: most likely a wrong CRS."""


class TextEncodingWarning(ConcessionGisWarning):
    """Text of an input was read in another encoding than its .cpg declares, or repaired from a
    double UTF-8 encoding."""


class ImpossibleValuesWarning(ConcessionGisWarning):
    """Loss-raster pixels whose value the encoding cannot hold were set aside as no loss."""


class ZeroNodataWarning(ConcessionGisWarning):
    """A loss raster declares 0, its "no loss", as nodata: read as no loss."""


class CoarseRasterWarning(ConcessionGisWarning):
    """A loss raster's pixels are much coarser than Hansen's 30 m: loss areas overstate small clearings."""


class ContextOutsideWarning(ConcessionGisWarning):
    """A context layer given to a print lies wholly away from the results' claims and registrations."""


class FooterRowsWarning(ConcessionGisWarning):
    """Lines under a table's last row (a total, a source, a cut-off date) were read as its footer,
    not as rows."""


class LeadingZerosWarning(ConcessionGisWarning):
    """INGEMMET claim codes a file stored as numbers, shown again with their leading zero."""


class RoundedIdentifierWarning(ConcessionGisWarning):
    """Identifiers (RUC, NIT) a spreadsheet wrote in scientific notation, their digits lost."""


class ExpiredContractsWarning(ConcessionGisWarning):
    """Registrations whose only contracts with their host's holder had expired at the reference date."""
