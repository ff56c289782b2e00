"""The one theory reader (darkflav.theories.read_theory): every schema, shorthand and list, the same objects as
built directly, and every failure as one line naming the file — through the API and through the commands."""

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import darkflav
from darkflav import DarkEFT, DarkflavError, InvisibleBoson, NeutrinoWET
from darkflav.cli import app
from darkflav.cli import model as model_command
from darkflav.cli import monojet as monojet_command
from darkflav.models import S12Tilde, VectorLikeQuarks, Zprime
from darkflav.theories import read_theory

VLQ = {"m_Q": 3000.0, "m_D": 3000.0, "m_phi": 1.0, "y_q": [0.0, 1.0, 0.2], "y_d": [0.0, 1.0, 0.2]}
WCXF = {"eft": "WET", "basis": "flavio", "scale": 91.1876,
        "values": {"CR_bsnutaunutau": {"Re": -15.4, "Im": 0}, "CL_sdnutaunutau": {"Re": 2.0, "Im": 0.5}}}


def write(path, data):
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data))
    return path


def same(observable, theory, direct):
    assert float(darkflav.predict(observable, theory)) == pytest.approx(float(darkflav.predict(observable, direct)),
                                                                          rel=1e-12)


def test_each_type(tmp_path):
    dark = read_theory(write(tmp_path / "d.yaml", {"type": "DarkEFT", "species": "real scalar", "mass": 1.0,
                                                   "coefficients": {"CS_sb": 8e-8, "CP_sb": {"Re": 0, "Im": 2e-8}}}))
    assert isinstance(dark, DarkEFT) and dark.coefficients("sb")["CP"] == 2e-8j
    same("BR(B+->K+ XX)", dark, DarkEFT("real scalar", 1.0, {"CS_sb": 8e-8, "CP_sb": 2e-8j}))
    nunu = read_theory({"type": "NeutrinoWET", "C_R": {"tautau": -15.4}, "C_L": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
                        "sector": "sd"})
    assert isinstance(nunu, NeutrinoWET) and nunu.sector == "sd"
    same("BR(K+->pi+ nu nu)", nunu, NeutrinoWET(C_R={"tautau": -15.4}, C_L={"mumu": 1}, sector="sd"))
    boson = read_theory({"type": "InvisibleBoson", "spin": 0, "mass": 2.1, "couplings": {"gS_sb": 1e-8}})
    assert isinstance(boson, InvisibleBoson)
    same("BR(B+->K+ X)", boson, InvisibleBoson(0, 2.1, {"gS_sb": 1e-8}))
    lq = read_theory({"type": "model", "model": "S1/2~",
                      "parameters": {"mass": 1500, "couplings": {"btau": 0.8, "stau": {"Re": -0.14, "Im": 0.01}}}})
    assert isinstance(lq, S12Tilde)
    same("R_K(nu nu)", lq, S12Tilde.from_mapping({"mass": 1500, "couplings": {"btau": 0.8, "stau": -0.14 + 0.01j}}))


def test_shorthands(tmp_path):
    vlq = read_theory(write(tmp_path / "vlq.yaml", {"model": "VLQ", **VLQ}))  # the README's vlq.yaml
    assert isinstance(vlq, VectorLikeQuarks)
    same("BR(B+->K+ inv)", vlq, VectorLikeQuarks(3000.0, 3000.0, 1.0, [0, 1, 0.2], [0, 1, 0.2]))
    bare = read_theory(write(tmp_path / "bare.yaml", VLQ), model="VLQ")  # `monojet --model` without `model:`
    assert isinstance(bare, VectorLikeQuarks) and bare.m_Q == 3000.0
    assert isinstance(read_theory({"species": "Dirac fermion", "mass": 0.3, "coefficients": {"CVV_sb": 1e-7}}),
                      DarkEFT)
    boson = read_theory({"boson": {"spin": 1, "mass": 2.1, "couplings": {"gV_sb": 1e-9}}})
    assert isinstance(boson, InvisibleBoson) and boson.spin == 1
    wc = write(tmp_path / "wc.yaml", WCXF)
    sb = read_theory(wc)
    assert isinstance(sb, NeutrinoWET) and sb.sector == "sb"
    same("R_K(nu nu)", sb, NeutrinoWET.from_wcxf(WCXF, sector="sb"))
    both = read_theory(wc, sectors=("sb", "sd"))
    assert [t.sector for t in both] == ["sb", "sd"]
    same("BR(K+->pi+ nu nu)", both[1], NeutrinoWET.from_wcxf(WCXF, sector="sd"))
    assert read_theory(wc, sectors="sd").sector == "sd"


