"""A cadastre extract as KMZ or KML, its fields in ``<ExtendedData>``: read with every field.

The real shape: ArcGIS's "Layer to KML" (and Google Earth) write a ``<Schema>`` in the document
and each claim's fields as ``<SchemaData schemaUrl="#..."><SimpleData name="CODIGOU">``, zipped as
``doc.kml`` in a ``.kmz``; other tools write untyped ``<Data name="..."><value>``. GDAL's LIBKML
driver read a KMZ's claims without a single field (no code: the file was refused for want of a
CODIGOU column, or a layer of nameless claims), and a GDAL without LIBKML reads none from a KML.
Expected values are written by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from concession_gis.errors import InputError
from concession_gis.io.layers import load_concessions
from concession_gis.validate import validate_file
from tests.builders import cell_box, claims

REPO = Path(__file__).resolve().parents[1]
CLAIMS = [  # code, name, holder, ESTADO, filing date, cells of the 1-km grid
    ("010123405", "PEÑA DORADA", "MINERA ANDINA S.A.C.", "T", "2001-05-03", (0, 0, 1, 1)),
    ("010123406", "ROSA DE ORO", "JUAN PÉREZ QUISPE", "P", "2010-01-15", (2, 0, 3, 1)),
]
FIELDS = ("CODIGOU", "CONCESION", "TIT_CONCES", "ESTADO", "FEC_DENU")


def _ring(cells) -> str:
    lonlat = claims([{"code": "x", "holder": "x", "geometry": cell_box(*cells)}]).to_crs(4326).geometry.iloc[0]
    return " ".join(f"{x:.7f},{y:.7f},0" for x, y in lonlat.exterior.coords)


def _kml(form: str, with_geometry: tuple[bool, ...] = (True, True)) -> str:
    """The document ArcGIS writes (``form`` "SimpleData"), or with untyped ``<Data>`` ("Data")."""
    schema = "".join(f'<SimpleField type="string" name="{f}"></SimpleField>' for f in FIELDS)
    placemarks = []
    for i, (values, geometry) in enumerate(zip(CLAIMS, with_geometry, strict=True)):
        if form == "SimpleData":
            fields = "".join(f'<SimpleData name="{f}">{v}</SimpleData>' for f, v in zip(FIELDS, values, strict=False))
            extended = f'<SchemaData schemaUrl="#CatastroMinero_WGS84_18S">{fields}</SchemaData>'
        else:
            extended = "".join(f'<Data name="{f}"><value>{v}</value></Data>' for f, v in zip(FIELDS, values, strict=False))
        shape = (f"<MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>{_ring(values[5])}"
                 "</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry>") if geometry else ""
        placemarks.append(
            f'<Placemark id="ID_{i:05d}"><name>{values[1]}</name><Snippet maxLines="0"></Snippet>'
            f"<description><![CDATA[<html><body><table><tr><td>CODIGOU</td><td>{values[0]}</td></tr>"
            f"</table></body></html>]]></description><styleUrl>#PolyStyle00</styleUrl>"
            f"<ExtendedData>{extended}</ExtendedData>{shape}</Placemark>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2" '
        'xmlns:kml="http://www.opengis.net/kml/2.2" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        '<Document id="1"><Style id="PolyStyle00"><LineStyle><color>ff0000ff</color></LineStyle></Style>'
        f'<Schema name="CatastroMinero_WGS84_18S" id="CatastroMinero_WGS84_18S">{schema}</Schema>'
        '<Folder id="FeatureLayer0"><name>CatastroMinero_WGS84_18S</name><Snippet maxLines="0"></Snippet>'
        f'{"".join(placemarks)}</Folder></Document>\n</kml>\n')


def _write(folder: Path, suffix: str, form: str = "SimpleData", with_geometry=(True, True)) -> Path:
    text = _kml(form, with_geometry)
    path = folder / f"CatastroMinero_WGS84_18S{suffix}"
    if suffix == ".kmz":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("doc.kml", text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["SimpleData", "Data"])
@pytest.mark.parametrize("suffix", [".kmz", ".kml"])
def test_a_kmz_or_kml_reads_the_fields_of_its_extended_data(tmp_path, suffix, form):
    path = _write(tmp_path, suffix, form)
    frame = load_concessions([str(path)], {}).frame
    assert frame["code"].tolist() == ["010123405", "010123406"]  # text: the leading zero kept
    assert frame["name"].tolist() == ["PEÑA DORADA", "ROSA DE ORO"]
    assert frame["holder"].tolist() == ["MINERA ANDINA S.A.C.", "JUAN PÉREZ QUISPE"]
    assert frame["status_code"].tolist() == ["T", "P"]
    assert frame["filed_on"].dt.strftime("%Y-%m-%d").tolist() == ["2001-05-03", "2010-01-15"]


def test_validate_calls_the_kmz_usable_with_its_columns(tmp_path):
    report = validate_file(str(_write(tmp_path, ".kmz")), "concessions", [], None, "en")
    assert report.usable
    assert not any("CODIGOU" in problem for problem in report.problems)


def _without_libkml(path: Path) -> dict:
    """Read ``path`` as concessions where GDAL has no LIBKML driver (its KML driver reads only
    Name and Description): the codes read, or the error's key and Spanish words."""
    script = (
        "import json, sys\n"
        "from concession_gis.errors import InputError\n"
        "from concession_gis.io.layers import load_concessions\n"
        "try:\n"
        "    frame = load_concessions([sys.argv[1]], {}).frame\n"
        "    print(json.dumps({'codes': frame['code'].tolist(), 'holders': frame['holder'].tolist()}))\n"
        "except InputError as error:\n"
        "    print(json.dumps({'key': error.key, 'es': error.text('es')}))\n")
    env = {**os.environ, "OGR_SKIP": "LIBKML", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", script, str(path)], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("suffix", [".kmz", ".kml"])
def test_a_gdal_without_libkml_reads_the_fields_too(tmp_path, suffix):
    assert _without_libkml(_write(tmp_path, suffix)) == {
        "codes": ["010123405", "010123406"], "holders": ["MINERA ANDINA S.A.C.", "JUAN PÉREZ QUISPE"]}


def test_fields_that_cannot_be_matched_to_the_features_are_refused_with_words(tmp_path):
    """GDAL's KML driver leaves out a placemark without geometry: 1 feature, 2 placemarks. Joined by
    position, the first claim would take the second's code; the file is refused instead."""
    said = _without_libkml(_write(tmp_path, ".kmz", with_geometry=(False, True)))
    assert said["key"] == "error.kml_fields_unmatched"
    assert said["es"].startswith(f"{tmp_path / 'CatastroMinero_WGS84_18S.kmz'}: los atributos de sus elementos "
                                 "(CODIGOU, CONCESION, TIT_CONCES, ESTADO, FEC_DENU…) están en ExtendedData")
    assert "1 elemento(s) (2 Placemark en el KML)" in said["es"]


def test_a_kmz_that_is_not_a_zip_is_named(tmp_path):
    path = tmp_path / "catastro.kmz"
    path.write_text("<html>Error 404</html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"catastro\.kmz: not a zip file"):
        load_concessions([str(path)], {})
