"""Every kind of input, declared once: the command line, ``Inputs``, ``validate``, the kind
guesser, the GUI's inputs panel and project files are all generated from :data:`KINDS`.

A declaration says what a file of that kind is (formats, geometry, what ``PATH:SPEC`` means),
which canonical fields it holds and under which source column names (the names of INGEMMET's
cadastre, the REINFO registry, SERNANP's protected areas and their common variants, compared
folded: upper case, no accents, spaces and dashes as underscores), how each value is read, and
which analysis step it feeds. Adding a kind is one :class:`InputKind` here and the step that
uses it (see docs/architecture.md, "Adding an input kind"). No I/O here: ``io/`` reads these.

>>> KIND["activity"].flag, KIND["activity"].required
('--activity', ('code', 'year'))
>>> split_spec("hansen.tif:year")
('hansen.tif', 'year')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from concession_gis.columns import STRATA, Stratum


class Format(StrEnum):
    """What a file of a kind may be."""

    VECTOR = "vector"  # Shapefile (also zipped), GeoPackage, GeoJSON, FlatGeobuf, KML...
    TABLE = "table"  # CSV, TXT, TSV, XLSX
    RASTER = "raster"  # GeoTIFF, VRT, IMG, JPEG 2000


class Spec(StrEnum):
    """What the ``:SPEC`` after a path names."""

    LAYER = "layer"  # a layer of a GeoPackage, a member of a zip
    SHEET = "sheet"  # a sheet of a workbook
    ENCODING = "encoding"  # how a raster's pixels read: a loss raster's lossyear, year or mask; a forest one's treecover or mask


class Value(StrEnum):
    """How a field's source values are read (io/tables.py parses each)."""

    TEXT = "text"  # stripped text; integral numbers lose their '.0'
    PLACE = "place"  # text folded for matching: upper case, no accents
    DIGITS = "digits"  # the digits only (a RUC written with dashes or spaces)
    INTEGER = "integer"  # a whole number (a year)
    NUMBER = "number"  # a decimal number, either decimal mark
    DATE = "date"
    HOURS = "hours"  # a time of day
    CHOICE = "choice"  # one of ``choices``, after ``synonyms``


class Feeds(StrEnum):
    """The analysis step an input feeds."""

    LEGAL_STATE = "legal_state"
    HOSTS = "hosts"
    RESTRICTED = "restricted"
    FOREST_LOSS = "forest_loss"
    HOLDERS = "holders"
    DISTRICTS = "districts"
    # Who may work a claim besides its holder (analysis/contracts.py).
    RELATIONS = "relations"
    # Evidence tables: analysis/idle.py EVIDENCE_BUILDERS holds each kind's builder.
    IDLE = "idle"
    # Where mining may be formalized (analysis/legal_status.py).
    ALLOWED_ZONES = "allowed_zones"


@dataclass(frozen=True)
class Field:
    """A canonical field: the source columns it is found in, and how its values are read.

    ``reject`` is the reason code (a messages.toml key taking ``{column}``, and ``{allowed}`` for
    a choice) of a row whose required value is missing or unreadable.
    """

    name: str
    aliases: tuple[str, ...]
    value: Value = Value.TEXT
    required: bool = False
    reject: str = ""
    choices: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RowCheck:
    """A rule over several fields of one row, which the table loader applies after reading the
    values: ``any_of`` (one of ``fields`` holds a value), ``readable`` (each of ``fields`` is
    empty or readable: an optional date written wrong is not taken for no date) or ``ordered``
    (the second field, when given, is not before the first). A row that breaks it is set aside
    with ``reject`` (a messages.toml key taking ``{columns}``, the source columns named)."""

    test: str  # "any_of" | "readable" | "ordered"
    fields: tuple[str, ...]
    reject: str