def test_a_list_of_theories_is_summed_by_predict(tmp_path):
    path = write(tmp_path / "list.yaml", [{"type": "NeutrinoWET", "C_R": {"tautau": -15.4}},
                                          {"species": "real scalar", "mass": 1.0, "coefficients": {"CS_sb": 8e-8}},
                                          WCXF])
    theories = read_theory(path, sectors=("sb", "sd"))
    assert [type(t).__name__ for t in theories] == ["NeutrinoWET", "DarkEFT", "NeutrinoWET", "NeutrinoWET"]
    pair = theories[:2]
    total = float(darkflav.predict("BR(B+->K+ inv)", pair))
    parts = float(darkflav.predict("BR(B+->K+ nu nu)", pair[0])) + float(darkflav.predict("BR(B+->K+ XX)", pair[1]))
    assert total == pytest.approx(parts, rel=1e-12)


def test_parameters_are_merged_into_a_model(tmp_path):
    path = write(tmp_path / "lq.yaml", {"model": "S1/2~", "mass": 1500, "couplings": {"btau": 0.8, "stau": -0.14}})
    lq = read_theory(path, parameters={"couplings": {"btau": 0.5}})
    same("R_K(nu nu)", lq, S12Tilde.from_mapping({"mass": 1500, "couplings": {"btau": 0.5, "stau": -0.14}}))
    z = read_theory({"model": "Zprime"}, parameters={"mass": 1000.0, "g_sb_L": 5e-3, "g_nu_R": {"tautau": 3.0}})
    assert isinstance(z, Zprime)


