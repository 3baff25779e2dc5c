"""Names of people, companies and claims as they appear in Peruvian registers, and their RUCs.

Every name is fictitious (random combinations of common words); any likeness to a real holder
is chance. Names keep Ñ and accents, and every character is encodable in Latin-1.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

from concession_gis.io.values import fold

GIVEN_NAMES = (
    "JOSÉ", "JUAN", "LUIS", "CARLOS", "JORGE", "VÍCTOR", "PEDRO", "MARIO", "CÉSAR", "RAÚL",
    "JESÚS", "FÉLIX", "ÁNGEL", "WILBER", "EDWIN", "ROLANDO", "FREDDY", "HUGO", "ALEJANDRO",
    "TEÓFILO", "ELMER", "WALTER", "NÉSTOR", "RUBÉN", "SIMÓN", "GREGORIO", "MOISÉS", "EFRAÍN",
    "HERNÁN", "ISAÍAS", "AGUSTÍN", "MARCELINO", "FLORENCIO", "DIONISIO", "EUSEBIO", "ROMÁN",
    "MARÍA", "ROSA", "CARMEN", "JULIA", "ELENA", "YOLANDA", "SONIA", "LUZ", "NANCY", "INÉS",
    "LOURDES", "SOFÍA", "ASUNCIÓN", "BEATRIZ", "VERÓNICA", "MERCEDES", "DOMITILA", "ZENÓN",
)

SURNAMES = (
    "QUISPE", "MAMANI", "HUAMÁN", "FLORES", "CONDORI", "CHOQUE", "APAZA", "TICONA", "NÚÑEZ",
    "PEÑA", "IBÁÑEZ", "MUÑOZ", "CASTAÑEDA", "ORDÓÑEZ", "YUPANQUI", "CCAHUANA", "HUILLCA",
    "PUMA", "CUTIPA", "LAURA", "VARGAS", "ROJAS", "SÁNCHEZ", "RAMÍREZ", "GUTIÉRREZ", "DÍAZ",
    "TORRES", "CHÁVEZ", "MENDOZA", "RAMOS", "CRUZ", "PAREDES", "CÁCERES", "VILCA", "CALLO",
    "HUANCA", "PACHECO", "ZÚÑIGA", "BEGAZO", "CANAZA", "COAQUIRA", "LUQUE", "MAQUERA",
    "PARI", "SUCASAIRE", "TAIPE", "ÑAUPARI", "QUISPICUSI", "AYMA", "HUARACA", "CHIPANA",
    "ARIAS", "BENAVIDES", "CORNEJO", "ESPINOZA", "GONZÁLEZ", "HERRERA", "LEÓN", "MEDINA",
    "ORTIZ", "PALOMINO", "SALAS", "VALDIVIA", "YÁÑEZ", "ALARCÓN", "BELTRÁN", "CARREÑO",
)

# Words of fictitious company and claim names: saints, places, Quechua words, nature.
NAME_WORDS = (
    "PEÑA DORADA", "AÑAÑE", "CERRO ROJO", "INTI ORQO", "QORI WAYRA", "SOL DE ORO", "VETA AZUL",
    "LOS ANDES DEL SUR", "CÓNDOR DE PLATA", "RÍO DORADO", "NUEVA ESPERANZA", "SANTA ÚRSULA",
    "SEÑOR DE QOYLLURITI", "VIRGEN DEL CARMEN", "SAN JUAN BAUTISTA", "SANTA ROSA", "EL DORADO",
    "CHASKA", "KILLA", "QOLLPA", "WAYNA", "URPI", "SUMAQ ALLPA", "PUKA RUMI", "YANA URQU",
    "HATUN QOCHA", "ALLIN KAUSAY", "TUPAC", "PACHAMAMA", "APU SALLQA", "ILLARY", "KUSI",
    "LA ESPAÑOLA", "CASTAÑAL", "LAS ÑUSTAS", "MUÑECA", "CAÑAVERAL", "PIÑÓN", "LA CAÑADA",
    "ARCO IRIS", "ESTRELLA DEL SUR", "LUCERO", "AURORA", "ALBORADA", "HORIZONTE", "CUMBRE",
    "MIRADOR", "CRISTAL", "ESMERALDA", "TOPACIO", "DIAMANTE", "RUBÍ", "ÁGUILA REAL", "PUMA",
    "VICUÑA", "ALPAMAYO", "SACHA", "TAMBO REAL", "LA FORTUNA", "BUENA SUERTE", "MI PROGRESO",
    "LOS ÁNGELES", "SANTA BÁRBARA", "SAN MARTÍN", "SAN FRANCISCO", "SAN PEDRO", "SANTA ANA",
    "SAN JOSÉ", "SAN ANTONIO", "SANTA CRUZ", "SEÑOR DE LOS MILAGROS", "CORAZÓN DE JESÚS",
    "VIRGEN DE LA CANDELARIA", "VIRGEN DE COCHARCAS", "NIÑO JESÚS", "SANTÍSIMA TRINIDAD",
    "DOS DE MAYO", "VEINTIOCHO DE JULIO", "LA LIBERTAD", "EL PORVENIR", "LOS INCAS", "MANCO",
    "PAITITI", "MANU", "TAHUANTINSUYO", "KUNTUR", "ATOQ", "UCUMARI", "HUAYRURO", "SHIHUAHUACO",
    "PIEDRA BLANCA", "AGUAS CLARAS", "BELLA VISTA", "MONTE ALEGRE", "PLAYA ORO", "PUERTO LUZ",
    "CAYCHIVE", "QUEBRADA HONDA", "CERRO VERDE ALTO", "TRES CRUCES", "CUATRO VIENTOS",
)

NAME_QUALIFIERS = (
    "", "", "", " DORADA", " DEL SUR", " ANDINA", " DEL NORTE", " AMAZÓNICA", " REAL",
    " 2000", " DEL PERÚ", " DE ORO", " NUEVA", " ALTO", " UNO",
)

COMPANY_FORMS = (
    ("MINERA {w} S.A.C.", 6), ("COMPAÑÍA MINERA {w} S.A.", 3), ("MINERA {w} E.I.R.L.", 5),
    ("SOCIEDAD MINERA {w} S.R.L.", 2), ("Sociedad Minera {t} E.I.R.L.", 1),
    ("CORPORACIÓN MINERA {w} S.A.", 1), ("EMPRESA MINERA {w} S.A.C.", 2),
    ("INVERSIONES MINERAS {w} E.I.R.L.", 2), ("CONTRATISTA MINERA {w} S.A.C.", 1),
    ("{w} S.A.C.", 2), ("SOCIEDAD MINERA DE RESPONSABILIDAD LIMITADA {w}", 1),
    ("MINERA AURÍFERA {w} S.A.C.", 2), ("INVERSIONES {w} E.I.R.L.", 2),
    ("NEGOCIACIONES MINERAS {w} S.R.L.", 1), ("COMERCIALIZADORA MINERA {w} E.I.R.L.", 1),
)

LARGE_COMPANY_FORMS = (
    ("COMPAÑÍA MINERA {w} S.A.", 3), ("MINERA {w} S.A.C.", 3), ("CORPORACIÓN MINERA {w} S.A.A.", 1),
    ("{w} MINING S.A.C.", 2), ("{w} GOLD S.A.C.", 1), ("{w} RESOURCES PERÚ S.A.C.", 1),
    ("{w} METALS S.A.C.", 1),
    ("SOCIEDAD MINERA {w} S.A.A.", 1),
)

# Names that every synthetic cadastre contains, so that readers meet Ñ and accents for sure.
FIXED_COMPANIES = ("MINERA PEÑA DORADA S.A.C.", "Sociedad Minera Añañe E.I.R.L.")
FIXED_PERSONS = ("JOSÉ NÚÑEZ QUISPE",)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

LEGAL_FORM_PATTERN = re.compile(
    r"\b(SOCIEDAD ANONIMA CERRADA|SOCIEDAD ANONIMA ABIERTA|SOCIEDAD ANONIMA|"
    r"SOCIEDAD MINERA DE RESPONSABILIDAD LIMITADA|SOCIEDAD DE RESPONSABILIDAD LIMITADA|"
    r"EMPRESA INDIVIDUAL DE RESPONSABILIDAD LIMITADA|SAC|SAA|SA|EIRL|SRL|SCRL|SMRL|LTDA)\b"
)


@cache
def name_key(name: str) -> str:
    """The form two names are compared in: upper case, no accents or punctuation or legal form."""
    text = " ".join(re.sub(r"[.,']", "", fold(name)).split())
    return " ".join(LEGAL_FORM_PATTERN.sub(" ", text).split())


def strip_accents(name: str) -> str:
    """``name`` without accents but with Ñ kept, as many registers spell it."""
    out = []
    for c in name:
        if c in "Ññ":
            out.append(c)
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        out.append("".join(d for d in decomposed if not unicodedata.combining(d)))
    return "".join(out)


def spelling_variant(name: str, rng: np.random.Generator) -> str:
    """The same holder written another way: no dots in the legal form, no accents, or spacing."""
    kind = rng.integers(3)
    if kind == 0 and "." in name:
        return name.replace(".", "")
    if kind == 1 and strip_accents(name) != name:
        return strip_accents(name)
    return name.replace(" ", "  ", 1)


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` names like 'JOSÉ NÚÑEZ QUISPE' (some with two given names)."""
    given = np.asarray(GIVEN_NAMES)
    surnames = np.asarray(SURNAMES)
    # Common Andean surnames are far more frequent than the rest, as in real registers.
    weights = 1.0 / np.arange(1, len(surnames) + 1) ** 0.6
    weights /= weights.sum()
    first = given[rng.integers(len(given), size=n)]
    second = given[rng.integers(len(given), size=n)]
    two = (rng.random(n) < 0.35) & (first != second)
    s1 = surnames[rng.choice(len(surnames), size=n, p=weights)]
    s2 = surnames[rng.choice(len(surnames), size=n, p=weights)]
    return np.array([
        f"{a} {b} {c} {d}" if t else f"{a} {c} {d}"
        for a, b, c, d, t in zip(first, second, s1, s2, two, strict=True)
    ], dtype=object)


