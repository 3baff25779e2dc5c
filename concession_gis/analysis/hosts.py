"""Hosts: on whose concession each registration lies.

validate → index pairs from an STRtree → pick one host per registration, as geopandas' sjoin
does. A point is hosted by the senior concession of the best legal state that contains it
(titled before pending before extinct; within a state the earliest filing date and hour, then
the code). A registration area is hosted by the concession it overlaps most.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from concession_gis.analysis.legal_state import state_rank
from concession_gis.io.values import code_key
from concession_gis.progress import Feedback, chunks

CHUNK = 20_000


def candidate_pairs(
    reg_geoms: np.ndarray, conc_geoms: np.ndarray, feedback: Feedback | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(registration, concession, overlap m²) for every registration lying on a concession.

    Points count on a concession's boundary too; areas need an overlap of positive area.
    The overlap is 0 for points.
    """
    tree = shapely.STRtree(conc_geoms)
    if feedback:
        feedback.stage("hosts", total=len(reg_geoms))
    regs, concs = [], []
    for part in chunks(len(reg_geoms), CHUNK):
        r, c = tree.query(reg_geoms[part], predicate="intersects")
        regs.append(r + part.start)
        concs.append(c)
        if feedback:
            feedback.advance(part.stop - part.start)
    reg = np.concatenate(regs) if regs else np.empty(0, np.int64)
    conc = np.concatenate(concs) if concs else np.empty(0, np.int64)
    overlap = np.zeros(len(reg))
    areas = shapely.get_type_id(reg_geoms[reg]) != shapely.GeometryType.POINT
    if areas.any():
        overlap[areas] = shapely.area(shapely.intersection(reg_geoms[reg[areas]], conc_geoms[conc[areas]]))
        keep = ~areas | (overlap > 0)
        reg, conc, overlap = reg[keep], conc[keep], overlap[keep]
    return reg, conc, overlap


def code_pairs(
    declared_code: pd.Series, by_code: np.ndarray, conc_code: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(registration, concession, 0) for each registration ``by_code`` (located by the claim
    code it declares, having no coordinates) and each claim that code names, compared with
    :func:`~concession_gis.io.values.code_key`: the pairs :func:`pick_hosts` chooses from, as
    it does from :func:`candidate_pairs`' for a point. The registration's host is then its
    declared claim (of several claims with that code, the one a point on them all would get).
    """
    regs = np.flatnonzero(by_code)
    if not len(regs):  # every registration has coordinates: no codes to compare
        return np.empty(0, np.int64), np.empty(0, np.int64), np.zeros(0)
    wanted = pd.DataFrame({"key": code_key(declared_code.iloc[regs]).to_numpy(), "reg": regs})
    claims = pd.DataFrame({"key": code_key(conc_code).to_numpy(), "conc": np.arange(len(conc_code))})
    pairs = wanted.merge(claims.loc[claims["key"] != ""], on="key", sort=False)
    return pairs["reg"].to_numpy(np.int64), pairs["conc"].to_numpy(np.int64), np.zeros(len(pairs))


def declared_claims(hosts: Hosts, reg: np.ndarray, conc: np.ndarray) -> np.ndarray:
    """The claim each registration of the :func:`code_pairs` (``reg``, ``conc``) is placed on:
    its host, or, where no claim of that code can host (a state outside the ranking), the first
    one named; -1 for every other registration."""
    claim = np.full(len(hosts.position), -1, dtype=np.int64)
    claim[reg[::-1]] = conc[::-1]  # the first pair of each registration written last
    return np.where((claim >= 0) & (hosts.position >= 0), hosts.position, claim)


@dataclass(frozen=True)
class Hosts:
    """Each registration's host: ``position`` in the concessions (-1 for none) and ``n_hosts``,
    the number of concessions it lies on (of any legal state)."""

    position: np.ndarray
    n_hosts: np.ndarray

    def of(self, values: pd.Series) -> pd.Series:
        """The host's value of a concession column for each registration, indexed 0 .. n-1; where
        there is no host, <NA> in a true/false column (made nullable), None in any other (made
        a column of objects)."""
        has = self.position >= 0
        index = pd.RangeIndex(len(self.position))
        taken = values.to_numpy()[self.position[has]]
        if pd.api.types.is_bool_dtype(values.dtype):
            flags = pd.Series(pd.NA, index=index, dtype="boolean")
            flags[has] = taken
            return flags
        found = np.full(len(self.position), None, dtype=object)
        found[has] = taken
        return pd.Series(found, index=index, dtype=object)

    def take(self, concessions: pd.DataFrame) -> pd.DataFrame:
        """:meth:`of` for every column of ``concessions``."""
        return pd.DataFrame({name: self.of(concessions[name]) for name in concessions.columns},
                            index=pd.RangeIndex(len(self.position)))

    def per_claim(self, n_concessions: int, where: np.ndarray | None = None) -> np.ndarray:
        """How many registrations (those ``where`` is True, all when None) each concession hosts."""
        hosted = self.position >= 0 if where is None else (self.position >= 0) & where
        return np.bincount(self.position[hosted], minlength=n_concessions).astype(np.int64)


def pick_hosts(
    n_registrations: int,
    reg: np.ndarray,
    conc: np.ndarray,
    overlap: np.ndarray,
    legal_state: pd.Series,
    senior: np.ndarray,
    rank: list[str],
) -> Hosts:
    """The host of each registration, from the pairs of :func:`candidate_pairs`.

    ``legal_state`` and ``senior`` (:func:`~concession_gis.analysis.legal_state.seniority`) are
    the concessions'; ``rank`` lists the legal states that can host, the preferred first.
    """
    n_hosts = np.bincount(reg, minlength=n_registrations)
    states = state_rank(legal_state, rank)[conc]
    eligible = states < len(rank)
    reg, conc, overlap, states = reg[eligible], conc[eligible], overlap[eligible], states[eligible]
    # Sort keys from least to most significant; the first pair of each registration wins.
    order = np.lexsort((senior[conc], states, -overlap, reg))
    reg, conc = reg[order], conc[order]
    first = np.ones(len(reg), dtype=bool)
    first[1:] = reg[1:] != reg[:-1]
    host = np.full(n_registrations, -1, dtype=np.int64)
    host[reg[first]] = conc[first]
    return Hosts(host, n_hosts.astype(np.int64))


def pairs_without(pairs: tuple[np.ndarray, np.ndarray], dropped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (registration, claim) ``pairs`` of the registrations not ``dropped``, their positions
    renumbered among those kept."""
    reg, claim = (np.asarray(a, dtype=np.int64) for a in pairs)
    kept = ~dropped[reg]
    return (np.cumsum(~dropped) - 1)[reg[kept]], claim[kept]