@dataclass(frozen=True)
class InputKind:
    """One kind of input, as every front end sees it.

    ``name`` is the word of ``validate --kind`` and the GUI; ``attribute`` the ``Inputs`` field,
    the project-file key and the ``dest`` of ``flag``. ``locations`` are the groups of fields of
    which one must be found when the file is a table (a place for each row). ``check`` names the
    routine of validate.py that reports on it (``table`` for any plain table kind).
    """

    name: str
    attribute: str
    flag: str
    metavar: str
    help: str
    label: str
    formats: frozenset[Format]
    fields: tuple[Field, ...] = ()
    spec: tuple[Spec, ...] = ()
    geometries: frozenset[str] = frozenset()
    locations: tuple[tuple[str, ...], ...] = ()
    repeats: bool = False
    feeds: Feeds = Feeds.LEGAL_STATE
    check: str = "table"
    # Words in a file's name (lower case) that tell this kind from another of the same format
    # when nothing inside the file can (a forest map and a loss raster are both one band of bytes).
    name_words: tuple[str, ...] = ()
    row_checks: tuple[RowCheck, ...] = ()
    # The countries whose analysis reads it (profile codes): the GUI offers a kind only in the
    # inputs panel of a project of one of them; a kind only Bolivia reads makes a run Bolivian.
    countries: tuple[str, ...] = ("pe",)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        return {f.name: f.aliases for f in self.fields}

    @property
    def is_table(self) -> bool:
        """Read only from tables: loaded by the one generic table loader (io/tables.py)."""
        return self.formats == {Format.TABLE}


_PLACES = (
    Field("department", ("DEPA", "DEPARTAMENTO", "DPTO", "DEPARTMENT"), Value.PLACE),
    Field("province", ("PROVI", "PROVINCIA", "PROV", "PROVINCE"), Value.PLACE),
    Field("district", ("DISTRI", "DISTRITO", "DIST", "DISTRICT"), Value.PLACE),
)

# The mineral worked or produced, as the registry and production tables write it ("ORO",
# "COBRE", "ORO, PLATA"); analysis/minerals.py reads the words (rules.toml [minerals]). Not the
# cadastre's SUSTANCIA, which says metallic or not.
_MINERAL = Field("mineral", ("MINERAL", "MINERAL_PRINCIPAL", "TIPO_MINERAL", "SUSTANCIA_MINERAL", "METAL",
                             "PRODUCTO_MINERO", "MINERALES"))

CONCESSIONS = InputKind(
    name="concessions", attribute="concessions", flag="--concessions", metavar="PATH",
    help="input_help.concessions", label="input_kind.concessions",
    formats=frozenset({Format.VECTOR}), spec=(Spec.LAYER,), geometries=frozenset({"polygon"}),
    repeats=True, feeds=Feeds.LEGAL_STATE, check="concessions",
    fields=(
        Field("code", ("CODIGOU", "CODIGO_U", "CODIGO", "COD_DERECHO", "CODIGO_DM", "CODIGOUNICO", "COD_UNICO",
                       "CODE"), required=True, reject="reject.no_code"),
        Field("name", ("CONCESION", "NOMBRE", "NOMBRE_DM", "NOM_DERECHO", "DENOMINACION", "NAME")),
        Field("holder", ("TIT_CONCES", "TITULAR", "TITULAR_DM", "TITULAR_1", "HOLDER", "OWNER")),
        Field("holder_ruc", ("RUC_TITULAR", "RUC_TIT", "TIT_RUC", "HOLDER_RUC"), Value.DIGITS),
        Field("filed_on", ("FEC_DENU", "FECHA_DENU", "FEC_FORMUL", "FECHA_FORMULACION", "FEC_PETITORIO", "FILED_ON",
                           "FECHA"), Value.DATE),
        # The date the title was granted, where an extract carries it (not every one does).
        Field("titled_on", ("FEC_TITULO", "FECHA_TITULO", "FEC_TIT", "FEC_TITULACION", "FECHA_TITULACION",
                            "TITLED_ON"), Value.DATE),
        Field("filed_time", ("HOR_DENU", "HORA_DENU", "HORA_FORMUL", "FILED_TIME"), Value.HOURS),
        Field("declared_ha", ("HECTAGIS", "HASDATUM", "HAS_DATUM", "HECTAREAS", "HAS", "AREA_HA", "DECLARED_HA"),
              Value.NUMBER),
        Field("status_code", ("ESTADO", "COD_ESTADO", "STATUS_CODE")),
        Field("status_text", ("LEYENDA", "D_ESTADO", "DESC_ESTADO", "SITUACION", "STATUS")),
        Field("substance", ("SUSTANCIA", "SUST", "TIPO_SUST", "SUBSTANCE"), Value.PLACE),
        *_PLACES,
    ),
)

