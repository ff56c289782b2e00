"""Bad input at every door, as a careless or hostile user gives it: every command of the CLI ends in exit code 2 (usage:
unknown option, missing argument, a word where a number belongs) or 1 with one line "error: …" naming the problem,
never a traceback; the Python API raises DarkflavError. Files and figure outputs: tests/test_bad_files.py; inputs
outside their domain: tests/test_input_domains.py."""

import re

import numpy as np
import pytest
from typer.testing import CliRunner

import darkflav
from darkflav import DarkEFT, DarkflavError, InvisibleBoson, NeutrinoWET, Parameters
from darkflav.cli import app
from darkflav.experiments import Likelihood

FILES = {
    "dark.yaml": "species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: 8.0e-8}\n",
    "relic.yaml": "species: real scalar\nmass: 0.3\ncoefficients: {CS_ss: 1.0e-4}\n",
    "vlq.yaml": "model: VLQ\nm_Q: 2000\nm_D: 2000\nm_phi: 1.0\ny_q: [0, 1, 0.2]\ny_d: [0, 1, 0.2]\n",
    "scan.yaml": ("name: s\ntheory: {type: DarkEFT, species: real scalar, mass: m, coefficients: {CS_sd: C}}\n"
                  "grid:\n  m: {linear: [0.0, 0.1, 2]}\n  C: {log: [1.0e-11, 1.0e-10, 2]}\n"
                  "observables: [BR(K+->pi+ inv)]\n"),
    "a-file": "not a folder\n",
}
# scan definitions that must be refused with the named problem
HEAD = "name: s\ntheory: {type: DarkEFT, species: real scalar, mass: m, coefficients: {CS_sd: 1.0e-10}}\n"
GRID, OBS = "grid: {m: {linear: [0, 0.1, 2]}}\n", "observables: [BR(K+->pi+ inv)]\n"
SCANS = {
    "no theory": ("name: s\n" + GRID + OBS, "theory"),
    "grid and random": (HEAD + GRID + "random: {n: 2}\nparameters: {m: {uniform: [0, 1]}}\n" + OBS, "grid"),
    "unknown observable": (HEAD + GRID + "observables: [BR(nope)]\n", "unknown observable"),
    "unknown likelihood": (HEAD + GRID + OBS + "likelihoods: [nope]\n", "unknown"),
    "zero points": (HEAD + "grid: {m: {linear: [0, 1, 0]}}\n" + OBS, "positive integer"),
    "negative chunk": (HEAD + GRID + OBS + "chunk_size: -5\n", "chunk_size"),
    "log of zero": (HEAD.replace("1.0e-10", "C") + "grid: {m: {linear: [0, 0.1, 2]}, C: {log: [0, 1, 2]}}\n" + OBS,
                    "C"),
    "unused parameter": (HEAD + "grid: {m: {linear: [0, 0.1, 2]}, C: {linear: [0, 1, 2]}}\n" + OBS, "C"),
    "list as theory": ("name: s\ntheory: [1, 2]\n" + GRID + OBS, "theory"),
    "list as name": (HEAD.replace("name: s", "name: [1, 2]") + GRID + OBS, "name"),
    "unknown key": (HEAD + GRID + OBS + "extra: 1\n", "unknown key"),
    "a theory file": (FILES["dark.yaml"], "unknown key"),
}
# dark-theory files that must be refused (the --dark door of predict)
THEORIES = {
    "species a number": ("species: 5\nmass: 1.0\ncoefficients: {CS_sb: 1.0e-8}\n", "species"),
    "unknown species": ("species: axion\nmass: 1.0\ncoefficients: {CS_sb: 1.0e-8}\n", "unknown invisible species"),
    "negative mass": ("species: real scalar\nmass: -1.0\ncoefficients: {CS_sb: 1.0e-8}\n", "mass"),
    "mass a word": ("species: real scalar\nmass: heavy\ncoefficients: {CS_sb: 1.0e-8}\n", "mass"),
    "mass NaN": ("species: real scalar\nmass: .nan\ncoefficients: {CS_sb: 1.0e-8}\n", "finite"),
    "complex mass": ("species: real scalar\nmass: {Re: 1.0, Im: 1.0}\ncoefficients: {CS_sb: 1.0e-8}\n", "mass"),
    "coefficients a list": ("species: real scalar\nmass: 1.0\ncoefficients: [1, 2]\n", "coefficients"),
    "unknown operator": ("species: real scalar\nmass: 1.0\ncoefficients: {CVV_sb: 1.0}\n", "unknown operator"),
    "unknown flavour": ("species: real scalar\nmass: 1.0\ncoefficients: {CS_xy: 1.0}\n", "quark-flavour pair"),
    "Re with junk": ("species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: {Re: 1.0e-8, Foo: 1}}\n", "Foo"),
    "huge coefficient": ("species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: 1.0e+200}\n", "1e+100"),
    "coefficient a word": ("species: real scalar\nmass: 1.0\ncoefficients: {CS_sb: big}\n", "CS_sb"),
    "massless vector": ("species: real vector\nmass: 0.0\ncoefficients: {CS_sb: 1.0e-8}\n", "mass"),
    "boson spin 2": ("type: InvisibleBoson\nspin: 2\nmass: 1.0\ncouplings: {gS_sb: 1.0e-8}\n", "spin"),
    "unknown type": ("type: Axion\nmass: 1.0\n", "type"),
    "a list of junk": ("- 1\n- 2\n", "theory"),
    "a bare number": ("5\n", "theory"),
    "WCxf values a list": ("eft: WET\nbasis: flavio\nscale: 4.8\nvalues: [1, 2]\n", "values"),
}

