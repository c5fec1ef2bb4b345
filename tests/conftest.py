from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = ROOT / "seeds" / "000_0d9055629094b0d0.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