REGISTRATIONS = InputKind(
    name="registrations", attribute="registrations", flag="--registrations", metavar="PATH",
    help="input_help.registrations", label="input_kind.registrations",
    formats=frozenset({Format.VECTOR, Format.TABLE}), spec=(Spec.LAYER, Spec.SHEET),
    geometries=frozenset({"point", "polygon"}), locations=(("latitude", "longitude"), ("easting", "northing"), ("declared_code",)),
    repeats=True, feeds=Feeds.HOSTS, check="registrations",
    fields=(
        Field("reg_id", ("COD_REINFO", "CODIGO_REINFO", "ID_REINFO", "COD_REGISTRO", "REG_ID", "ID")),
        Field("miner", ("NOMBRE_MIN", "NOMBRE_MINERO", "MINERO", "NOMBRE_RAZON_SOCIAL", "NOMBRE_O_RAZON_SOCIAL",
                        "RAZON_SOCIAL", "NOMBRE", "MINER")),
        Field("ruc", ("M_RUC", "RUC", "RUC_MINERO", "NUM_RUC", "NRO_RUC"), Value.DIGITS),
        Field("reg_status", ("ESTADO", "ESTADO_REINFO", "SITUACION", "STATUS"), Value.PLACE),
        Field("activity", ("TIPO_ACT", "TIPO_ACTIVIDAD", "ACTIVIDAD", "ACTIVITY")),
        Field("deposit_type", ("TIPO_YAC", "TIPO_YACIMIENTO", "YACIMIENTO", "TIPO_DEPOSITO", "DEPOSIT_TYPE")),
        _MINERAL,
        Field("registered_on", ("A_INSCRIPCION", "ANIO_INSCRIPCION", "ANO_INSCRIPCION", "FECHA_INSCRIPCION",
                                "FEC_INSCRIPCION", "REGISTERED_ON"), Value.DATE),
        Field("declared_code", ("CODIGOU", "CODIGO_DERECHO", "COD_DERECHO", "CODIGO_UNICO", "CODIGO_DM",
                                "DECLARED_CODE")),
        Field("declared_name", ("NOMBRE_DERECHO", "NOMBRE_DEL_DERECHO_MINERO", "NOMBRE_DERECHO_MINERO", "DERECHO_MINERO",
                                "NOMBRE_DM", "CONCESION", "DECLARED_NAME")),
        Field("department", ("DEPARTAMENTO", "DEPA", "DPTO", "DEPARTMENT"), Value.PLACE),
        Field("province", ("PROVINCIA", "PROVI", "PROV", "PROVINCE"), Value.PLACE),
        Field("district", ("DISTRITO", "DISTRI", "DIST", "DISTRICT"), Value.PLACE),
        Field("latitude", ("LATITUD_G84", "LATITUD_WGS84", "LATITUD", "LAT", "LATITUDE", "LAT_G84", "Y_G84"),
              Value.NUMBER),
        Field("longitude", ("LONGITUD_G84", "LONGITUD_WGS84", "LONGITUD", "LON", "LONG", "LNG", "LONGITUDE",
                            "LON_G84", "X_G84"), Value.NUMBER),
        Field("easting", ("ESTE", "ESTE_UTM", "COORD_ESTE", "X_UTM", "UTM_ESTE", "EASTING"), Value.NUMBER),
        Field("northing", ("NORTE", "NORTE_UTM", "COORD_NORTE", "Y_UTM", "UTM_NORTE", "NORTHING"), Value.NUMBER),
        Field("utm_zone", ("ZONA", "ZONA_UTM", "HUSO", "UTM_ZONE", "ZONE")),
        Field("datum", ("DATUM", "SISTEMA", "DATUM_UTM")),
    ),
)

LOSS_RASTERS = InputKind(
    name="raster", attribute="loss_rasters", flag="--loss-raster", metavar="PATH[:ENCODING]",
    help="input_help.raster", label="input_kind.raster",
    formats=frozenset({Format.RASTER}), spec=(Spec.ENCODING,), repeats=True, feeds=Feeds.FOREST_LOSS,
    check="raster",
    countries=("pe", "bo"),
)

# A forest baseline (Hansen's treecover2000, or a forest / non-forest map): where loss could have
# been seen at all. ENCODING is `treecover` (the default) or `mask` (raster/forest.py).
FOREST = InputKind(
    name="forest", attribute="forest", flag="--forest", metavar="PATH[:ENCODING]",
    help="input_help.forest", label="input_kind.forest",
    formats=frozenset({Format.RASTER}), spec=(Spec.ENCODING,), repeats=True, feeds=Feeds.FOREST_LOSS,
    check="forest", name_words=("treecover", "tree_cover", "forest", "bosque", "cobertura"),
    countries=("pe", "bo"),
)