D, R, V, S, F = "{dark.yaml}", "{relic.yaml}", "{vlq.yaml}", "{scan.yaml}", "{a-file}"
BR = "BR(B+->K+ nu nu)"
# (arguments, expected exit code, text the output must contain)
CLI = {
    "predict": [
        (["predict", BR, "--samples", "0"], 1, "n_samples must be a whole number in [2, 100000]"),
        (["predict", BR, "--samples", "1"], 1, "n_samples must be a whole number"),
        (["predict", BR, "--samples", "-5"], 1, "n_samples must be a whole number"),
        (["predict", BR, "--samples", "100000000"], 1, "n_samples must be a whole number"),
        (["predict", "dBR/dq2(B+->K+ nu nu)", "--q2", "-1"], 1, "outside the physical range"),
        (["predict", "dBR/dq2(B+->K+ nu nu)", "--q2", "nan"], 1, "finite"),
        (["predict", "dBR/dq2(B+->K+ nu nu)", "--q2", "inf"], 1, "finite"),
        (["predict", "dBR/dq2(B+->K+ nu nu)", "--q2", "100"], 1, "outside the physical range"),
        (["predict", "dBR/dq2(B+->K+ nu nu)"], 1, "q2"),
        (["predict", "<dBR/dq2>(B+->K+ nu nu)", "--q2min", "5", "--q2max", "1", "--no-uncertainty"], 1, "q2"),
        (["predict", BR, "--q2", "3"], 1, "unexpected ['q2']"),
        (["predict", ""], 1, "unknown observable ''"),
        (["predict", "BR(B+->K nu nu)"], 1, "Did you mean"),
        (["predict", BR, "--wc", "/nonexistent.yaml"], 1, "does not exist"),
        (["predict", BR, "--dark", "/nonexistent.yaml"], 1, "does not exist"),
        (["predict", BR, "--wc", D], 1, "is predicted for NeutrinoWET"),
        (["predict", "BR(B+->K+ XX)", "--dark", D, "--sector", "sd"], 1, "--sector chooses the quark sector"),
        (["predict", "BR(B+->K+ XX)", "--dark", S], 1, "not a theory"),
        (["predict", "BR(B+->K+ XX)", "--dark", F], 1, "not a mapping"),
    ],
    "constrain": [
        (["constrain", "--preset", "nope"], 1, "unknown measurement 'nope'"),
        (["constrain", "--preset", ""], 1, "unknown measurement ''"),
        (["constrain", "--measurement", "nope"], 1, "unknown measurement 'nope'"),
        (["constrain", "--profile", "medium"], 1, "profile must be one of"),
        (["constrain", "--preset", "seeds Belle II", "--measurement", "x"], 1, "not both"),
        (["constrain", "--dark", "/nonexistent"], 1, "does not exist"),
        (["constrain", "--wc", "/nonexistent"], 1, "does not exist"),
        (["constrain", "--dark", S], 1, "not a theory"),
    ],
    "fit": [
        (["fit", "--theory", D, "--vary", "nope"], 1, "unknown parameter of this DarkEFT 'nope'"),
        (["fit", "--theory", D, "--vary", ""], 1, "unknown parameter"),
        (["fit", "--theory", D, "--vary", "mass", "--vary", "mass"], 1, "distinct parameters"),
        (["fit", "--theory", D, "--vary", "CS_sd"], 1, "starts at zero"),
        (["fit", "--theory", D, "--vary", "CS_sb", "--profile", "x"], 1, "profile must be one of"),
        (["fit", "--theory", D, "--vary", "CS_sb", "--preset", "nope"], 1, "unknown measurement"),
        (["fit", "--theory", "/nonexistent", "--vary", "CS_sb"], 1, "does not exist"),
        (["fit", "--theory", S, "--vary", "CS_sb"], 1, "not a theory"),
        (["fit", "--theory", D], 1, "give a fit file"),
        (["fit"], 1, "give a fit file"),
        (["fit", D], 1, "unknown key 'species'"),
        (["fit", "/nonexistent.yaml"], 1, "does not exist"),
        (["fit", S, "--out", F], 1, "unknown key"),
    ],
    "scan": [
        (["scan", "status", "/nonexistent"], 1, "not a darkflav scan folder"),
        (["scan", "status", F], 1, "not a darkflav scan folder"),
        (["scan", "status"], 1, "needs the scan folder"),
        (["scan", "/nonexistent.yaml", "--out", "{tmp}/o"], 1, "does not exist"),
        (["scan", S], 1, "--out"),
        (["scan", S, "--out", F], 1, "it is not a folder"),
        (["scan", S, "--out", "{a-link}"], 1, "it is a symbolic link"),
        (["scan", S, "--out", "/proc/darkflav-scan"], 1, "cannot create the scan folder"),
        (["scan", S, "--out", "{tmp}/o", "--workers", "-1"], 1, "workers must be a whole number in [1, 256]"),
        (["scan", S, "--out", "{tmp}/o", "--workers", "0"], 1, "workers must be a whole number in [1, 256]"),
        (["scan", S, "--out", "{tmp}/o", "--workers", "100000"], 1, "workers must be a whole number in [1, 256]"),
        (["scan", S, "--out", "{tmp}/o", "--dask", "nonsense"], 1, "nonsense"),
        (["scan", D, "--out", "{tmp}/o"], 1, "unknown key"),
    ],
    "relic": [
        (["relic", "--dark", "/nonexistent"], 1, "does not exist"),
        (["relic", "--dark", S], 1, "not a theory"),
        (["relic", "--dark", V], 1, "DarkEFT"),
        (["relic", "--dark", D], 1, "no coupling of this form gives the relic density"),
    ],
    "dd": [
        (["dd"], 1, "needs --dark FILE, or --mass"),
        (["dd", "--mass", "1"], 1, "needs --dark FILE, or --mass"),
        (["dd", "--mass", "-1", "--coefficient", "CS_ss=1e-4"], 1, "mass = -1.0 GeV must be ≥ 0"),
        (["dd", "--mass", "0", "--coefficient", "CS_ss=1e-4"], 1, "must be > 0 for direct detection"),
        (["dd", "--mass", "nan", "--coefficient", "CS_ss=1e-4"], 1, "finite"),
        (["dd", "--mass", "1", "--coefficient", "CS_ss"], 1, "NAME=VALUE"),
        (["dd", "--mass", "1", "--coefficient", "CS_ss=abc"], 1, "must be numbers"),
        (["dd", "--mass", "1", "--coefficient", "CS_ss=nan"], 1, "finite"),
        (["dd", "--mass", "1", "--coefficient", "CS_ss=1e300"], 1, "1e+100"),
        (["dd", "--mass", "1", "--coefficient", "XX=1"], 1, "unknown operator"),
        (["dd", "--mass", "1", "--species", "nope", "--coefficient", "CS_ss=1"], 1, "unknown invisible species"),
        (["dd", "--mass", "1", "--species", "Dirac fermion", "--coefficient", "CVV_ss=1"], 1, "real-scalar"),
        (["dd", "--dark", D, "--mass", "1"], 1, "not both"),
        (["dd", "--dark", V], 1, "DarkEFT"),
    ],
    "monojet": [
        (["monojet"], 1, "give --pair and --mass"),
        (["monojet", "--mass", "1"], 1, "give --pair and --mass"),
        (["monojet", "--pair", "xx", "--mass", "1"], 1, "unknown quark-flavour pair"),
        (["monojet", "--pair", "sb", "--mass", "-1"], 1, "outside the allowed range"),
        (["monojet", "--pair", "sb", "--mass", "nan"], 1, "finite"),
        (["monojet", "--pair", "sb", "--mass", "1e9"], 1, "outside the allowed range"),
        (["monojet", "--pair", "sb", "--mass", "1", "--n-points", "0"], 1, "n_points must be a whole number"),
        (["monojet", "--pair", "sb", "--mass", "1", "--n-points", "10000000"], 1, "n_points must be a whole number"),
        (["monojet", "--pair", "sb", "--mass", "1", "--seed", "-1"], 1, "seed must be a whole number"),
        (["monojet", "--pair", "sb", "--mass", "1", "--method", "x"], 1, "unknown monojet limit method"),
        (["monojet", "--pair", "sb", "--mass", "1", "--luminosity", "0"], 1, "luminosity = 0 fb⁻¹ must be > 0"),
        (["monojet", "--pair", "sb", "--mass", "1", "--luminosity", "-3"], 1, "must be > 0"),
        (["monojet", "--pair", "sb", "--mass", "1", "--luminosity", "nan"], 1, "finite"),
        (["monojet", "--pair", "sb", "--mass", "1", "--etmiss-max", "-3"], 1, "no signal region lies below"),
        (["monojet", "--pair", "sb", "--mass", "1", "--etmiss-max", "nan"], 1, "finite"),
        (["monojet", "--pair", "sb", "--mass", "1", "--sqrt-shat-max", "0"], 1, "sqrt_shat_max"),
        (["monojet", "--pair", "sb", "--mass", "1", "--lhe", "{tmp}/x.lhe", "--events", "0"], 1, "n_events"),
        (["monojet", "--pair", "sb", "--mass", "1", "--mass", "2", "--lhe", "{tmp}/x.lhe"], 1, "one φ mass"),
        (["monojet", "--pair", "sb", "--mass", "1", "--lhe", "{tmp}", "--events", "5"], 1, "it is a folder"),
        (["monojet", "--pair", "sb", "--mass", "1", "--lhe", "{tmp}/no/x.lhe"], 1, "does not exist"),
        (["monojet", "--model", D], 1, "VLQ"),
        (["monojet", "--model", "/nonexistent"], 1, "does not exist"),
        (["monojet", "--model", V, "--n-points", "0"], 1, "n_points must be a whole number"),
    ],
    "model": [
        (["model"], 1, "give a model name"),
        (["model", "nope"], 1, "unknown model 'nope'"),
        (["model", "VLQ", "--set", "x"], 1, "--set expects KEY=VALUE"),
        (["model", "VLQ", "--set", "m_Q=-5"], 1, "missing"),
        (["model", "VLQ", "--set", "nope=1"], 1, "unknown ['nope']"),
        (["model", "S1", "--set", "mass=nan", "--set", "couplings.btau=1"], 1, "finite"),
        (["model", "S1", "--set", "mass=abc", "--set", "couplings.btau=1"], 1, "mass"),
        (["model", "S1", "--set", "mass=2000", "--set", "couplings.btau=1e200"], 1, "1e+100"),
        (["model", "S1", "--set", "mass=2000", "--set", "couplings.xx=1"], 1, "xx"),
        (["model", "Zprime", "--set", "mass=0"], 1, "must be > 0"),
        (["model", "VLQ", "--file", D], 1, "holds a DarkEFT"),
        (["model", "--file", "/nonexistent"], 1, "does not exist"),
    ],
    "report": [
        (["report", "--samples", "0", "--out", "{tmp}/r"], 1, "n_samples must be a whole number"),
        (["report", "--samples", "1", "--out", "{tmp}/r"], 1, "n_samples must be a whole number"),
        (["report", "--workers", "-1", "--out", "{tmp}/r"], 1, "workers must be 0"),
        (["report", "--out", F], 1, "cannot be created"),
        (["report", "--out", "/proc/darkflav-report"], 1, "cannot be created"),
    ],
    "plot": [
        (["plot", "leptoquark", "--points", "0", "--out", "{tmp}/p.png"], 1, "n_points must be a whole number"),
        (["plot", "leptoquark", "--points", "10000000", "--out", "{tmp}/p.png"], 1, "n_points must be a whole"),
        (["plot", "leptoquark", "--kind", "S9", "--out", "{tmp}/p.png"], 1, "unknown leptoquark 'S9'"),
        (["plot", "dd-plane", "--points", "0", "--out", "{tmp}/p.png"], 1, "n_points must be a whole number"),
        (["plot", "dd-plane", "--points", "1", "--out", "{tmp}/p.png"], 1, "n_points must be a whole number"),
        (["plot", "dd-plane", "--points", "100000", "--out", "{tmp}/p.png"], 1, "n_points must be a whole number"),
        (["plot", "dd-plane", "--mass", "-1", "--out", "{tmp}/p.png"], 1, "must be ≥ 0"),
        (["plot", "dd-plane", "--mass", "nan", "--out", "{tmp}/p.png"], 1, "finite"),
        (["plot", "vlq-plane", "--n-points", "0", "--out", "{tmp}/p.png"], 1, "n_points must be a whole number"),
        (["plot", "vlq-plane", "--mass", "-1", "--out", "{tmp}/p.png"], 1, "m_Q"),
        (["plot", "vlq-plane", "--mass", "nan", "--out", "{tmp}/p.png"], 1, "finite"),
        (["plot", "lq-plane", "--pair", "xx", "--out", "{tmp}/p.png"], 1, "unknown lepton flavour pair"),
        (["plot", "coupling", "--species", "x", "--operator", "CS_sb", "--out", "{tmp}/p.png"], 1, "species"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "CS_xx", "--out", "{tmp}/p.png"], 1,
         "quark-flavour pair"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "", "--out", "{tmp}/p.png"], 1, "operator"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "CS_sb", "--decay", "X",
          "--out", "{tmp}/p.png"], 1, "unknown observable"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "CS_sb", "--preset", "X",
          "--out", "{tmp}/p.png"], 1, "unknown measurement"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "CS_sb", "--couplings", "1", "0.5",
          "--out", "{tmp}/p.png"], 1, "0 < LOW < HIGH"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "CS_sb", "--couplings", "nan", "1",
          "--out", "{tmp}/p.png"], 1, "0 < LOW < HIGH"),
        (["plot", "scan", "/nonexistent", "--x", "a", "--y", "b"], 1, "not a darkflav scan folder"),
        (["plot", "belle2-bins", "--theory", "/nonexistent", "--out", "{tmp}/p.png"], 1, "does not exist"),
        (["plot", "belle2-bins", "--theory", S, "--out", "{tmp}/p.png"], 1, "not a theory"),
        (["plot", "global-plane", "--dark", D, "--points", "1", "--out", "{tmp}/p.png"], 1, "points must be"),
        (["plot", "global-plane", "--dark", D, "--masses", "2", "1", "--out", "{tmp}/p.png"], 1, "LOW < HIGH"),
        (["plot", "global-plane", "--dark", D, "--scales", "0", "1", "--out", "{tmp}/p.png"], 1, "LOW < HIGH"),
        (["plot", "global-plane", "--dark", V, "--out", "{tmp}/p.png"], 1, "one DarkEFT point"),
        (["plot", "global-plane", "--dark", D, "--preset", "nope", "--out", "{tmp}/p.png"], 1, "unknown"),
    ],
    "usage": [
        (["predict"], 2, "Missing argument"),
        (["predict", BR, "--samples", "abc"], 2, "Invalid value for '--samples'"),
        (["predict", BR, "--q2", "three"], 2, "Invalid value for '--q2'"),
        (["predict", BR, "--nope"], 2, "No such option"),
        (["constrain", "--nope"], 2, "No such option"),
        (["fit", "--theory", D, "--bogus"], 2, "No such option"),
        (["scan"], 2, "Missing argument"),
        (["relic"], 2, "Missing option"),
        (["dd", "--mass", "heavy"], 2, "Invalid value for '--mass'"),
        (["monojet", "--pair", "sb", "--mass", "one"], 2, "Invalid value for '--mass'"),
        (["monojet", "--pair", "sb", "--mass", "1", "--n-points", "1.5"], 2, "Invalid value for '--n-points'"),
        (["model", "--json", "--set"], 2, "requires an argument"),
        (["report", "--workers", "two"], 2, "Invalid value for '--workers'"),
        (["list", "nope"], 2, "No such command"),
        (["list", "measurements", "--x"], 2, "No such option"),
        (["plot", "nope"], 2, "No such command"),
        (["plot", "coupling", "--species", "real scalar"], 2, "Missing option"),
        (["plot", "coupling", "--species", "real scalar", "--operator", "CS_sb", "--couplings", "1"], 2,
         "requires 2 arguments"),
        (["plot", "scan", "/nonexistent", "--x", "a"], 2, "Missing option"),
        (["nope"], 2, "No such command"),
    ],
}
CLI_CASES = [pytest.param(category, *case, id=f"{category}-{k}") for category, cases in CLI.items()
             for k, case in enumerate(cases)]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-inputs")
    for name, text in FILES.items():
        (folder / name).write_text(text)
    (folder / "a-link").symlink_to(folder)
    return folder


