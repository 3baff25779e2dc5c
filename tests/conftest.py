"""Shared fixtures: the demo inputs written fresh, and the demo analysed once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CONCESSION_GIS_LOG_DIR", str(Path(__file__).parent / ".logs"))

# Ages in the demo are measured to this date so the expected outcomes never drift with the clock.
REFERENCE_DATE = "2025-06-30"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    from concession_gis.sample.demo import write_demo

    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder)
    return folder


def demo_inputs(folder: Path, **changes):
    from concession_gis.model import Inputs
    from concession_gis.sample.demo import FILES

    inputs = Inputs(
        concessions=[str(folder / FILES["concessions"])],
        registrations=[str(folder / FILES["registrations"])],
        restricted=[str(folder / FILES["restricted"])],
        activity=str(folder / FILES["activity"]),
        holders=str(folder / FILES["holders"]),
        contracts=str(folder / FILES["contracts"]),
        rule_overrides={"reference_date": REFERENCE_DATE},
    )
    for name, value in changes.items():
        setattr(inputs, name, value)
    return inputs


@pytest.fixture(scope="session")
def demo_results(demo_dir):
    from concession_gis.pipeline import analyze

    return analyze(demo_inputs(demo_dir), lang="en")
