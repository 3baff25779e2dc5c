"""The bundled sample data (what `analyze` runs on with no inputs) and the `sample` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from concession_gis.errors import InputError
from concession_gis.progress import Feedback
from concession_gis.sample.demo import FILES, write_demo


def sample_dir() -> Path:
    """The folder holding the bundled demo: beside the package, or inside a frozen application."""
    candidates = [
        os.environ.get("CONCESSION_GIS_SAMPLE_DATA"),
        (frozen := getattr(sys, "_MEIPASS", None)) and Path(frozen) / "sample_data",
        Path(__file__).resolve().parents[2] / "sample_data",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / FILES["concessions"]).exists():
            return Path(candidate)
    raise InputError(key="error.sample_data_missing")


def bundled_inputs():
    """:class:`~concession_gis.pipeline.Inputs` for the bundled demo."""
    from concession_gis.model import Inputs

    folder = sample_dir()
    return Inputs(
        concessions=[str(folder / FILES["concessions"])],
        registrations=[str(folder / FILES["registrations"])],
        loss_rasters=[f"{folder / FILES['loss_raster']}:lossyear"],
        forest=[f"{folder / FILES['forest']}:treecover"],
        restricted=[str(folder / FILES["restricted"])],
        activity=str(folder / FILES["activity"]),
        holders=str(folder / FILES["holders"]),
        contracts=str(folder / FILES["contracts"]),
    )


def write_sample(scale: str, out_dir: Path, seed: int = 0, feedback: Feedback | None = None) -> dict[str, list[Path]]:
    """Write sample inputs of ``scale`` (demo, region or national) into ``out_dir``, and the
    cadastre and REINFO export of a second snapshot into ``out_dir/later`` (sample/later.py)."""
    from concession_gis.sample.later import LATER_DIR, write_later

    out_dir = Path(out_dir)
    if scale == "demo":
        written = write_demo(out_dir)
        encoding = "cp1252"
    else:
        from concession_gis.sample.synthetic import SCALES, write_synthetic

        written = write_synthetic(scale, out_dir, seed=seed, feedback=feedback)
        encoding = SCALES[scale].registrations_encoding
    later = write_later(written["concessions"], written["registrations"][0], encoding, out_dir / LATER_DIR, seed)
    written.update({f"later_{kind}": paths for kind, paths in later.items()})
    return written
