"""Shared fixtures: the default parameters and the published data in ../shared (CI has it)."""

import os
import tempfile
from pathlib import Path

import pytest

import darkflav

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
# derived tables (the fast profile of the published likelihoods) are built afresh in each test session
os.environ.setdefault("DARKFLAV_CACHE", tempfile.mkdtemp(prefix="darkflav-cache-"))


@pytest.fixture(scope="session")
def params():
    return darkflav.Parameters.default()


@pytest.fixture(scope="session")
def shared_data():
    """Path of ../shared/data; tests that use it skip in a user's clone without it."""
    if not SHARED.is_dir():
        pytest.skip(f"published data folder {SHARED} absent (present in CI, beside the repository)")
    return SHARED


@pytest.fixture(scope="session")
def report_run(tmp_path_factory):
    """`darkflav report` run once through the command line (the longest job of the suite), with the progress
    messages it reports: (output folder, click Result, messages)."""
    from typer.testing import CliRunner

    from darkflav.cli import app
    from darkflav.cli import report as command

    out = tmp_path_factory.mktemp("report") / "report"
    messages, real = [], command.run_report

    def recording(*args, progress, **kwargs):
        def both(message):
            messages.append(message)
            progress(message)

        return real(*args, progress=both, **kwargs)

    command.run_report = recording
    try:
        result = CliRunner().invoke(app, ["report", "--out", str(out), "--samples", "40"])
    finally:
        command.run_report = real
    return out, result, messages