RESTRICTED = InputKind(
    name="restricted", attribute="restricted", flag="--restricted", metavar="PATH",
    help="input_help.restricted", label="input_kind.restricted",
    formats=frozenset({Format.VECTOR}), spec=(Spec.LAYER,), geometries=frozenset({"polygon"}),
    repeats=True, feeds=Feeds.RESTRICTED, check="restricted",
    fields=(
        Field("name", ("ANP_NOMB", "NOMBRE", "NOMB_ANP", "NOMBRE_ANP", "NAME", "NOMBRE_AREA", "AREA")),
        Field("category", ("ANP_CATE", "CATEGORIA", "CATEGORY", "TIPO", "ANP_TIPO")),
    ),
    countries=("pe", "bo"),
)

# INEI's district boundaries (the national limits layer, as IGN/INEI publish it: NOMBDIST,
# NOMBPROV, NOMBDEP, IDDIST/UBIGEO; GeoGPS Peru's copy: DISTRITO, PROVINCIA, DEPARTAMEN). With
# them, claims' hectares and forest loss are split among districts by ground (analysis/boundaries.py).
DISTRICTS = InputKind(
    name="districts", attribute="districts", flag="--districts", metavar="PATH",
    help="input_help.districts", label="input_kind.districts",
    formats=frozenset({Format.VECTOR}), spec=(Spec.LAYER,), geometries=frozenset({"polygon"}),
    feeds=Feeds.DISTRICTS, check="districts",
    fields=(
        Field("district", ("NOMBDIST", "NOMB_DIST", "NOM_DIST", "DISTRITO", "DISTRI", "DIST", "DISTRICT"), Value.PLACE,
              required=True, reject="reject.no_district_name"),
        Field("province", ("NOMBPROV", "NOMB_PROV", "NOM_PROV", "PROVINCIA", "PROVI", "PROV", "PROVINCE"), Value.PLACE),
        Field("department", ("NOMBDEP", "NOMB_DEP", "NOM_DEP", "DEPARTAMEN", "DEPARTAMENTO", "DEPA", "DPTO",
                             "DEPARTMENT"), Value.PLACE),
        Field("ubigeo", ("UBIGEO", "IDDIST", "ID_DIST", "CODDIST", "COD_DIST", "UBIGEO_DIST")),
    ),
)

# The two columns of the tables that speak of claims year by year.
_CLAIM_CODE = Field("code", ("CODE", "CODIGOU", "CODIGO", "COD_DERECHO", "CODIGO_UNICO"), required=True,
                    reject="reject.no_code")
_YEAR = Field("year", ("YEAR", "ANIO", "ANO", "PERIODO", "EJERCICIO"), Value.INTEGER, required=True,
              reject="reject.bad_year")

ACTIVITY = InputKind(
    name="activity", attribute="activity", flag="--activity", metavar="PATH",
    help="input_help.activity", label="input_kind.activity",
    formats=frozenset({Format.TABLE}), spec=(Spec.SHEET,), feeds=Feeds.IDLE,
    fields=(_CLAIM_CODE, _YEAR, _MINERAL,
            # The quantity declared and its unit, kept as the table gives them (production_by_year).
            Field("quantity", ("CANTIDAD", "CANTIDAD_PRODUCIDA", "PRODUCCION", "VOLUMEN", "QUANTITY"), Value.NUMBER),
            Field("unit", ("UNIDAD", "UNIDAD_MEDIDA", "UNIDAD_DE_MEDIDA", "UNIT"))),
    countries=("pe", "bo"),
)

# A --holders table states a stratum; `unknown` is what the tool says when it cannot tell.
KNOWN_STRATA = tuple(s for s in STRATA if s != Stratum.UNKNOWN)

