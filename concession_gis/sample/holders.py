"""Who holds the claims: a few hundred companies hold half of them, thousands of small holders the rest.

Counts follow docs/domain.md: ownership is concentrated (a Zipf law over the large companies) and
small holders, persons and small firms, hold one to a few claims each. Each holder's claims are
cut into blocks that the layout places as contiguous groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from concession_gis.sample import names

# Claims per large company: one large holder for this many claims of the cadastre.
CLAIMS_PER_LARGE_HOLDER = 220
LARGE_HOLDERS_SHARE = 0.5      # of all claims
SMALL_HOLDER_PERSON_SHARE = 0.6
SMALL_HOLDER_MAX_CLAIMS = 8


@dataclass
class Holders:
    """Holder table (name, is_company, is_large, ruc) and, per claim, its holder's row."""

    table: pd.DataFrame
    claim_holder: np.ndarray
    blocks: list[np.ndarray]


def exact_counts(total: int, shares: np.ndarray) -> np.ndarray:
    """Integers proportional to ``shares`` that add up to ``total`` (largest remainders)."""
    shares = np.asarray(shares, dtype=float)
    raw = shares / shares.sum() * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def allocate(rng: np.random.Generator, n_claims: int, taken_names: set[str], taken_rucs: set[str]) -> Holders:
    """Draw holders for ``n_claims`` claims and cut each holder's claims into blocks."""
    n_large = max(3, round(n_claims / CLAIMS_PER_LARGE_HOLDER))
    zipf = 1.0 / np.arange(1, n_large + 1) ** 0.6
    large_counts = exact_counts(round(n_claims * LARGE_HOLDERS_SHARE), zipf)
    small_counts = _small_holder_counts(rng, n_claims - int(large_counts.sum()))
    counts = np.concatenate([large_counts, small_counts])
    counts = counts[counts > 0]
    n_large = int((large_counts > 0).sum())
    n_small = len(counts) - n_large

    is_person = np.zeros(len(counts), dtype=bool)
    is_person[n_large:] = rng.random(n_small) < SMALL_HOLDER_PERSON_SHARE
    holder_names = np.empty(len(counts), dtype=object)
    for fixed in names.FIXED_COMPANIES + names.FIXED_PERSONS:
        taken_names.add(names.name_key(fixed))
    holder_names[:n_large] = names.unique_names(
        lambda r, k: names.company_names(r, k, large=True), rng, n_large, taken_names)
    small_company = np.flatnonzero(~is_person[n_large:]) + n_large
    holder_names[small_company] = names.unique_names(names.company_names, rng, len(small_company), taken_names)
    persons = np.flatnonzero(is_person)
    holder_names[persons] = names.unique_names(names.person_names, rng, len(persons), taken_names)
    # The names of the brief, so that every cadastre holds Ñ and accents whatever the seed.
    holder_names[0] = names.FIXED_COMPANIES[0]
    if len(small_company):
        holder_names[small_company[0]] = names.FIXED_COMPANIES[1]
    if len(persons):
        holder_names[persons[0]] = names.FIXED_PERSONS[0]

    table = pd.DataFrame({
        "name": pd.array(holder_names, dtype=object),
        "is_company": ~is_person,
        "is_large": np.arange(len(counts)) < n_large,
        "ruc": names.rucs(rng, ~is_person, taken_rucs),
        "n_claims": counts,
    })
    claim_holder = rng.permutation(np.repeat(np.arange(len(counts)), counts))
    return Holders(table, claim_holder, _blocks(rng, claim_holder, table["is_large"].to_numpy()))


def _small_holder_counts(rng: np.random.Generator, total: int) -> np.ndarray:
    counts: list[int] = []
    left = total
    while left > 0:
        batch = np.minimum(rng.geometric(0.55, size=max(16, left)), SMALL_HOLDER_MAX_CLAIMS)
        cum = np.cumsum(batch)
        keep = batch[cum <= left]
        counts.extend(keep.tolist())
        left -= int(keep.sum())
        if left and (cum > left).all():
            counts.append(left)
            left = 0
    return np.array(counts, dtype=int)


def _blocks(rng: np.random.Generator, claim_holder: np.ndarray, is_large: np.ndarray) -> list[np.ndarray]:
    """Claims grouped into blocks: large holders have many blocks of 5-25 claims, others one or two."""
    order = np.argsort(claim_holder, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(claim_holder[order]) != 0])
    blocks = []
    for claims in np.split(order, starts[1:]):
        holder = claim_holder[claims[0]]
        if is_large[holder]:
            cuts = []
            position = 0
            while True:
                position += int(rng.integers(5, 26))
                if position >= len(claims):
                    break
                cuts.append(position)
        elif len(claims) > 4 and rng.random() < 0.3:
            cuts = [len(claims) // 2]
        else:
            cuts = []
        blocks.extend(np.split(claims, cuts))
    return [blocks[i] for i in rng.permutation(len(blocks))]
