"""Re-render the pictures in docs/maps.md from the bundled demo: ``python docs/images/render_docs_images.py``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
from PIL import Image
from shapely.geometry import LineString

from concession_gis.export.atlas import parse_where, render_cover, select_claims
from concession_gis.export.case_page import find_claim, render_case
from concession_gis.export.context_layers import with_context
from concession_gis.export.dossier import render_dossier
from concession_gis.export.layout import make_page
from concession_gis.export.maps import render_regional
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

HERE = Path(__file__).parent
DPI = 150
BASEMAP_BOX = (-72.5, -14.2, -68.5, -11.5)


def save(fig, name: str) -> None:
    target = HERE / name
    fig.savefig(target, dpi=DPI)
    # A 256-colour palette (no dithering, so symbol colours stay exact) keeps the pictures small.
    Image.open(target).convert("RGB").quantize(
        colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(target, optimize=True)
    print(target, target.stat().st_size // 1024, "KiB")


def dossier_images(results) -> None:
    """The first page of a case dossier, in Spanish."""
    pages = render_dossier(results, find_claim(results, "010000198"), "es", DPI)
    save(pages[0], "dossier_case_es.png")


def context_image(results) -> None:
    """The regional map with a user's road file (--context): three tracks shaped as the MTC's
    network comes (UTM 19S, CODRUTA, SUPERFICIE), invented for the picture as the demo is."""
    tracks = [[(-70.50, -13.20), (-70.35, -13.12), (-70.25, -13.09), (-70.10, -13.02)],
              [(-70.30, -13.20), (-70.28, -13.10), (-70.26, -13.03)],
              [(-70.40, -13.05), (-70.33, -13.08), (-70.20, -13.15)]]
    with tempfile.TemporaryDirectory() as folder:
        roads = Path(folder) / "RedVial_MDD.shp"
        gpd.GeoDataFrame({"CODRUTA": ["PE-30C", "MD-105", "R17"], "SUPERFICIE": ["ASFALTADO", "AFIRMADO", "TROCHA"]},
                         geometry=[LineString(t) for t in tracks], crs=4326).to_crs(32719).to_file(roads)
        save(render_regional(with_context(results, [str(roads)]), lang="es", dpi=DPI).figure, "map_context_es.png")


def main() -> None:
    results = analyze(bundled_inputs(), lang="es")
    dossier_images(results)
    save(render_regional(results, lang="es", dpi=DPI).figure, "map_regional_es.png")
    save(render_regional(results, lang="en", orientation="portrait", dpi=DPI).figure, "map_regional_en_portrait.png")
    save(render_case(results, "010000198", lang="es", dpi=DPI).figure, "map_case_es.png")
    # The base map around the demo: rivers, towns, the border with Bolivia, department borders.
    save(render_regional(results, bbox=BASEMAP_BOX, lang="es", dpi=DPI).figure, "map_basemap_es.png")
    context_image(results)
    where = parse_where(["conflict_type=coexistence_candidate,speculation"])
    claims = select_claims(results, where)
    page = make_page("A4", "portrait")
    save(render_cover(results, claims, where, "en", page, DPI, 2 + len(claims)), "atlas_cover_en.png")


if __name__ == "__main__":
    main()