def _fill(arguments: list[str], folder, tmp) -> list[str]:
    names = {f"{{{n}}}": str(folder / n) for n in [*FILES, "a-link"]} | {"{tmp}": str(tmp)}
    out = []
    for argument in arguments:
        for key, value in names.items():
            argument = argument.replace(key, value)
        out.append(argument)
    return out


def _check_one_line_error(result, code: int, text: str) -> None:
    output = result.output
    assert result.exit_code == code, output
    assert "Traceback" not in output and not isinstance(result.exception, (ValueError, TypeError, KeyError,
                                                                           AttributeError, IndexError, OSError))
    assert text in output.replace("\n", " ").replace("  ", " ") or text in output, output
    if code == 1:  # one line on stderr (a progress bar may stand before it on stdout)
        lines = [line for line in output.splitlines() if line.strip()]
        assert output.count("error:") == 1 and lines[-1].startswith("error:"), output


@pytest.mark.parametrize("category, arguments, code, text", CLI_CASES)
def test_every_command_answers_bad_input_with_one_line(category, arguments, code, text, files, tmp_path):
    arguments = _fill(arguments, files, tmp_path)
    text = _fill([text], files, tmp_path)[0]
    _check_one_line_error(CliRunner().invoke(app, arguments), code, text)


@pytest.mark.parametrize("case", SCANS)
def test_bad_scan_definitions_are_refused_before_any_point(case, tmp_path):
    text, message = SCANS[case]
    path = tmp_path / "scan.yaml"
    path.write_text(text)
    result = CliRunner().invoke(app, ["scan", str(path), "--out", str(tmp_path / "out")])
    _check_one_line_error(result, 1, message)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.parquet"))


