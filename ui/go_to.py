"""Where a go-to entry leads: a loaded claim (by its code, compared as the core compares codes:
without leading zeros or punctuation) or a point. Plain Python on the layer models, no Qt."""

from __future__ import annotations

import pandas as pd
from concession_gis_ui.coordinates import Place, parse_place
from concession_gis_ui.layers import LayerList, VectorLayer

from concession_gis.io.values import code_key

# Degrees of latitude per pixel at most after going to a point (~20 m a pixel: a claim's
# surroundings); a closer view is kept.
POINT_SCALE = 0.0002


def claim_layers(layers: LayerList) -> list[VectorLayer]:
    """The analysed claims first, then the claims of the inputs' previews."""
    found = [layer for layer in layers.vector_layers() if layer.frame is not None and "code" in layer.frame.columns
             and (layer.name == "concessions" or layer.name.startswith("input:concessions:"))]
    return sorted(found, key=lambda layer: layer.name != "concessions")


def find_claim(layers: LayerList, code: str) -> tuple[VectorLayer, int] | None:
    """The layer and row of the claim whose code is ``code``; None when no loaded claim has it."""
    key = code_key(pd.Series([code])).iloc[0]
    if not key:
        return None
    for layer in claim_layers(layers):
        rows = (code_key(layer.frame["code"].astype(str)) == key).to_numpy().nonzero()[0]
        if len(rows):
            return layer, int(rows[0])
    return None


def resolve(layers: LayerList, text: str) -> Place | tuple[VectorLayer, int] | None:
    """A point, a claim (layer, row), or None when the entry is neither."""
    place = parse_place(text)
    if place is None:
        return None
    if place.code is not None:
        return find_claim(layers, place.code)
    return place