HOLDERS = InputKind(
    name="holders", attribute="holders", flag="--holders", metavar="PATH",
    help="input_help.holders", label="input_kind.holders",
    formats=frozenset({Format.TABLE}), spec=(Spec.SHEET,), feeds=Feeds.HOLDERS,
    fields=(
        # A row without a holder is refused for that before its stratum is looked at.
        Field("holder", ("HOLDER", "TITULAR", "TIT_CONCES", "NOMBRE", "RAZON_SOCIAL"), required=True,
              reject="reject.no_holder"),
        Field("stratum", ("STRATUM", "ESTRATO", "CATEGORIA", "CONDICION"), Value.CHOICE, required=True,
              reject="reject.bad_stratum", choices=KNOWN_STRATA,
              synonyms=(("gran_mediana", "large_medium"), ("gran_y_mediana", "large_medium"), ("grande", "large"),
                        ("gran", "large"), ("gran_mineria", "large"), ("mediana", "medium"), ("mediano", "medium"),
                        ("mediana_mineria", "medium"), ("pequena", "small"), ("pequeno", "small"),
                        ("pequena_mineria", "small"), ("artesanal", "artisanal"), ("mineria_artesanal", "artisanal"))),
        Field("ruc", ("RUC", "HOLDER_RUC", "RUC_TITULAR"), Value.DIGITS),
        # The economic group the holder belongs to: the holdings of one group are summed.
        Field("group", ("GROUP", "GRUPO", "GRUPO_ECONOMICO", "GRUPO_EMPRESARIAL", "HOLDING")),
    ),
)

# INGEMMET's Padrón Minero, section 2: the claims that paid the penalty for not reaching the
# minimum production, by year. Legal evidence of no production (analysis/idle.py).
PENALTIES = InputKind(
    name="penalties", attribute="penalties", flag="--penalties", metavar="PATH",
    help="input_help.penalties", label="input_kind.penalties",
    formats=frozenset({Format.TABLE}), spec=(Spec.SHEET,), feeds=Feeds.IDLE,
    fields=(
        _CLAIM_CODE,
        Field("year", (*_YEAR.aliases, "ANIO_PENALIDAD"), Value.INTEGER, required=True, reject="reject.bad_year"),
        # Tells the roll from declared production, which also holds a claim code and a year.
        Field("amount", ("PENALIDAD", "MONTO_PENALIDAD", "MONTO", "PENALTY", "AMOUNT"), Value.NUMBER),
    ),
    countries=("pe", "bo"),
)

# Contracts between a miner and a title holder (contratos de explotación, cesiones mineras, as
# registered in SUNARP and declared to REINFO): with the title, what formalization requires.
# The miner is named by RUC or name (one of them); a row without a start date cannot be said to
# be in force at the reference date; no end date is a contract without a term.
CONTRACTS = InputKind(
    name="contracts", attribute="contracts", flag="--contracts", metavar="PATH",
    help="input_help.contracts", label="input_kind.contracts",
    formats=frozenset({Format.TABLE}), spec=(Spec.SHEET,), feeds=Feeds.RELATIONS,
    fields=(
        _CLAIM_CODE,
        Field("miner", ("MINERO", "NOMBRE_MINERO", "NOMBRE_MIN", "CONTRATISTA", "CESIONARIO", "OPERADOR",
                        "RAZON_SOCIAL", "MINER")),
        Field("ruc", ("RUC_MINERO", "M_RUC", "RUC_CONTRATISTA", "RUC_CESIONARIO", "RUC", "MINER_RUC"), Value.DIGITS),
        Field("contract_type", ("TIPO_CONTRATO", "TIPO", "MODALIDAD", "CONTRATO", "CONTRACT_TYPE"), Value.CHOICE,
              required=True, reject="reject.bad_contract_type", choices=("exploitation", "assignment"),
              synonyms=(("contrato_de_explotacion", "exploitation"), ("explotacion", "exploitation"),
                        ("contrato_explotacion", "exploitation"), ("cesion_minera", "assignment"),
                        ("cesion", "assignment"), ("contrato_de_cesion_minera", "assignment"),
                        ("contrato_de_cesion", "assignment"))),
        Field("start", ("FECHA_INICIO", "FEC_INICIO", "INICIO", "FECHA_SUSCRIPCION", "FEC_SUSCRIPCION", "START",
                        "START_DATE"), Value.DATE, required=True, reject="reject.bad_start_date"),
        Field("end", ("FECHA_FIN", "FEC_FIN", "FIN", "FECHA_VENCIMIENTO", "FEC_VENCIMIENTO", "END", "END_DATE"),
              Value.DATE),
    ),
    row_checks=(RowCheck("any_of", ("ruc", "miner"), "reject.no_miner"),
                RowCheck("readable", ("end",), "reject.bad_end_date"),
                RowCheck("ordered", ("start", "end"), "reject.end_before_start")),
)