@pytest.mark.parametrize("case", THEORIES)
def test_bad_theory_files_are_refused_with_the_key_named(case, tmp_path):
    text, message = THEORIES[case]
    path = tmp_path / "theory.yaml"
    path.write_text(text)
    result = CliRunner().invoke(app, ["predict", "BR(B+->K+ XX)", "--dark", str(path), "--no-uncertainty"])
    _check_one_line_error(result, 1, message)


P = Parameters.default()
DARK = DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8})
API = {
    "observable None": (lambda: darkflav.predict(None), "observable"),
    "observable a number": (lambda: darkflav.predict(5), "observable"),
    "observable a list": (lambda: darkflav.predict([BR]), "observable"),
    "theory a string": (lambda: darkflav.predict(BR, "SM"), "theory"),
    "theory a number": (lambda: darkflav.predict(BR, 5), "theory"),
    "theory a dict": (lambda: darkflav.predict(BR, {"C_L": 1}), "theory"),
    "lists three deep": (lambda: darkflav.predict(BR, [[[NeutrinoWET()]]]), "got list"),
    "list with junk": (lambda: darkflav.predict(BR, [NeutrinoWET(), 5]), "theory"),
    "params a dict": (lambda: darkflav.predict(BR, None, {"V_cb": 0.04}), "Parameters"),
    "unknown argument": (lambda: darkflav.predict(BR, q2=3.0), "unexpected"),
    "q2 a string": (lambda: darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2="three"), "q2"),
    "q2 complex": (lambda: darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2=3 + 1j), "q2"),
    "q2 NaN": (lambda: darkflav.predict("dBR/dq2(B+->K+ nu nu)", q2=np.nan), "finite"),
    "edges decreasing": (lambda: darkflav.predict("BR in q2 bins(B+->K+ invisible)", edges=[2.0, 1.0]), "edges"),
    "samples 0": (lambda: darkflav.uncertainty(BR, n_samples=0), "n_samples"),
    "samples a float": (lambda: darkflav.uncertainty(BR, n_samples=10.5), "n_samples"),
    "samples True": (lambda: darkflav.uncertainty(BR, n_samples=True), "n_samples"),
    "seed negative": (lambda: darkflav.uncertainty(BR, n_samples=10, seed=-1), "seed"),
    "species None": (lambda: DarkEFT(None, 1.0, {}), "species"),
    "mass complex": (lambda: DarkEFT("real scalar", np.array([1 + 1j]), {}), "real"),
    "mass negative": (lambda: DarkEFT("real scalar", -1.0, {}), "mass"),
    "coefficients a list": (lambda: DarkEFT("real scalar", 1.0, [1.0]), "coefficients"),
    "coefficient None": (lambda: DarkEFT("real scalar", 1.0, {"CS_sb": None}), "CS_sb"),
    "coefficient 1e200": (lambda: DarkEFT("real scalar", 1.0, {"CS_sb": 1e200}), "1e+100"),
    "unknown operator": (lambda: DarkEFT("real scalar", 1.0, {"CVV_sb": 1.0}), "unknown operator"),
    "neutrino unknown pair": (lambda: NeutrinoWET(C_L={"xx": 1.0}), "xx"),
    "neutrino sector": (lambda: NeutrinoWET(C_L={"tautau": 1.0}, sector="bd"), "sector"),
    "neutrino 1e200": (lambda: NeutrinoWET(C_L={"tautau": 1e200}), "1e+100"),
    "boson spin 3": (lambda: InvisibleBoson(3, 1.0, {"gS_sb": 1.0}), "spin"),
    "boson mass NaN": (lambda: InvisibleBoson(0, np.nan, {"gS_sb": 1.0}), "finite"),
    "replace unknown": (lambda: P.replace({"V_xx": 1.0}), "unknown parameter"),
    "replace a word": (lambda: P.replace({"V_cb": "big"}), "numeric"),
    "replace NaN": (lambda: P.replace({"V_cb": np.nan}), "finite"),
    "replace complex": (lambda: P.replace({"m_B+": 5.2 + 1j}), "real"),
    "choose unknown choice": (lambda: P.choose({"form factors": "HPQCD2022"}), "unknown model choice"),
    "choose unknown option": (lambda: P.choose({"B->K form factors": "nope"}), "nope"),
    "choose a string": (lambda: P.choose("HPQCD2022"), "choices"),
    "sample 0": (lambda: P.sample(0), "whole number"),
    "sample seed": (lambda: P.sample(10, seed=-3), "seed"),
    "p_ann at m = 0": (lambda: darkflav.predict("p_ann", DarkEFT("real scalar", 0.0, {"CS_ss": 1e-4})), "> 0"),
    "relic of a DarkEFT without diagonal coefficients": (lambda: darkflav.darkmatter.relic_scale(DARK), "relic"),
    "likelihood unknown": (lambda: Likelihood(["nope"]), "unknown measurement"),
    "likelihood empty": (lambda: Likelihood([]), "measurement"),
    "likelihood a number": (lambda: Likelihood(5), "measurement"),
}


