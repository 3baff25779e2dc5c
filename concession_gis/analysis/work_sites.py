"""Each work site's relation to the AJAM area it lies on, and its conflict type (Bolivia).

The host is picked by the shared engine (:mod:`.hosts`, the profile's ``hosts.rank``); these
rules then read the host's actor type and state, as :mod:`.relations` reads a Peruvian claim's
stratum and legal state. docs/contract.md lists the values, the first that applies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns_bo import ActorType, AreaState, SiteConflict, SiteRelation


def site_relations(operator_key: pd.Series, operator_nit: pd.Series, operator_type: pd.Series,
                   host: pd.DataFrame) -> pd.Series:
    """``relation`` of each work site. ``host`` has, row for row, the host area's ``code``
    (missing where none), ``area_state``, ``actor_type``, ``holder_key`` and ``holder_nit``."""
    state = host["area_state"].to_numpy()
    actor = host["actor_type"].to_numpy()
    same_name = (operator_key.to_numpy() != "") & (operator_key.to_numpy() == host["holder_key"].to_numpy())
    nit = operator_nit.fillna("").to_numpy()
    same_nit = (nit != "") & (nit == host["holder_nit"].to_numpy())
    cooperative = (operator_type == ActorType.COOPERATIVE).to_numpy()
    return pd.Series(np.select(
        [host["code"].isna().to_numpy(),
         np.isin(state, [AreaState.REVERTED, AreaState.EXTINCT]),
         same_name | same_nit,
         cooperative & (actor == ActorType.STATE),
         actor == ActorType.COOPERATIVE,
         actor == ActorType.PRIVATE],
        [SiteRelation.NO_AREA, SiteRelation.EXTINCT_AREA, SiteRelation.OWN_AREA,
         SiteRelation.COOPERATIVE_ON_STATE_AREA, SiteRelation.ON_COOPERATIVE_AREA, SiteRelation.ON_PRIVATE_AREA],
        default=SiteRelation.ON_STATE_AREA), index=operator_key.index, dtype=object)


def site_conflicts(in_prohibited: pd.Series, relation: pd.Series, under_contract: pd.Series,
                   host_candidate: pd.Series) -> pd.Series:
    """``conflict_type`` of each work site, the first that applies: in a prohibited area, on its
    own area, on an area that is a reversion candidate, under a contract in force with the area's
    holder, a cooperative on COMIBOL's area, on another's area, on a reverted or extinct area,
    on no area."""
    return pd.Series(np.select(
        [in_prohibited.fillna(False).to_numpy(dtype=bool),
         (relation == SiteRelation.OWN_AREA).to_numpy(),
         host_candidate.fillna(False).to_numpy(dtype=bool),
         under_contract.fillna(False).to_numpy(dtype=bool),
         (relation == SiteRelation.COOPERATIVE_ON_STATE_AREA).to_numpy(),
         relation.isin([SiteRelation.ON_COOPERATIVE_AREA, SiteRelation.ON_PRIVATE_AREA,
                        SiteRelation.ON_STATE_AREA]).to_numpy(),
         (relation == SiteRelation.EXTINCT_AREA).to_numpy()],
        [SiteConflict.RESTRICTED_AREA, SiteConflict.OWN_AREA, SiteConflict.REVERSION_CANDIDATE,
         SiteConflict.CONTRACT, SiteConflict.STATE_AREA, SiteConflict.THIRD_PARTY, SiteConflict.EXTINCT_AREA],
        default=SiteConflict.NO_AREA), index=relation.index, dtype=object)
