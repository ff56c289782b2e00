"""`--json` on the commands that print numbers (besides those of tests/test_cli.py): stdout is one JSON object or list
holding the numbers of the tables the command prints otherwise. The slow computations behind `report`, `plot
vlq-plane` and `plot global-plane` are replaced by small stand-ins here: what is tested is the output, and the
computations have tests of their own (test_cli.py, test_collider_vlq.py, test_plots.py)."""

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import darkflav
from darkflav.cli import app
from darkflav.plots.global_plane import GlobalPlane


def run_json(*args: str):
    """`darkflav args… --json`: its stdout parsed as JSON (exit code 0 checked)."""
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_parameters_json():
    data = {p["name"]: p for p in run_json("list", "parameters")}
    entry = darkflav.Parameters.default().entry("V_cb")
    assert data["V_cb"]["value"] == entry.value and data["V_cb"]["uncertainty"] == entry.uncertainty
    assert data["V_cb"]["unit"] == entry.unit and data["V_cb"]["source"] == entry.source
    assert len(data) == len(darkflav.Parameters.default())


def test_list_observables_json():
    data = {o["name"]: o for o in run_json("list", "observables")}
    assert data["dBR/dq2(B+->K+ nu nu)"]["arguments"] == ["q2"]
    assert data["R_K(nu nu)"]["sector"] == "sb" and "NeutrinoWET" in data["R_K(nu nu)"]["reads"]


def test_scan_and_scan_status_json(tmp_path):
    out = tmp_path / "kw"
    data = run_json("scan", "examples/kaon_window.yaml", "--out", str(out))
    assert data == {"name": "K -> pi phi phi window", "folder": str(out), "n_points": 6000, "n_chunks": 6,
                    "chunk_size": 1000}
    status = run_json("scan", "status", str(out))
    assert status["chunks_done"] == status["n_chunks"] == 6 and status["points_done"] == 6000
    assert status["complete"] is True and status["rejected"] == {}


def test_report_json(monkeypatch, tmp_path):
    result = {"sm": {"BR(B+->K+ nu nu)": {"value": 4.4e-6, "uncertainty": 3e-7}}, "benchmarks": {}, "sections": {}}
    monkeypatch.setattr("darkflav.cli.report.run_report", lambda out, **kwargs: result)
    assert run_json("report", "--out", str(tmp_path / "r")) == result


def test_plot_vlq_plane_json(monkeypatch, tmp_path):
    monkeypatch.setattr("darkflav.cli.plot.yukawa_bound",
                        lambda m, n_points, luminosity=None: np.inf if luminosity else m / 2000.0)
    out = tmp_path / "vlq.png"
    data = run_json("plot", "vlq-plane", "--mass", "1000", "--mass", "3000", "--n-points", "10", "--out", str(out))
    assert data["m_Q"] == [1000.0, 3000.0] and data["y_bound_95"]["ATLAS 139/fb"] == [0.5, 1.5]
    hl = [v for k, v in data["y_bound_95"].items() if k.startswith("HL-LHC")]
    assert hl == [[None, None]]  # allowed up to the perturbative limit
    assert data["perturbative_limit"] == pytest.approx(np.sqrt(4 * np.pi))
    assert data["plot"] == str(out.resolve()) and out.stat().st_size > 0


def test_plot_global_plane_json(monkeypatch, tmp_path):
    masses, scales = np.linspace(0.1, 2.0, 3), np.geomspace(0.1, 10.0, 4)
    total = np.arange(12.0).reshape(3, 4)[::-1]
    plane = GlobalPlane(masses, scales, {"relic density": total, "CMB": 0.5 * total[::-1]}, total)
    monkeypatch.setattr("darkflav.cli.plot.global_plane", lambda *args: plane)
    dark = tmp_path / "dark.yaml"
    dark.write_text(yaml.safe_dump({"species": "real scalar", "mass": 1.0, "coefficients": {"CS_ss": 1e-4}}))
    out = tmp_path / "g.png"
    data = run_json("plot", "global-plane", "--dark", str(dark), "--points", "3", "--out", str(out))
    assert data["best"] == {"mass": 2.0, "scale": 0.1, "minus_two_log_l": 0.0}
    assert data["delta_minus_two_log_l_at_best"] == plane.at_best() and data["plot"] == str(out.resolve())