def company_names(rng: np.random.Generator, n: int, large: bool = False) -> np.ndarray:
    """``n`` company names like 'MINERA PEÑA DORADA S.A.C.' or 'INVERSIONES QUISPE HUAMÁN E.I.R.L.'."""
    forms = LARGE_COMPANY_FORMS if large else COMPANY_FORMS
    templates = [f for f, _ in forms]
    weights = np.array([w for _, w in forms], dtype=float)
    picks = rng.choice(len(templates), size=n, p=weights / weights.sum())
    out = []
    for t in picks:
        word = _company_word(rng, family_names=not large)
        out.append(templates[t].format(w=word, t=word.title()))
    return np.array(out, dtype=object)


def _company_word(rng: np.random.Generator, family_names: bool) -> str:
    """The distinctive part of a company name: words with a qualifier, or a family's surnames."""
    u = rng.random()
    if family_names and u < 0.3:
        first, second = SURNAMES[rng.integers(len(SURNAMES))], SURNAMES[rng.integers(len(SURNAMES))]
        return f"{first} HERMANOS" if first == second or u < 0.05 else f"{first} {second}"
    word = NAME_WORDS[rng.integers(len(NAME_WORDS))]
    v = rng.random()
    if v < 0.5:
        return word + NAME_QUALIFIERS[rng.integers(len(NAME_QUALIFIERS))]
    if v < 0.75:
        return f"{word} {rng.integers(1990, 2025)}"
    return f"{word} {ROMAN[rng.integers(len(ROMAN))]}"