# The zones where mining may be formalized, where a department has them: Madre de Dios' mining
# corridor (the zones of D.L. 1100, annex 1). Outside them, in such a department, mining is
# illegal (analysis/legal_status.py). A `department` column says which department each zone is
# the legal line of; without one, rules.toml `allowed_zones.departments` does.
ALLOWED_ZONES = InputKind(
    name="allowed_zones", attribute="allowed_zones", flag="--allowed-zones", metavar="PATH",
    help="input_help.allowed_zones", label="input_kind.allowed_zones",
    formats=frozenset({Format.VECTOR}), spec=(Spec.LAYER,), geometries=frozenset({"polygon"}),
    repeats=True, feeds=Feeds.ALLOWED_ZONES, check="allowed_zones",
    fields=(
        Field("name", ("ZONA_MINERA", "CORREDOR", "CORREDOR_MINERO", "NOMBRE_ZONA", "NOMB_ZONA", "ZONA_NOMB",
                       "ZONE_NAME", "NOMBRE", "NAME")),
        Field("department", ("DEPARTAMENTO", "DEPARTAMEN", "DEPA", "DPTO", "NOMBDEP", "DEPARTMENT"), Value.PLACE),
    ),
)

# --- Bolivia (--country bo; the words of each value are in profiles/bo.toml) ------------------

_BO_PLACES = (
    Field("department", ("DEPARTAMENTO", "DEPARTAMEN", "DEPTO", "DPTO", "DEPARTMENT"), Value.PLACE),
    Field("province", ("PROVINCIA", "PROV", "PROVINCE"), Value.PLACE),
    Field("municipality", ("MUNICIPIO", "MUNICIPALIDAD", "MUNICIPALITY", "MUN"), Value.PLACE),
)
# AJAM's unique code of a mining area ("código único"), as its cadastre, the contracts and the
# work-site lists write it.
_AREA_CODE = ("CODIGO_UNICO", "COD_UNICO", "CODIGO_UNICO_AREA", "CODIGO_AREA", "COD_AREA", "CODIGO_UNI", "AREA_CODE")

# AJAM's cadastre of mining areas (Ley 535): code, name, holder, actor type, right type (ATE,
# CAM, licence), state and number of cuadrículas (25 ha each), with the places. The value words
# are read through Bolivia's profile (analysis/bolivia.py); an unreadable one is `other`.
AJAM = InputKind(
    name="ajam", attribute="ajam", flag="--ajam", metavar="PATH",
    help="input_help.ajam", label="input_kind.ajam",
    formats=frozenset({Format.VECTOR}), spec=(Spec.LAYER,), geometries=frozenset({"polygon"}),
    repeats=True, feeds=Feeds.LEGAL_STATE, check="ajam",
    fields=(
        Field("code", _AREA_CODE, required=True, reject="reject.no_code"),
        Field("area_name", ("NOMBRE_DEL_AREA", "NOMBRE_AREA", "NOMBRE_DEL_AREA_MINERA", "AREA_MINERA", "DENOMINACION",
                            "NOMBRE_ARE", "AREA_NAME")),
        Field("holder", ("TITULAR", "ACTOR_PRODUCTIVO", "TITULAR_DEL_AREA", "HOLDER")),
        Field("holder_nit", ("NIT", "NIT_TITULAR", "HOLDER_NIT"), Value.DIGITS),
        Field("actor_type", ("TIPO_DE_ACTOR", "TIPO_ACTOR", "ACTOR", "TIPO_DE_ACTOR_PRODUCTIVO", "ACTOR_TYPE")),
        Field("right_type", ("TIPO_DE_DERECHO", "TIPO_DERECHO", "DERECHO", "TIPO_DEREC", "RIGHT_TYPE")),
        Field("area_state", ("ESTADO", "ESTADO_DEL_AREA", "SITUACION", "AREA_STATE")),
        Field("grids", ("CUADRICULAS", "NRO_CUADRICULAS", "N_CUADRICULAS", "NUM_CUADRICULAS", "CANT_CUADRICULAS",
                        "CANTIDAD_DE_CUADRICULAS", "CUADRICULA", "GRIDS"), Value.NUMBER),
        Field("granted_on", ("FECHA_DE_OTORGAMIENTO", "FECHA_OTORGAMIENTO", "FEC_OTORGAMIENTO", "FECHA_RESOLUCION",
                             "FECHA_DE_RESOLUCION", "FECHA_OTOR", "GRANTED_ON"), Value.DATE),
        _MINERAL,
        *_BO_PLACES,
    ),
    countries=("bo",),
)

