"""The law's geography for each miner: inside an allowed mining zone, and its legal status.

In Madre de Dios the legal line is the mining corridor (the zones of D.L. 1100, annex 1):
outside it mining cannot be formalized there. Peru's law defines informal mining (D.L. 1336,
art. 2.2: where mining is not prohibited, by someone registered in REINFO) and illegal mining
(D.L. 1451, art. 34: without authorization or registration; all mining in prohibited zones);
seed 001's list of definitions quotes both (docs/domain.md "Allowed zones and legal status").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.analysis.restricted import claim_in_restricted, in_restricted
from concession_gis.columns import ConflictType, LegalStatus, RegStatus


def in_allowed_zone(
    reg_w: np.ndarray, by_code: np.ndarray, claims_w: np.ndarray, zones_w: np.ndarray, names: pd.Series,
    department: pd.Series, departments: list[str],
) -> pd.Series:
    """``in_allowed_zone`` of each registration: true inside an allowed zone (a point in one, a
    shape overlapping one), false outside every zone in one of ``departments`` (folded names, as
    ``department`` is), empty elsewhere (no zone is the legal line there, or its department is
    not known). A registration ``by_code`` (placed on its declared claim, ``claims_w``, one each)
    is inside when the whole claim is, outside when the claim touches no zone, and empty when
    partly inside: the miner may work on either part, and the tool does not guess."""
    inside, _ = in_restricted(reg_w, zones_w, names)  # the same test: inside any of these polygons
    flags = pd.Series(inside, index=department.index, dtype="boolean")
    if by_code.any():
        on_claim, _ = claim_in_restricted(claims_w, zones_w, names)
        flags[by_code] = on_claim.to_numpy()
    listed = department.isin(departments).to_numpy()
    return flags.mask(~listed & (flags != True), pd.NA)  # noqa: E712  # <NA> stays <NA>


def legal_statuses(reg_status: pd.Series, conflict_type: pd.Series) -> pd.Series:
    """``legal_status`` of each registration from its final ``reg_status`` and ``conflict_type``:
    ``illegal`` when excluded from REINFO, in a prohibited area (``restricted_area``) or outside
    an allowed zone; else ``suspended``; ``formalizable`` when active on its own title or under a
    contract with the host's holder (what formalization requires, D.L. 1105); ``informal`` when
    active otherwise; ``unknown`` when the registry's status is not known."""
    illegal = (reg_status == RegStatus.EXCLUDED) | conflict_type.isin(
        [ConflictType.RESTRICTED_AREA, ConflictType.OUTSIDE_ALLOWED_ZONE])
    active = reg_status == RegStatus.ACTIVE
    return pd.Series(
        np.select(
            [illegal.to_numpy(), (reg_status == RegStatus.SUSPENDED).to_numpy(),
             (active & conflict_type.isin([ConflictType.OWN_TITLE, ConflictType.CONTRACT])).to_numpy(),
             active.to_numpy()],
            [LegalStatus.ILLEGAL, LegalStatus.SUSPENDED, LegalStatus.FORMALIZABLE, LegalStatus.INFORMAL],
            default=LegalStatus.UNKNOWN,
        ),
        index=reg_status.index, dtype=object,
    )
