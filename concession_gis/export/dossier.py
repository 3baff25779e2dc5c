"""A case dossier: everything known about one claim, for one negotiation, in one A4 PDF.

Page 1 is the map, at a scale chosen from the claim's size, every registration on it numbered,
with a locator, the claim's legal facts and how much of it the loss rasters cover; then every
registration with its status, relation, conflict type, legal status and why it is or is not a
coexistence candidate; the holder's other claims; overlaps, naming the other claim and the
senior title; contracts; plants; and a timeline of filing, inscriptions, loss and production.
Written from a results.gpkg, atomically: a reader never opens half a dossier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from concession_gis.errors import InputError
from concession_gis.export.atomic import atomic_path
from concession_gis.export.case_page import find_claim
from concession_gis.export.dossier_pages import flowing_pages, map_page, number_pages
from concession_gis.export.geopdf import GeoPdfPages
from concession_gis.export.layout import make_page
from concession_gis.export.outputs import refuse_inputs, run_inputs
from concession_gis.export.sheet_text import sheet_language
from concession_gis.export.typography import print_fonts
from concession_gis.i18n import tr
from concession_gis.model import Results
from concession_gis.progress import Feedback

DOSSIER_DPI = 200


@dataclass(frozen=True)
class DossierReport:
    """The dossier written: its file, its claim and how many pages it has."""

    path: Path
    code: str
    pages: int


def write_dossier(results: Results, code: str, out: str | Path, lang: str | None = None, dpi: float = DOSSIER_DPI,
                  inputs: Sequence[str] = (), feedback: Feedback | None = None) -> DossierReport:
    """The dossier of the claim ``code`` written to ``out`` (a .pdf, none of the run's inputs
    nor ``inputs``)."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise InputError(key="error.dossier_not_pdf", path=str(out))
    if "code" not in results.concessions:
        raise InputError(key="error.not_results", path=str(next(iter(inputs), out)))
    refuse_inputs(out.parent, [out.name], [*run_inputs(results), *inputs])
    lang = sheet_language(lang, results)
    claim = find_claim(results, code)
    if feedback:
        feedback.stage("dossier", total=2)  # the pages drawn, then the file written
    figures = render_dossier(results, claim, lang, dpi)
    if feedback:
        feedback.advance()
    title = tr("dossier.title", lang, code=claim["code"], name=claim.get("name") or "")
    with atomic_path(out) as temporary, print_fonts(), GeoPdfPages(temporary, {"Creator": "concession-gis", "Title": title}) as pdf:
        for figure in figures:
            pdf.savefig(figure)
    if feedback:
        feedback.advance()
    return DossierReport(out, str(claim["code"]), len(figures))


def render_dossier(results: Results, claim: pd.Series, lang: str, dpi: float = DOSSIER_DPI) -> list[Figure]:
    """The dossier's pages, numbered, without touching the disk (``claim``: :func:`find_claim`'s)."""
    page = make_page("A4", "portrait")
    first, _ = map_page(results, claim, lang, page, dpi)
    figures = [first, *flowing_pages(results, claim, lang, page)]
    number_pages(figures, page, lang)
    return figures