@pytest.mark.parametrize("content, message", [
    (None, r"theory file '.*nothere.yaml' does not exist"),
    ("species: real scalar\nmass: [1.0\n", r"theory file '.*' is not valid YAML: .*\(line 3, column 1\)"),
    ("", r"theory file '.*' is empty"),
    ("just a word\n", r"theory file '.*' holds a YAML str, not a mapping or a list"),
    (b"\xff\xfe\x00", r"cannot read the theory file '.*': it is not a UTF-8 text file"),
    ({"type": "DarkEFFT"}, r"theory file '.*': unknown theory type 'DarkEFFT'. Did you mean 'DarkEFT'"),
    ({"model": "Zp", "mass": 1}, r"theory file '.*': unknown model 'Zp'. Did you mean 'Zprime'"),
    ({"species": "real scalr", "mass": 1, "coefficients": {}}, r"': unknown invisible species 'real scalr'"),
    ({"species": "real scalar", "coefficients": {}}, r"': type DarkEFT needs 'mass'"),
    ({"type": "InvisibleBoson", "spin": 0, "mass": 1}, r"': type InvisibleBoson needs 'couplings'"),
    ({"type": "NeutrinoWET", "C_R": {"tautau": 1}, "setcor": "sd"}, r"': unknown key 'setcor' of type NeutrinoWET"),
    ({"mass": 1.0}, r"': not a theory: give 'type'"),
    ({"eft": "WET", "values": {}}, r"': WCxf data lacks the keys"),
    ([{"type": "DarkEFT"}], r"': theory 1 of the list: type DarkEFT needs"),
    ([3], r"': item 1 of the list of theories is not a mapping"),
    ({"species": "real scalar", "mass": 1, "coefficients": 5}, r"': coefficients must be a mapping"),
])
def test_every_failure_is_one_line_naming_the_file(content, message, tmp_path):
    path = tmp_path / ("nothere.yaml" if content is None else "theory.yaml")
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        write(path, content)
    with pytest.raises(DarkflavError, match=message) as error:
        read_theory(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    result = CliRunner().invoke(app, ["predict", "BR(B+->K+ inv)", "--dark", str(path), "--no-uncertainty"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error: ") and str(error.value)[:40] in result.output


def test_mapping_errors_name_the_problem():
    with pytest.raises(DarkflavError, match="unknown theory type 'model2'"):
        read_theory({"type": "model2"})
    with pytest.raises(DarkflavError, match="parameters can be set on a UV model, not on a DarkEFT"):
        read_theory({"species": "real scalar", "mass": 1, "coefficients": {}}, parameters={"mass": 2})
    with pytest.raises(DarkflavError, match="an empty list of theories"):
        read_theory([])
    with pytest.raises(DarkflavError, match="do not broadcast"):
        read_theory({"model": "VLQ", **VLQ, "y_q": [[0, 1], 0.2, [1, 2, 3]]})


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_model_command_reads_every_model_file_and_reports_bad_ones(tmp_path):
    typed = write(tmp_path / "typed.yaml", {"type": "model", "model": "VLQ", "parameters": VLQ})
    result = run("model", "--file", str(typed), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model"] == "VLQ" and "CS_sb" in json.loads(result.stdout)["coefficients"]
    lq = write(tmp_path / "lq.yaml", {"model": "S1/2~", "mass": 1500, "couplings": {"btau": 0.8, "stau": -0.14}})
    changed = json.loads(run("model", "--file", str(lq), "--set", "couplings.btau=0.5", "--json").stdout)
    direct = S12Tilde.from_mapping({"mass": 1500, "couplings": {"btau": 0.5, "stau": -0.14}})
    assert changed["side_constraints"]["R_K(nu nu)"] == pytest.approx(float(darkflav.predict("R_K(nu nu)", direct)))
    bad = write(tmp_path / "bad.yaml", "model: VLQ\nm_Q: [3000\n")
    for args, message in ((("--file", str(bad)), f"model file '{bad}' is not valid YAML"),
                          (("--file", str(tmp_path / "no.yaml")), "does not exist"),
                          (("VLQ", "--set", "y_q=[0, 1"), "--set 'y_q=[0, 1': the value is not valid YAML"),
                          (("--file", str(write(tmp_path / "phi.yaml", {"species": "real scalar", "mass": 1,
                                                                        "coefficients": {"CS_sb": 1e-8}}))),
                           "darkflav model takes a UV model")):
        result = run("model", *args)
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output, result.output


def test_model_command_prints_every_coefficient_it_is_given(monkeypatch):
    given = {"C7^sb": 1e-3 + 2e-4j, "C8^sb": -4e-3, "DeltaF2 sb SLL1": 1e-16 + 0j}
    monkeypatch.setattr(model_command, "low_energy_coefficients", lambda model: given)
    result = run("model", "VLQ", *(f"--set={k}={v}" for k, v in VLQ.items()), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["coefficients"] == {k: [complex(v).real, complex(v).imag]
                                                         for k, v in given.items()}
    table = run("model", "VLQ", *(f"--set={k}={v}" for k, v in VLQ.items()))
    assert all(name in table.output for name in given)


def test_monojet_reads_the_readme_vlq_file(tmp_path, monkeypatch):
    """`darkflav monojet --model vlq.yaml` with the README's {model: VLQ, m_Q: 3000, …} and the bare parameters:
    the point given to the recast is the VLQ model (the recast itself is stubbed; tests/test_collider_vlq.py)."""
    points = []

    def signal(point, **options):
        points.append(point)
        raise DarkflavError("stub: the point was read")

    monkeypatch.setattr(monojet_command, "vlq_region_cross_sections", signal)
    for data in ({"model": "VLQ", **VLQ}, VLQ, {"type": "model", "model": "VLQ", "parameters": VLQ}):
        result = run("monojet", "--model", str(write(tmp_path / "vlq.yaml", data)))
        assert result.exit_code == 1 and "stub: the point was read" in result.output, result.output
    assert len(points) == 3 and all(isinstance(p, VectorLikeQuarks) and p.m_Q == 3000.0 for p in points)
    lq = write(tmp_path / "lq.yaml", {"model": "S1/2~", "mass": 1500, "couplings": {"btau": 0.8}})
    result = run("monojet", "--model", str(lq))
    assert result.exit_code == 1 and "holds the UV model S1/2~" in result.output
    result = run("monojet", "--model", str(write(tmp_path / "bad.yaml", "m_Q: 3000\n  m_D: 1\n")))
    assert result.exit_code == 1 and "VLQ model file" in result.output and "not valid YAML" in result.output


def test_commands_take_any_theory_file(tmp_path):
    """--wc and --dark read every schema: a NeutrinoWET with `type:` and a list through predict and constrain."""
    nunu = write(tmp_path / "nunu.yaml", {"type": "NeutrinoWET", "C_R": {"tautau": -15.4}})
    result = json.loads(run("predict", "R_K(nu nu)", "--wc", str(nunu), "--no-uncertainty", "--json").stdout)
    assert result["value"] == pytest.approx(float(darkflav.predict("R_K(nu nu)", NeutrinoWET(C_R={"tautau": -15.4}))))
    listed = write(tmp_path / "list.yaml", [{"type": "NeutrinoWET", "C_R": {"tautau": -15.4}},
                                            {"species": "real scalar", "mass": 1.0, "coefficients": {"CS_sb": 8e-8}}])
    result = run("constrain", "--dark", str(listed), "--json")
    assert result.exit_code == 0, result.output
    theory = [NeutrinoWET(C_R={"tautau": -15.4}), DarkEFT("real scalar", 1.0, {"CS_sb": 8e-8})]
    expected = darkflav.experiments.Likelihood("seeds Belle II").minus_two_log_l(theory)
    assert json.loads(result.stdout)["minus_two_log_l"] == pytest.approx(float(expected), rel=1e-12)
    scan = write(tmp_path / "scan.yaml", {"type": "DarkEFT", "species": "real scalar", "mass": [0.5, 1.0],
                                          "coefficients": {"CS_sb": 8e-8}})
    result = run("constrain", "--dark", str(scan))
    assert result.exit_code == 1 and "constrain needs one point" in result.output
    assert np.shape(read_theory(scan).mass) == (2,)


@pytest.mark.parametrize("call, message", [
    (lambda: darkflav.DarkEFT("real scalar", np.array([1.0 + 1j, 2.0]), {"CS_sb": 1e-8}), "mass must be real"),
    (lambda: darkflav.predict("BR(B+->K+ inv)", [1, "x"]), "got int"),
    (lambda: darkflav.predict("BR(B+->K+ inv)", [[[darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8})]]]),
     "got list"),
    (lambda: darkflav.uncertainty("BR(B+->K+ nu nu)", None, n_samples=10**8), r"n_samples must be a whole number"),
    (lambda: darkflav.uncertainty("BR(B+->K+ nu nu)", None, n_samples=1), r"n_samples must be a whole number"),
    (lambda: darkflav.uncertainty("BR(B+->K+ nu nu)", None, n_samples=2.5), r"n_samples must be a whole number"),
    (lambda: darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 1e160}), "accepted"),
    (lambda: darkflav.InvisibleBoson(0, 1.0, {"gS_sb": 1e200}), "accepted"),
])
def test_junk_at_the_api_is_a_darkflav_error_never_the_sm_or_nan(call, message):
    with pytest.raises(DarkflavError, match=message):
        call()


def test_a_list_of_one_theory_is_that_theory():
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8})
    expected = darkflav.predict("BR(B+->K+ inv)", theory)
    assert darkflav.predict("BR(B+->K+ inv)", [theory]) == darkflav.predict("BR(B+->K+ inv)", [[theory]]) == expected
    huge = darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 1e100})
    assert np.isfinite(darkflav.predict("BR(B+->K+ XX)", huge))


def test_a_branching_ratio_above_one_is_flagged(tmp_path):
    huge = darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 1e-3})
    with pytest.warns(darkflav.UnphysicalWarning, match=r"BR\(B\+->K\+ XX\) > 1 at 1 of 1 points"):
        assert darkflav.predict("BR(B+->K+ XX)", huge) > 1
    spec = tmp_path / "huge.yaml"
    spec.write_text("species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: 1.0e-3}\n")
    result = CliRunner().invoke(app, ["predict", "BR(B+->K+ XX)", "--dark", str(spec), "--no-uncertainty"])
    assert result.exit_code == 0 and "warning: BR(B+->K+ XX) > 1" in result.output


def test_neutrino_and_model_couplings_have_the_same_bound():
    with pytest.raises(DarkflavError, match="accepted"):
        NeutrinoWET(C_L={"tautau": 1e160})
    with pytest.raises(DarkflavError, match="accepted"):
        NeutrinoWET(C_R=np.full((3, 3), 1e120))
    assert np.isfinite(darkflav.predict("BR(B+->K+ nu nu)", NeutrinoWET(C_L={"tautau": 1e100})))
