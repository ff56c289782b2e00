"""Shared fixtures: the default parameters and the published data in ../shared (CI has it)."""

from pathlib import Path

import pytest

import darkflav

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def params():
    return darkflav.Parameters.default()


@pytest.fixture(scope="session")
def shared_data():
    """Path of ../shared/data; tests that use it skip in a user's clone without it."""
    if not SHARED.is_dir():
        pytest.skip(f"published data folder {SHARED} absent (present in CI, beside the repository)")
    return SHARED