# Work sites: cooperative or informal workings, points or polygons, from a ministry's list or a
# field survey (the analogue of REINFO's registrations). Placed like a registration: lon/lat,
# UTM with its zone and datum, or the mining area it declares.
WORK_SITES = InputKind(
    name="work_sites", attribute="work_sites", flag="--work-sites", metavar="PATH",
    help="input_help.work_sites", label="input_kind.work_sites",
    formats=frozenset({Format.VECTOR, Format.TABLE}), spec=(Spec.LAYER, Spec.SHEET),
    geometries=frozenset({"point", "polygon"}), locations=(("latitude", "longitude"), ("easting", "northing"),
                                                           ("declared_code",)),
    repeats=True, feeds=Feeds.HOSTS, check="work_sites",
    fields=(
        Field("site_id", ("CODIGO_SITIO", "COD_SITIO", "ID_SITIO", "CODIGO_OPERACION", "SITE_ID")),
        Field("operator", ("OPERADOR", "NOMBRE_OPERADOR", "COOPERATIVA", "EMPRESA_OPERADORA", "OPERATOR")),
        Field("operator_nit", ("NIT", "NIT_OPERADOR", "OPERATOR_NIT"), Value.DIGITS),
        Field("operator_type", ("TIPO_DE_ACTOR", "TIPO_ACTOR", "TIPO_OPERADOR", "OPERATOR_TYPE")),
        Field("declared_code", _AREA_CODE),
        _MINERAL,
        *_BO_PLACES,
        *(f for f in REGISTRATIONS.fields if f.name in ("latitude", "longitude", "easting", "northing", "utm_zone",
                                                          "datum")),
    ),
    countries=("bo",),
)

# Mining cooperatives (name, NIT, federation, members): who each cooperative is, for its
# summary row; a cooperative holding areas is named by the cadastre's holder anyway.
COOPERATIVES = InputKind(
    name="cooperatives", attribute="cooperatives", flag="--cooperatives", metavar="PATH",
    help="input_help.cooperatives", label="input_kind.cooperatives",
    formats=frozenset({Format.TABLE}), spec=(Spec.SHEET,), feeds=Feeds.HOLDERS,
    fields=(
        Field("cooperative", ("COOPERATIVA", "NOMBRE_COOPERATIVA", "COOPERATIVA_MINERA", "NOMBRE_DE_LA_COOPERATIVA",
                              "COOPERATIVE"), required=True, reject="reject.no_cooperative"),
        Field("nit", ("NIT", "NIT_COOPERATIVA"), Value.DIGITS),
        Field("federation", ("FEDERACION", "FEDERACION_AFILIADA", "FEDERATION")),
        Field("members", ("SOCIOS", "NRO_SOCIOS", "NUMERO_DE_SOCIOS", "ASOCIADOS", "MIEMBROS", "MEMBERS"), Value.INTEGER),
    ),
    countries=("bo",),
)