def unique_names(make, rng: np.random.Generator, n: int, taken: set[str]) -> np.ndarray:
    """``n`` names from ``make(rng, k)`` whose :func:`name_key` is new; ``taken`` is updated."""
    result: list[str] = []
    for _round in range(200):
        if len(result) == n:
            break
        for name in make(rng, 2 * (n - len(result)) + 8):
            key = name_key(name)
            if key in taken:
                continue
            taken.add(key)
            result.append(name)
            if len(result) == n:
                break
    if len(result) < n:
        raise RuntimeError(f"only {len(result)} distinct names of {n}: the word lists are too short")
    return np.array(result, dtype=object)


def ruc_check_digit(first_ten: str) -> int:
    """SUNAT's modulo-11 check digit of the first ten digits of a RUC."""
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    remainder = 11 - sum(int(d) * w for d, w in zip(first_ten, weights, strict=True)) % 11
    return {10: 0, 11: 1}.get(remainder, remainder)


def rucs(rng: np.random.Generator, is_company: np.ndarray, taken: set[str]) -> np.ndarray:
    """Distinct 11-digit RUCs: 20... for companies, 10 + national id for persons."""
    out = np.empty(len(is_company), dtype=object)
    for i, company in enumerate(is_company):
        while True:
            body = ("20" if company else "10") + f"{rng.integers(10_000_000, 80_000_000):08d}"
            ruc = body + str(ruc_check_digit(body))
            if ruc not in taken:
                taken.add(ruc)
                out[i] = ruc
                break
    return out


def claim_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` claim names like 'VIRGEN DE LA CANDELARIA 3' or 'QORI WAYRA II'."""
    words = rng.integers(len(NAME_WORDS), size=n)
    kind = rng.integers(6, size=n)
    numbers = rng.integers(1, 40, size=n)
    years = rng.integers(1985, 2025, size=n)
    out = []
    for w, k, num, year in zip(words, kind, numbers, years, strict=True):
        base = NAME_WORDS[w]
        suffix = ("", f" {ROMAN[num % 10]}", f" {num}", f" {num:02d}", f" {year}", f" {ROMAN[num % 4]}")[k]
        out.append(base + suffix)
    return np.array(out, dtype=object)
