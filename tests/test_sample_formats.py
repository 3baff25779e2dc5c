"""The synthetic data's files: real formats, encodings, CRSs, determinism and the API's errors."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
from rasterio.windows import Window

from concession_gis.errors import Cancelled, InputError
from concession_gis.progress import Feedback
from concession_gis.sample import writers
from concession_gis.sample.synthetic import SCALES, write_synthetic

CADASTRE_FIELDS = ["CODIGOU", "CONCESION", "TIT_CONCES", "FEC_DENU", "HOR_DENU", "HECTAGIS", "ESTADO",
                   "D_ESTADO", "LEYENDA", "SUSTANCIA", "DEPA", "PROVI", "DISTRI", "ZONA", "CARTA"]
REINFO_COLUMNS = ["COD_REINFO", "NOMBRE_MIN", "M_RUC", "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "TIPO_ACT",
                  "TIPO_YAC", "MINERAL", "ESTADO", "A_INSCRIPCION", "LATITUD_G84", "LONGITUD_G84",
                  "CODIGOU", "NOMBRE_DERECHO"]
KINDS = {"concessions", "registrations", "registration_list", "loss_rasters", "loss_tiles", "forest", "forest_tiles",
         "restricted", "districts", "activity", "holders", "contracts", "readme", "allowed_zones",
         "alerts", "alert_tiles"}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    out = tmp_path_factory.mktemp("region")
    return out, write_synthetic("region", out, seed=7, size_factor=0.02)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    return out, write_synthetic("national", out, seed=7, size_factor=0.01)


@pytest.fixture(params=["region", "national"])
def dataset(request):
    return request.getfixturevalue(request.param)


def test_every_kind_of_file_is_written(dataset):
    _, files = dataset
    assert set(files) == KINDS
    for paths in files.values():
        assert paths and all(p.is_file() for p in paths)


def test_cadastre_files_per_zone_with_their_crs(region, national):
    assert {p.name: pyogrio.read_info(p)["crs"] for p in region[1]["concessions"]} == {
        "CatastroMinero_WGS84_19S.shp": "EPSG:32719"}
    assert {p.name: pyogrio.read_info(p)["crs"] for p in national[1]["concessions"]} == {
        "CatastroMinero_PSAD56_17S.shp": "EPSG:24877",
        "CatastroMinero_WGS84_18S.shp": "EPSG:32718",
        "CatastroMinero_WGS84_19S.shp": "EPSG:32719",
    }


def test_claims_lie_in_their_zone(national):
    bands = {"17S": (-84, -78), "18S": (-78, -72), "19S": (-72, -66)}
    for path in national[1]["concessions"]:
        west, east = bands[path.stem[-3:]]
        minx, _, maxx, _ = pyogrio.read_dataframe(path).to_crs(4326).total_bounds
        assert west <= minx and maxx <= east


def test_region_claims_lie_inside_the_raster(region):
    with rasterio.open(region[1]["loss_rasters"][0]) as src:
        left, bottom, right, top = src.bounds
    minx, miny, maxx, maxy = pyogrio.read_dataframe(region[1]["concessions"][0]).to_crs(4326).total_bounds
    assert left < minx and maxx < right and bottom < miny and maxy < top


def test_cadastre_fields_and_types(dataset):
    for path in dataset[1]["concessions"]:
        info = pyogrio.read_info(path)
        assert list(info["fields"]) == CADASTRE_FIELDS
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        assert types["FEC_DENU"] == "OFTDate"
        assert types["HECTAGIS"] == "OFTReal"
        assert types["ZONA"] == "OFTInteger"
        frame = pyogrio.read_dataframe(path, read_geometry=False)
        hours = frame["HOR_DENU"].fillna("")
        assert hours.str.fullmatch(r"(\d\d:\d\d)?").all()
        assert (hours == "").any() and (hours != "").any()
        assert set(frame["SUSTANCIA"]) <= {"M", "N"}
        assert frame["ZONA"].nunique() == 1


def test_dbf_is_latin1_without_cpg(dataset):
    for path in dataset[1]["concessions"]:
        assert not path.with_suffix(".cpg").exists()
        raw = path.with_suffix(".dbf").read_bytes()
        assert raw[29] == 0  # no language driver id: the reader must infer Latin-1
        assert "Ñ".encode("latin-1") in raw
        with pytest.raises(UnicodeDecodeError):
            raw[: raw.index(b"\r") + 1 + 50_000].decode("utf-8")
    holders = pd.concat([pyogrio.read_dataframe(p, read_geometry=False) for p in dataset[1]["concessions"]])
    names = set(holders["TIT_CONCES"])
    assert {"MINERA PEÑA DORADA S.A.C.", "Sociedad Minera Añañe E.I.R.L.", "JOSÉ NÚÑEZ QUISPE"} <= names


def _ruc_is_valid(ruc: str) -> bool:
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    digit = 11 - sum(int(d) * w for d, w in zip(ruc[:10], weights, strict=True)) % 11
    return int(ruc[10]) == {10: 0, 11: 1}.get(digit, digit)


def _read_reinfo(path) -> pd.DataFrame:
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "latin-1"
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding=encoding)


def test_codes_keep_leading_zeros(dataset):
    claims = pd.concat([pyogrio.read_dataframe(p, read_geometry=False) for p in dataset[1]["concessions"]])
    codes = claims["CODIGOU"]
    assert codes.str.fullmatch(r"\d{9}").all() and codes.is_unique
    assert codes.str.startswith("0").any() and codes.str.startswith("6").any()
    regs = _read_reinfo(dataset[1]["registrations"][0])
    assert regs["COD_REINFO"].str.fullmatch(r"0\d{7}").all()
    assert regs["M_RUC"].str.fullmatch(r"(10|20)\d{9}").all()
    assert regs["M_RUC"].map(_ruc_is_valid).all()
    declared = regs.loc[regs["CODIGOU"] != "", "CODIGOU"]
    assert len(declared) and declared.isin(set(codes)).all()


def test_registration_exports_dialect(region, national):
    region_csv = region[1]["registrations"][0].read_bytes()
    national_csv = national[1]["registrations"][0].read_bytes()
    assert region_csv.startswith(b"\xef\xbb\xbf") and b"\r\n" in region_csv
    region_csv.decode("utf-8-sig")
    with pytest.raises(UnicodeDecodeError):
        national_csv.decode("utf-8")
    for (_, files), date in ((region, r"\d\d/\d\d/20\d\d"), (national, r"20\d\d")):
        regs = _read_reinfo(files["registrations"][0])
        assert list(regs.columns) == REINFO_COLUMNS
        assert regs["LATITUD_G84"].str.fullmatch(r"-\d{1,2},\d{6}").all()
        assert regs["LONGITUD_G84"].str.fullmatch(r"-\d{2},\d{6}").all()
        assert regs["A_INSCRIPCION"].str.fullmatch(date).all()
        assert set(regs["ESTADO"]) <= {"VIGENTE", "SUSPENDIDO", "EXCLUIDO"}
        assert regs["TIPO_ACT"].str.contains("EXPLOTACIÓN").any()


def test_loss_tiles_are_hansen_style(dataset):
    tiles = dataset[1]["loss_tiles"]
    assert len(tiles) == 4
    for tile in tiles:
        with rasterio.open(tile) as src:
            assert src.crs.to_epsg() == 4326
            assert src.res == (0.00025, 0.00025)
            assert src.dtypes == ("uint8",) and src.nodata is None
            assert src.profile["tiled"] and src.block_shapes[0] == (512, 512)
            assert src.compression.name.lower() == "deflate"
            values = src.read(1)
            assert values.max() <= 24 and (values > 0).any()


def test_alerts_are_the_loss_from_2019_in_gfw_encoding(dataset):
    """Every alert is a loss pixel of 2019 or later, dated within its loss year, with a confidence
    of 2, 3 or 4; every such loss pixel has an alert (decoded by the tool's own decoder, whose
    published examples are tested in test_fronts.py)."""
    from concession_gis.raster.loss_years import alert_confidence, alert_dates

    with rasterio.open(dataset[1]["alerts"][0]) as alerts, rasterio.open(dataset[1]["loss_rasters"][0]) as loss:
        assert alerts.dtypes == ("uint16",) and alerts.transform == loss.transform
        values, years = alerts.read(1), loss.read(1)
    assert ((values > 0) == (years >= 19)).all() and (values > 0).any()
    dates = alert_dates(values[values > 0])
    assert (dates.astype("datetime64[Y]").astype(int) + 1970 == 2000 + years[values > 0].astype(int)).all()
    assert set(np.unique(alert_confidence(values[values > 0]))) == {2, 3, 4}


def test_vrt_pixels_equal_tiles_pixels(dataset):
    with rasterio.open(dataset[1]["loss_rasters"][0]) as mosaic:
        assert mosaic.crs.to_epsg() == 4326 and mosaic.nodata is None
        for tile in dataset[1]["loss_tiles"]:
            with rasterio.open(tile) as src:
                col, row = ~mosaic.transform @ (src.bounds.left, src.bounds.top)
                window = Window(round(col), round(row), src.width, src.height)
                assert np.array_equal(mosaic.read(1, window=window), src.read(1))
        values = mosaic.read(1)
        assert values.max() <= 24
        assert len(np.unique(values[values > 0])) >= 15


def test_raster_is_written_window_by_window(tmp_path, monkeypatch):
    shapes = []
    original = writers.loss_window

    def spy(fields, row0, col0, height, width):
        shapes.append((height, width))
        return original(fields, row0, col0, height, width)

    monkeypatch.setattr(writers, "loss_window", spy)
    write_synthetic("region", tmp_path, seed=1, size_factor=0.01)
    assert len(shapes) >= 4 and max(h * w for h, w in shapes) <= 512 * 512


def test_restricted_areas_file(dataset):
    path = dataset[1]["restricted"][0]
    info = pyogrio.read_info(path)
    assert info["crs"] == "EPSG:4326"
    assert {"anp_codi", "anp_nomb", "anp_cate"} <= set(info["fields"])
    frame = pyogrio.read_dataframe(path)
    assert {"Reserva Nacional", "Zona de Amortiguamiento"} <= set(frame["anp_cate"])
    assert frame.geometry.is_valid.all()


def test_activity_and_holders_tables(dataset):
    activity = pd.read_csv(dataset[1]["activity"][0], dtype={"code": str})
    assert list(activity.columns) == ["code", "year", "production_t", "mineral"]
    assert activity["code"].str.fullmatch(r"\d{9}").all()
    holders = pd.read_csv(dataset[1]["holders"][0], dtype=str)
    assert list(holders.columns) == ["holder", "stratum", "ruc", "group"]
    assert set(holders["stratum"]) <= {"large", "medium", "small", "artisanal"}
    assert holders["ruc"].str.fullmatch(r"(10|20)\d{9}").all()


def test_readme_is_bilingual_and_names_the_files(dataset):
    out, files = dataset
    text = files["readme"][0].read_text(encoding="utf-8")
    assert "DATOS SINTÉTICOS" in text and "SYNTHETIC DATA" in text
    for kind in ("concessions", "registrations", "loss_tiles"):
        for path in files[kind]:
            assert path.name in text


def test_same_seed_gives_identical_bytes(region, tmp_path):
    out, _ = region
    again = write_synthetic("region", tmp_path, seed=7, size_factor=0.02)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert set(again) == KINDS


def test_other_seed_gives_other_data(region, tmp_path):
    out, files = region
    write_synthetic("region", tmp_path, seed=8, size_factor=0.02)
    for name in ("CatastroMinero_WGS84_19S.dbf", "CatastroMinero_WGS84_19S.shp", "REINFO_registros.csv",
                 "activity.csv", files["loss_tiles"][0].name):
        assert (out / name).read_bytes() != (tmp_path / name).read_bytes(), name


def test_progress_stages_and_cancellation(tmp_path):
    stages = []
    feedback = Feedback(lambda step: stages.append(step.stage))
    write_synthetic("region", tmp_path / "a", seed=2, feedback=feedback, size_factor=0.005)
    assert list(dict.fromkeys(stages)) == ["sample_concessions", "sample_registrations",
                                           "sample_loss_raster", "sample_treecover_raster", "sample_tables"]

    def cancel_at_raster(step):
        if step.stage == "sample_loss_raster":
            cancelling.cancel()

    cancelling = Feedback(cancel_at_raster)
    with pytest.raises(Cancelled):
        write_synthetic("region", tmp_path / "b", seed=2, feedback=cancelling, size_factor=0.005)


@pytest.mark.parametrize(("scale", "factor", "match"), [
    ("continent", 1.0, "unknown sample scale"),
    ("region", 0.0, "size_factor"),
    ("region", 17.0, "size_factor"),  # up to 16 times a scale (the scaling benchmark)
])
def test_bad_arguments_are_input_errors(tmp_path, scale, factor, match):
    with pytest.raises(InputError, match=match):
        write_synthetic(scale, tmp_path, size_factor=factor)


def test_scales_match_the_domain_figures():
    assert (SCALES["region"].claims, SCALES["region"].registrations, SCALES["region"].raster_side) == (10_000, 15_000, 10_000)
    assert (SCALES["national"].claims, SCALES["national"].registrations) == (67_000, 87_000)
    assert SCALES["national"].zones == ("17S", "18S", "19S")
    assert re.fullmatch(r"latin-?1", SCALES["national"].registrations_encoding)


def test_registration_list_without_coordinates_is_placed_by_its_codes(region):
    """The REINFO list has no coordinates: rows whose code names a claim are placed on it
    (leading zeros lost in Excel or not); the few naming no claim are set aside."""
    import warnings

    from concession_gis.io.layers import load_concessions, load_registrations
    from concession_gis.rules import load_rules

    _, files = region
    path = files["registration_list"][0]
    raw = pd.read_csv(path, sep=";", dtype=str, encoding="cp1252", keep_default_na=False)
    assert list(raw.columns) == ["N°", "RUC", "NOMBRE O RAZÓN SOCIAL", "CÓDIGO ÚNICO", "NOMBRE DEL DERECHO MINERO",
                                 "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "ESTADO"]
    assert b"\r\n" in path.read_bytes()
    rules = load_rules()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        conc = load_concessions([str(p) for p in files["concessions"]], {}, rules=rules)
        codes = set(conc.frame["code"])
        regs = load_registrations([str(path)], {}, rules, claim_codes=conc.frame["code"])
    written = raw["CÓDIGO ÚNICO"]
    lost_zero = ~written.isin(codes) & written.str.zfill(9).isin(codes)
    unknown = ~written.str.zfill(9).isin(codes)
    assert lost_zero.sum() >= 5 and 2 <= unknown.sum() < len(raw) * 0.05
    assert len(regs.frame) == len(raw) - unknown.sum()
    assert (regs.frame["located_by"] == "declared_code").all()
    assert regs.frame["declared_code"].str.zfill(9).isin(codes).all()
    assert regs.frame["ruc"].tolist() == raw.loc[~unknown, "RUC"].tolist()
    assert regs.frame["miner"].tolist() == raw.loc[~unknown, "NOMBRE O RAZÓN SOCIAL"].tolist()
    # The header is row 1: each set-aside row is the file's row of an unknown code.
    rejected = regs.rejected
    assert sorted(rejected["row"].astype(int)) == [i + 2 for i in np.flatnonzero(unknown)]
    assert rejected["reason_codes"].str.contains("reject.unknown_declared_code").all()


def test_contracts_table_links_miners_to_titled_claims_of_their_holders(region):
    out, files = region
    table = pd.read_csv(files["contracts"][0], sep=";", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["CODIGOU", "NOMBRE_DERECHO", "TITULAR", "RUC_MINERO", "MINERO",
                                   "TIPO_CONTRATO", "FECHA_INICIO", "FECHA_FIN"]
    assert len(table)
    cadastre = pyogrio.read_dataframe(files["concessions"][0], read_geometry=False)
    titled = cadastre[cadastre["ESTADO"].isin(["T", "N", "E", "Q"])].set_index("CODIGOU")
    codes = table["CODIGOU"].str.zfill(9)
    assert codes.isin(titled.index).all()
    assert (titled.loc[codes, "CONCESION"].to_numpy() == table["NOMBRE_DERECHO"].to_numpy()).all()
    assert set(table["TIPO_CONTRATO"]) <= {"CONTRATO DE EXPLOTACIÓN", "CESIÓN MINERA"}
    start = pd.to_datetime(table["FECHA_INICIO"], format="%d/%m/%Y")
    end = pd.to_datetime(table["FECHA_FIN"].replace("", None), format="%d/%m/%Y")
    assert (end.isna() | (end > start)).all()
    assert table["RUC_MINERO"].str.fullmatch(r"|(10|20)\d{9}").all()


def test_holders_table_has_groups_headed_by_large_companies(region):
    holders = pd.read_csv(region[1]["holders"][0], dtype=str, keep_default_na=False)
    grouped = holders[holders["group"] != ""]
    assert len(grouped) and (grouped.groupby("group").size() >= 2).all()
    # Each group holds one large company; its other members may be small on their own.
    assert (grouped.groupby("group")["stratum"].agg(lambda s: (s == "large").sum()) == 1).all()
