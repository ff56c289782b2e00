"""The `darkflav` command line: predict, list, report, and its error messages."""

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import darkflav
from darkflav.cli import app
from darkflav.experiments import Likelihood

runner = CliRunner()


def invoke(*args: str):
    """Run `darkflav args…` and return the click Result."""
    return runner.invoke(app, list(args))


def test_predict_sm_json():
    result = invoke("predict", "BR(B+->K+ nu nu)", "--samples", "50", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["observable"] == "BR(B+->K+ nu nu)" and data["wc_file"] is None
    assert 3e-6 < data["value"] < 7e-6
    assert 0 < data["uncertainty"] < data["value"]


def test_predict_with_wcxf_file(tmp_path):
    wc_file = tmp_path / "wc.yaml"
    wc_file.write_text(yaml.safe_dump({"eft": "WET", "basis": "flavio", "scale": 91.1876,
                                       "values": {"CR_bsnutaunutau": {"Re": -15.4, "Im": 0}}}))
    result = invoke("predict", "R_K(nu nu)", "--wc", str(wc_file), "--no-uncertainty", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["value"] == pytest.approx(4.6, rel=0.01)
    assert data["uncertainty"] is None and data["wc_file"] == str(wc_file)


def test_predict_spectrum_at_q2_has_a_scalar_uncertainty():
    result = invoke("predict", "dBR/dq2(B+->K+ nu nu)", "--q2", "3", "--samples", "50", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["value"] == pytest.approx(darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2=3.0))
    assert 0 < data["uncertainty"] < data["value"]


def test_unknown_observable_is_a_one_line_error():
    result = invoke("predict", "BR(B+->K nu nu)")
    assert result.exit_code == 1
    assert "error:" in result.output and "Did you mean" in result.output
    assert "Traceback" not in result.output


def test_list_observables_and_parameters():
    observables = invoke("list", "observables")
    assert observables.exit_code == 0, observables.output
    assert "R_K*(nu nu)" in observables.output
    parameters = invoke("list", "parameters")
    assert parameters.exit_code == 0, parameters.output
    assert "m_B+" in parameters.output


def test_report_writes_all_files(report_run):
    out, result, _ = report_run
    assert result.exit_code == 0, result.output
    for name in ("predictions.json", "predictions.csv", "summary.md"):
        assert (out / name).is_file(), name
    assert (out / "spectrum_BK_nunu.png").stat().st_size > 0
    data = json.loads((out / "predictions.json").read_text())
    expected = float(darkflav.predict("BR(B+->K+ nu nu)"))
    assert data["sm"]["BR(B+->K+ nu nu)"]["value"] == pytest.approx(expected, rel=1e-12)
    assert set(data["benchmarks"]) == set(darkflav.eft.benchmark_points())
    assert "spectrum_BK_nunu.png" in (out / "summary.md").read_text()
    page = (out / "index.html").read_text()
    for plot in ("kaon_window.png", "rk_plane.png", "spectra_normalised_BK.png", "spectrum_BK_nunu.png"):
        assert (out / plot).stat().st_size > 0 and f'src="{plot}"' in page, plot
    assert data["likelihood"]["SM"]["delta_minus_two_log_l"] == 0
    seed = data["sections"]["dark_matter"]["data"]["seed 1 GeV (C^sb + C^ss)"]
    assert seed["Omega_h2"] == pytest.approx(0.120, rel=1e-3) and seed["limit_ratios"]["PandaX-4T Migdal"] > 1
    vlq = data["sections"]["uv_models"]["data"]["VLQ benchmark"]
    assert 1e-5 < vlq["observables"]["BR(B+->K+ inv)"] < 4e-5  # the slides' benchmark fills the Belle II window
    for plot in ("relic_coupling.png", "dd_plane.png", "leptoquark_S12tilde.png", "monojet_eft_vs_uv.png",
                 "vlq_plane.png"):
        assert (out / plot).stat().st_size > 0 and f'src="{plot}"' in page, plot
    seeds = data["sections"]["global"]["data"]["seeds' direction (C^sb + C^ss)"]
    # nothing on this plane is allowed: the relic factor is excluded by direct detection and the CMB
    assert seeds["binding"] in ("direct detection", "relic density", "CMB") and seeds["minus_two_log_l"] > 100
    assert (out / "global_plane_0.png").stat().st_size > 0 and 'src="global_plane_0.png"' in page
    lhc = data["sections"]["vlq_lhc"]["data"]
    assert lhc["vlq_benchmark"]["uv_over_contact"][0] == pytest.approx(1, abs=0.15)  # heavy mediators: EFT valid
    assert lhc["vlq_benchmark"]["uv_over_contact"][12] > 10  # and not at high E_T^miss
    plane = lhc["vlq_plane"]  # the bound on y grows with m_Q and is tighter at the HL-LHC
    assert np.all(np.diff(plane["ATLAS 139/fb"]) > 0)
    assert np.all(np.asarray(plane["HL-LHC 3000/fb (expected)"]) <= np.asarray(plane["ATLAS 139/fb"]))


def test_report_sections_from_worker_processes_equal_those_computed_here(report_run, tmp_path):
    """The command ran the sections beyond rare decays in worker processes (one per processor); computed in this
    process, the UV-model section's numbers are the same."""
    from darkflav.parameters import Parameters
    from darkflav.report import settings
    from darkflav.report.sections import uv_models

    out, _, _ = report_run
    data = json.loads((out / "predictions.json").read_text())["sections"]["uv_models"]["data"]
    here = uv_models(settings()["uv_models"], tmp_path, Parameters.default()).data
    assert json.loads(json.dumps(here)) == data


def test_report_rejects_a_negative_number_of_workers(tmp_path):
    from darkflav.report import run_report

    with pytest.raises(darkflav.DarkflavError, match="workers must be 0"):
        run_report(tmp_path, workers=-1)
    result = invoke("report", "--out", str(tmp_path), "--workers", "-1")
    assert result.exit_code != 0 and "workers must be 0" in result.output


def test_predict_with_a_dark_theory_file(tmp_path):
    spec = tmp_path / "phi.yaml"
    spec.write_text("species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: 8.0e-8}\n")
    result = invoke("predict", "BR(B+->K+ XX)", "--dark", str(spec), "--json", "--samples", "20")
    assert result.exit_code == 0, result.output
    value = json.loads(result.output)["value"]
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 8e-8})
    assert value == pytest.approx(float(darkflav.predict("BR(B+->K+ XX)", theory)), rel=1e-12)
    both = invoke("predict", "BR(B+->K+ inv)", "--dark", str(spec), "--json", "--no-uncertainty")
    total = json.loads(both.output)["value"]
    assert total == pytest.approx(value + float(darkflav.predict("BR(B+->K+ nu nu)")), rel=1e-12)
    boson = tmp_path / "x.yaml"
    boson.write_text("boson: {spin: 1, mass: 2.1, couplings: {gV_sb: 1.0e-9}}\n")
    assert invoke("predict", "BR(B+->K+ X)", "--dark", str(boson), "--json").exit_code == 0
    wrong = invoke("predict", "BR(B+->K+ nu nu)", "--dark", str(spec))
    assert wrong.exit_code == 1 and "'inv' or 'XX'" in wrong.output