# Contracts between a cooperative's area and a private firm: lease, subcontract or partnership
# (the words of each type in profiles/bo.toml), with their dates. With the cadastre, what the
# 2016 reversion of leased and subcontracted cooperative areas is judged on.
AREA_CONTRACTS = InputKind(
    name="area_contracts", attribute="area_contracts", flag="--area-contracts", metavar="PATH",
    help="input_help.area_contracts", label="input_kind.area_contracts",
    formats=frozenset({Format.TABLE}), spec=(Spec.SHEET,), feeds=Feeds.RELATIONS,
    fields=(
        Field("code", _AREA_CODE, required=True, reject="reject.no_code"),
        Field("cooperative", ("COOPERATIVA", "NOMBRE_COOPERATIVA", "COOPERATIVE")),
        Field("partner", ("EMPRESA", "EMPRESA_PRIVADA", "SOCIO_PRIVADO", "CONTRAPARTE", "EMPRESA_CONTRATISTA", "PARTNER"),
              required=True, reject="reject.no_partner"),
        Field("partner_nit", ("NIT_EMPRESA", "NIT_SOCIO", "NIT_CONTRAPARTE", "PARTNER_NIT"), Value.DIGITS),
        Field("contract_type", ("TIPO_DE_CONTRATO", "TIPO_CONTRATO", "MODALIDAD", "CONTRACT_TYPE"), required=True,
              reject="reject.no_contract_type"),
        Field("start", ("FECHA_INICIO", "FECHA_DE_INICIO", "FECHA_SUSCRIPCION", "FECHA_DE_SUSCRIPCION", "START"),
              Value.DATE, required=True, reject="reject.bad_start_date"),
        Field("end", ("FECHA_FIN", "FECHA_DE_FIN", "FECHA_CONCLUSION", "FECHA_VENCIMIENTO", "END"), Value.DATE),
    ),
    row_checks=(RowCheck("readable", ("end",), "reject.bad_end_date"),
                RowCheck("ordered", ("start", "end"), "reject.end_before_start")),
    countries=("bo",),
)

# In the order of the command line's flags and the GUI's inputs panel.
KINDS: tuple[InputKind, ...] = (CONCESSIONS, REGISTRATIONS, LOSS_RASTERS, FOREST, RESTRICTED, ACTIVITY, HOLDERS,
                                PENALTIES, CONTRACTS, DISTRICTS, ALLOWED_ZONES, AJAM, WORK_SITES, COOPERATIVES,
                                AREA_CONTRACTS)
KIND: dict[str, InputKind] = {kind.name: kind for kind in KINDS}
TABLE_KINDS: tuple[InputKind, ...] = tuple(kind for kind in KINDS if kind.is_table)
# The kinds only a Bolivian run reads: any of them given makes a run Bolivian (cli, GUI).
BOLIVIAN_KINDS: tuple[InputKind, ...] = tuple(kind for kind in KINDS if kind.countries == ("bo",))

# The files of each format, by suffix: a file is told a table, a raster or a vector file before
# it is opened (io/sources reads them; the GUI's open dialog lists them).
SUFFIXES: dict[Format, tuple[str, ...]] = {
    Format.VECTOR: (".shp", ".zip", ".gpkg", ".geojson", ".json", ".fgb", ".kml", ".kmz", ".gml", ".sqlite"),
    Format.TABLE: (".csv", ".txt", ".tsv", ".xlsx", ".xlsm"),
    Format.RASTER: (".tif", ".tiff", ".vrt", ".img", ".jp2"),
}
RASTER_SUFFIXES = SUFFIXES[Format.RASTER]
_DRIVE = re.compile(r"^[A-Za-z]$")


def kinds_of(country: str) -> tuple[InputKind, ...]:
    """The kinds the analysis of ``country`` reads, in :data:`KINDS` order.

    >>> [kind.name for kind in kinds_of("bo")][:4]
    ['raster', 'forest', 'restricted', 'activity']
    """
    return tuple(kind for kind in KINDS if country in kind.countries)


def kind_of(name: str) -> InputKind:
    """The kind called ``name`` (its ``name`` or its ``Inputs`` attribute)."""
    for kind in KINDS:
        if name in (kind.name, kind.attribute):
            return kind
    raise KeyError(name)


def split_spec(spec: str | Path) -> tuple[str, str | None]:
    """'PATH' or 'PATH:SPEC' as (path, spec or None): the one reading of a path's suffix.

    A Windows drive letter ('C:') is no suffix, nor is a tail holding a path separator, nor the
    colon of a file that exists under the whole name. Raster encodings, layers of a GeoPackage
    and sheets of a workbook are all read here.
    """
    text = str(spec).strip()
    head, sep, tail = text.rpartition(":")
    if not sep or not head or _DRIVE.match(head) or "/" in tail or "\\" in tail or Path(text).exists():
        return text, None
    return head, tail or None  # 'PATH:' names no layer


def raster_kind(path: str | Path) -> InputKind:
    """The raster kind a raster file is, from words in its name (``name_words``); a loss raster
    when none matches."""
    rasters = [kind for kind in KINDS if Format.RASTER in kind.formats]
    name = Path(path).name.lower()
    return next((kind for kind in rasters if any(word in name for word in kind.name_words)), rasters[0])