@pytest.mark.parametrize("case", API)
def test_the_python_api_raises_darkflav_error_for_junk(case):
    call, message = API[case]
    with pytest.raises(DarkflavError, match=re.escape(message)):
        call()


def test_the_entry_point_turns_a_bug_into_one_line_and_debug_shows_the_traceback(monkeypatch, capsys, tmp_path):
    """`darkflav` (cli.main): an unexpected exception is one line on stderr with exit code 1; DARKFLAV_DEBUG=1 lets
    it and a DarkflavError through with their tracebacks."""
    from darkflav import cli
    from darkflav.cli import predict as predict_module

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(predict_module, "predict", broken)
    monkeypatch.setattr("sys.argv", ["darkflav", "predict", BR, "--no-uncertainty"])
    monkeypatch.delenv("DARKFLAV_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    error = capsys.readouterr().err
    assert exit_info.value.code == 1 and error.count("\n") == 1
    assert error.startswith("internal error: RuntimeError: simulated bug") and "Traceback" not in error
    monkeypatch.setenv("DARKFLAV_DEBUG", "1")
    with pytest.raises(RuntimeError, match="simulated bug"):
        cli.main()
    monkeypatch.setattr("sys.argv", ["darkflav", "predict", "BR(nope)"])
    with pytest.raises(DarkflavError, match="unknown observable"):
        cli.main()