def test_list_measurements():
    result = invoke("list", "measurements", "--wide")  # names on one line
    assert result.exit_code == 0, result.output
    assert "NA62 2016-2022 K+->pi+nunu" in result.output and "seeds R_K Belle II" in result.output


def test_constrain_a_dark_point_against_a_preset(tmp_path):
    spec = tmp_path / "phi.yaml"
    spec.write_text("species: real scalar\nmass: 0.6\ncoefficients: {CS_sb: 1.2e-7}\n")
    result = invoke("constrain", "--preset", "seeds Belle II", "--dark", str(spec), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    lh = Likelihood("seeds Belle II")
    theory = darkflav.DarkEFT("real scalar", 0.6, {"CS_sb": 1.2e-7})
    assert data["minus_two_log_l"] == pytest.approx(float(lh.minus_two_log_l(theory)), rel=1e-12)
    assert data["sm_minus_two_log_l"] == pytest.approx(float(lh.minus_two_log_l(None)), rel=1e-12)
    delta = data["minus_two_log_l"] - data["sm_minus_two_log_l"]
    assert data["delta_minus_two_log_l"] == pytest.approx(delta)
    assert data["delta_minus_two_log_l"] < -5  # the pairs fill Belle II's excess (published likelihood)
    assert set(data["measurements"]) == {m.name for m in lh.measurements}
    table = invoke("constrain", "--dark", str(spec))
    assert table.exit_code == 0 and "relative to the SM" in table.output


def test_constrain_with_wcxf_measurements_and_errors(tmp_path):
    wc_file = tmp_path / "wc.yaml"
    wc_file.write_text(yaml.safe_dump({"eft": "WET", "basis": "flavio", "scale": 91.1876,
                                       "values": {"CR_bsnutaunutau": {"Re": -15.4, "Im": 0}}}))
    result = invoke("constrain", "--measurement", "seeds R_K Belle II", "--measurement",
                    "NA62 2016-2022 K+->pi+nunu", "--wc", str(wc_file), "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["measurements"]
    assert rows["seeds R_K Belle II"]["prediction"] == pytest.approx(4.6, rel=0.01)  # b → s from the file
    assert rows["NA62 2016-2022 K+->pi+nunu"]["prediction"] == pytest.approx(
        rows["NA62 2016-2022 K+->pi+nunu"]["sm_prediction"])  # no s → d coefficients: the SM
    both = invoke("constrain", "--preset", "seeds Belle II", "--measurement", "seeds R_K Belle II")
    assert both.exit_code == 1 and "not both" in both.output
    unknown = invoke("constrain", "--preset", "seeds Belle")
    assert unknown.exit_code == 1 and "Did you mean" in unknown.output and "Traceback" not in unknown.output


def test_plot_commands(tmp_path):
    for args, name in ((("kaon-window",), "k.png"), (("rk-plane",), "rk.png"),
                       (("coupling", "--species", "real scalar", "--operator", "CS_sb"), "c.png")):
        result = invoke("plot", *args, "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0, name
    wrong = invoke("plot", "coupling", "--species", "real scalar", "--operator", "CV_sb",
                   "--out", str(tmp_path / "no.png"))
    assert wrong.exit_code == 1 and "not allowed for a real scalar" in wrong.output


def test_model_command_matches_a_leptoquark_and_reads_files(tmp_path):
    from darkflav.models import S12Tilde

    result = invoke("model", "S1/2~", "--set", "mass=1500", "--set", "couplings.btau=0.8",
                    "--set", "couplings.stau=-0.3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    direct = S12Tilde.from_mapping({"mass": 1500, "couplings": {"btau": 0.8, "stau": -0.3}})
    c_r = direct.match().neutrino.coefficient("C_R")[2, 2]
    assert data["coefficients"]["C_R^tautau"] == pytest.approx([c_r.real, c_r.imag])
    assert data["side_constraints"]["R_K(nu nu)"] == pytest.approx(float(darkflav.predict("R_K(nu nu)", direct)))
    path = tmp_path / "vlq.yaml"
    path.write_text(yaml.safe_dump({"model": "VLQ", "m_Q": 3000.0, "m_D": 3000.0, "m_phi": 1.0,
                                    "y_q": [0.0, 1.0, 0.2], "y_d": [0.0, 1.0, 0.2]}))
    result = invoke("model", "--file", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert "CS_sb" in json.loads(result.stdout)["coefficients"]


def test_model_command_errors():
    result = invoke("model", "Zp", "--set", "mass=1")
    assert result.exit_code == 1 and "Did you mean 'Zprime'" in result.output
    result = invoke("model", "S1", "--set", "mass")
    assert result.exit_code == 1 and "KEY=VALUE" in result.output


@pytest.mark.parametrize("name", ["Omega h^2", "p_ann", "sigma_SI(p)", "sigma(pp->phi phi j)[IM0]"])
def test_dark_matter_and_monojet_predictions_work_with_default_options(name, tmp_path):
    """Uncertainties are on by default: the dark-matter observables sample their inputs; a Monte Carlo cross
    section has no input-sampling uncertainty and says so."""
    spec = tmp_path / "phi.yaml"
    spec.write_text("species: real scalar\nmass: 1.0\ncoefficients: {CS_ss: 1.5e-7, CS_sb: 1.0e-8}\n")
    result = invoke("predict", name, "--dark", str(spec), "--samples", "30")
    assert result.exit_code == 0, result.output
    assert ("note:" in result.output) == name.startswith("sigma(pp")
    data = json.loads(invoke("predict", name, "--dark", str(spec), "--samples", "30", "--json").output)
    assert data["value"] > 0 and (data["uncertainty"] is None) == name.startswith("sigma(pp")


def test_report_refuses_symbolic_links_in_its_folder(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text("keep me")
    (out / "index.html").symlink_to(outside)
    result = invoke("report", "--out", str(out))
    assert result.exit_code == 1 and "symbolic links (index.html)" in result.output
    assert outside.read_text() == "keep me"


def test_p_ann_at_zero_mass_is_an_error_not_nan(tmp_path):
    spec = tmp_path / "phi.yaml"
    spec.write_text("species: real scalar\nmass: 0.0\ncoefficients: {CS_ss: 1.0e-7}\n")
    result = invoke("predict", "p_ann", "--dark", str(spec), "--no-uncertainty")
    assert result.exit_code == 1 and "must be > 0" in result.output and "nan" not in result.output


def test_exit_codes_zero_success_one_darkflav_error_two_usage():
    assert invoke("predict", "BR(B+->K+ nu nu)", "--no-uncertainty").exit_code == 0
    error = invoke("predict", "BR(B+->K+ nu nu bogus)")
    assert error.exit_code == 1 and error.output.count("error:") == 1 and "Traceback" not in error.output
    assert invoke("predict", "BR(B+->K+ nu nu)", "--no-such-option").exit_code == 2
    assert invoke("predict").exit_code == 2  # a missing argument


def test_list_measurements_fits_80_columns_and_json_has_every_field():
    result = CliRunner().invoke(app, ["list", "measurements"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    assert "Belle II 2023" in result.output and "--wide" in result.output
    data = json.loads(CliRunner().invoke(app, ["list", "measurements", "--json"]).stdout)
    assert {"name", "observable", "compare", "kind", "value", "status", "source"} <= set(data[0])
    assert len(data) == len(darkflav.experiments.measurements())
