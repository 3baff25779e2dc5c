"""Text of several rows joined per key (the districts of a claim, the areas a registration
reaches, the registrations on a piece of ground), each value once, in the rows' order.

``groupby(...).agg(sep.join)`` calls Python once per group; on 10,000 claims that is most of the
cost, while most keys have a single value. Those are taken as they are; only keys with several
values go through the join.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def joined_per_key(keys: np.ndarray, values: np.ndarray, sep: str) -> pd.Series:
    """Per key (the index, in no set order): its distinct values joined by ``sep`` in the order
    they come. Keys without a row are absent."""
    pairs = pd.DataFrame({"key": keys, "value": values}).drop_duplicates()
    several = pairs["key"].duplicated(keep=False).to_numpy()
    single = pairs.loc[~several].set_index("key")["value"]
    joined = pairs.loc[several].groupby("key", sort=False)["value"].agg(sep.join)
    return pd.concat([single, joined]) if len(joined) else single
