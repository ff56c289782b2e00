"""The documentation: the site builds with `mkdocs build --strict` (mkdocs.yml) and its generated pages list every
registered observable and every measurement; and the numbers the pages quote from the code are recomputed here with
darkflav, each found in its page by the words around it and compared to the digits printed, so that a page cannot
keep a number the code no longer gives.

A quoted number is written in the template of a check as `{}`; the rest of the template is the page's text around
it (any run of white space matches any other). `1.51×10⁻⁴` must agree with the computation to ±0.005×10⁻⁴, `0.17`
to ±0.005, `710` to ±5 (trailing zeros of an integer are not taken as significant), unless a check states its own
relative tolerance (numbers the page itself quotes with one).
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import subprocess
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.optimize import brentq
from scipy.stats import chi2, norm

import darkflav
import darkflav.scan
from darkflav import DarkEFT, NeutrinoWET, Parameters, predict
from darkflav.ckm import lambda_q
from darkflav.darkmatter import cmb, freeze_out_approximation, relic_density, relic_scale, required_sigma_v
from darkflav.darkmatter import direct_detection as dd
from darkflav.darkmatter.relic import cm3_per_s
from darkflav.decays import meson_mixing
from darkflav.eft import ChargedLeptonWET, DipoleWET
from darkflav.experiments import Likelihood, fits, measurements, operator_fits, presets
from darkflav.experiments.measurements import get as measurement
from darkflav.experiments.published_likelihood import FAMILY, PublishedLikelihood, published
from darkflav.experiments.response import response
from darkflav.models import VectorLikeQuarks, Zprime
from darkflav.models.vlq import _mass_running
from darkflav.plots import leptoquark as lq_plots
from darkflav.registry import observables
from darkflav.running import alpha_e

from .test_belle2_wet import ALPHA_EOS, eos_prefactor, eos_theory
from .test_relic import SDB_MASS, SDB_SIGMA_V

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
P = Parameters.default()

# ---------------------------------------------------------------------------------------------------------------------
# the site


class _Code(HTMLParser):
    """The texts of the <code> elements of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.texts, self._text = 0, set(), []

    def handle_starttag(self, tag, attrs):
        if tag == "code":
            self.depth += 1
            self._text = []

    def handle_endtag(self, tag):
        if tag == "code" and self.depth:
            self.depth -= 1
            self.texts.add("".join(self._text))

    def handle_data(self, data):
        if self.depth:
            self._text.append(data)


def code_texts(page: Path) -> set[str]:
    parser = _Code()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.texts


def test_site_builds_strict_and_lists_every_observable_and_measurement(tmp_path):
    """`mkdocs build --strict` (warnings are errors: broken links and anchors, docstrings griffe cannot read) passes,
    and the pages generated at build time (docs/gen_reference.py) name every observable of the registry and every
    measurement and preset of the database."""
    missing = [m for m in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers", "mkdocs_gen_files")
               if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"the documentation tools are not installed ({', '.join(missing)}): pip install '.[docs]'")
    site = tmp_path / "site"
    environment = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env=environment)
    assert done.returncode == 0, "mkdocs build --strict failed:\n" + done.stderr[-4000:]
    listed = code_texts(site / "reference" / "observables" / "index.html")
    assert {obs.name for obs in observables()} - listed == set()
    assert all(alias in listed for obs in observables() for alias in obs.aliases)
    listed = code_texts(site / "reference" / "measurements" / "index.html")
    assert set(measurements()) - listed == set()
    assert set(darkflav.experiments.presets()) - listed == set()
    for page in ("index.html", "api/eft/index.html", "api/experiments/index.html", "api/models/index.html"):
        assert (site / page).stat().st_size > 0
    assert "NeutrinoWET" in (site / "api" / "eft" / "index.html").read_text(encoding="utf-8")


def test_home_page_example_runs():
    """The Python example of the home page (docs/index.md) runs as written."""
    blocks = re.findall(r"^```python\n(.*?)^```$", page_text("index.md"), re.S | re.M)
    assert blocks, "no Python example in docs/index.md"
    for block in blocks:
        exec(compile(block, "docs/index.md", "exec"), {})


# ---------------------------------------------------------------------------------------------------------------------
# numbers quoted in the pages

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
NUMBER = r"[−-]?\d+(?:\.\d+)?(?:×10[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"


@cache
def page_text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def quoted(page: str, template: str, text: str | None = None) -> list[str]:
    """The numbers at the `{}` of `template` in the page (the template must occur exactly once)."""
    found = re.findall(_with_spaces(template), page_text(page) if text is None else text)
    assert len(found) == 1, f"{page}: the text {template!r} occurs {len(found)} times (must be once)"
    return list(found[0]) if isinstance(found[0], tuple) else [found[0]]


def _with_spaces(template: str) -> str:
    """Regex of a template: its words literal, each run of white space any white space, `{}` a number."""
    parts = template.split("{}")
    regex = []
    for k, part in enumerate(parts):
        words = re.split(r"(\s+)", part)
        regex.append("".join(r"\s+" if w.isspace() else re.escape(w) for w in words if w))
        if k < len(parts) - 1:
            regex.append(f"({NUMBER})")
    return "".join(regex)


def agrees(printed: str, value: float, rel: float | None = None) -> bool:
    """Whether `value` rounds to the number `printed` (e.g. '−1.51×10⁻⁴') at its printed precision, or lies within
    the relative tolerance `rel` of it where given."""
    match = re.fullmatch(r"(-?\d+)(?:\.(\d+))?(?:×10([-+]?\d+))?", printed.replace("−", "-").translate(SUPERSCRIPT))
    assert match, f"not a number: {printed!r}"
    whole, decimals, exponent = match.groups()
    scale = 10.0 ** int(exponent or 0)
    shown = float(whole + ("." + decimals if decimals else "")) * scale
    if rel is not None:
        return abs(value - shown) <= rel * abs(shown)
    if decimals:
        step = 10.0 ** -len(decimals)
    else:  # an integer: trailing zeros are not significant (230 is two digits)
        step = 10.0 ** (len(whole.lstrip("-")) - len(whole.lstrip("-").rstrip("0"))) if whole.strip("-0") else 1.0
    return abs(value / scale - shown / scale) <= 0.5 * step * (1 + 1e-9)


def check(page: str, template: str, *values: float, rel: float | None = None) -> None:
    """Each number at the `{}` of `template` in `page` agrees with the value computed for it."""
    printed = quoted(page, template)
    assert len(printed) == len(values), f"{template!r}: {len(printed)} numbers in the page, {len(values)} computed"
    wrong = [(p, v) for p, v in zip(printed, values, strict=True) if not agrees(p, v, rel)]
    assert not wrong, f"{page}: {template!r} quotes {printed}, the code gives {list(values)} (printed vs computed: " \
                      f"{wrong})"


def test_the_checks_can_fail():
    """The helpers: a number off by one unit in its last digit, a missing text or a text found twice fail."""
    assert agrees("2.27×10⁻⁷", 2.2723e-7) and not agrees("2.27×10⁻⁷", 2.2823e-7)
    assert agrees("−1.51×10⁻⁴", -1.5073e-4) and not agrees("−5.1×10⁻⁴", -1.5073e-4)
    assert agrees("710", 709.95) and agrees("230", 234.07) and not agrees("230", 236.0) and not agrees("12", 12.6)
    assert agrees("9.090×10⁻⁷", 9.0894e-7, rel=5e-3) and not agrees("9.090×10⁻⁷", 9.0894e-7)
    text = "B = 2.27×10⁻⁷ (C/(10⁻⁸\n  GeV⁻¹))²"
    assert quoted("conventions.md", "B = {} (C/(10⁻⁸ GeV⁻¹))²", text) == ["2.27×10⁻⁷"]
    with pytest.raises(AssertionError, match="occurs 0 times"):
        quoted("conventions.md", "B = {} per something", text)
    with pytest.raises(AssertionError, match="occurs 2 times"):
        quoted("conventions.md", "B = {} (C", text + text)
    with pytest.raises(AssertionError, match="the code gives"):
        check("conventions.md", "(≈ {} with the default inputs)", -6.33)


# --- the computations (cached: several pages quote the same number) -------------------------------------------------
def c_l_sm() -> float:
    return float(-P["X_t"] / P["s2w"])


@cache
def pair_rate_per_unit() -> float:
    """B(B⁺→K⁺φφ) at m_φ = 1 GeV for C^{S,sb} = 10⁻⁸ GeV⁻¹ (package normalisation)."""
    return float(predict("BR(B+->K+ XX)", DarkEFT("real scalar", 1.0, {"CS_sb": 1e-8})))


def coupling_window(name: str) -> tuple[float, float]:
    """C^{S,sb} in 1/(10⁵ TeV) = 10⁻⁸ GeV⁻¹ filling a new-physics window value ± 2σ at m_φ = 1 GeV."""
    n = measurement(name).numbers
    return tuple(float(np.sqrt((n["value"] + s * 2 * n["sigma"]) / pair_rate_per_unit())) for s in (-1, 1))


@cache
def vlq_dipole_point():
    """The point of the slides' B → X_sγ bound: m_Q = m_D = 3 TeV, y_q = (0, 1, 0), y_d = (0, 0, 1), m_φ = 1 GeV:
    C₇(3 TeV) per C^{S,sb}/(10⁻⁸ GeV⁻¹) (both linear in y₁) and the matching scale."""
    model = VectorLikeQuarks(3000.0, 3000.0, 1.0, [0, 1, 0], [0, 0, 1], y1=1.0)
    dipoles = model.dipoles()
    per_unit = complex(dipoles.C7) / (complex(model.dark_eft().coefficients("sb")["CS"]) / 1e-8)
    return per_unit, dipoles.scale


def b_to_s_gamma_chi2(c_sb, both_dipoles: bool) -> float:
    """χ² of the B → X_sγ measurement for the dipoles of that point at C^{S,sb} (units 10⁻⁸ GeV⁻¹): C₇ alone or with
    the model's C₈ = −3C₇."""
    per_unit, scale = vlq_dipole_point()
    c7 = per_unit * c_sb
    rate = predict("BR(B->Xsgamma)", DipoleWET(C7=c7, C8=-3 * c7 if both_dipoles else 0.0, scale=scale))
    n = measurement("HFLAV B->Xsgamma").numbers
    return float(((rate - n["value"]) / n["sigma"]) ** 2)


@cache
def delta_m_s_sm() -> tuple[float, float]:
    """darkflav's SM ΔM_s (ps⁻¹) and its 1σ from 2×10⁴ input samples (converged to ±0.02)."""
    return float(predict("DeltaM_s")), float(darkflav.uncertainty("DeltaM_s", None, P, 20_000))


def zprime_bound(mass: float) -> tuple[float, float]:
    """|g^L_sb|/M at the 2σ edge of ΔM_s (darkflav's SM error and the measurement's, in quadrature) and R_K there with
    |g^{νR}_ττ| = √(4π) (tests/test_zprime.py)."""
    measured = meson_mixing.data()["measurements"]["DeltaM_s"]
    sm, error = delta_m_s_sm()
    g = np.geomspace(1e-4, 0.1, 20_000)
    ratio = predict("DeltaM_s/DeltaM_s^SM", Zprime(mass, g_sb_L=g).match().mixing)
    g_max = g[np.abs(ratio * sm - measured["value"]) <= 2 * np.hypot(error, measured["uncertainty"])].max()
    r_k = predict("R_K(nu nu)", Zprime(mass, g_sb_L=g_max, g_nu_R=np.diag([0, 0, np.sqrt(4 * np.pi)])))
    return float(g_max / mass), float(r_k)


FLAVOURS = ("e", "mu", "tau")


@cache
def lfv_bound(factor: float, primed: bool, pair: str) -> float:
    """The largest |C^{ij}| (neutrino basis) of a leptoquark whose b → sℓℓ′ coefficients are C9 = −C10 = factor·C
    (primed: C9′ = −C10′) allowed by every 90 % CL lepton-flavour-violating limit of the database, for the more
    constrained of C^{ij}, C^{ji} (docs/uv-models.md, "CLFV table")."""
    limits = [m for m in measurements().values() if m.kind == "upper_limit"
              and re.search(r"(emu|mue|etau|taue|mutau|taumu)", m.observable)]
    bounds = []
    for key in (pair, {"mue": "emu", "etau": "taue", "mutau": "taumu"}[pair]):
        fields = ("C9_prime", "C10_prime") if primed else ("C9", "C10")
        wet = ChargedLeptonWET(**{fields[0]: {key: factor}, fields[1]: {key: -factor}})
        for m in limits:
            rate = float(predict(m.observable, wet))
            if rate > 0:
                bounds.append(np.sqrt(m.numbers["limit"] / rate))
    return float(min(bounds))


@cache
def relic_numbers(omega_h2: float | None) -> dict[str, float]:
    """⟨σv⟩ (10⁻²⁶ cm³/s, g_χ = 2) for Ωh² at the masses the page quotes and its maximum (near 0.35 GeV)."""
    masses = np.array([0.1, 0.34, 1.0, 10.0, 100.0, 1000.0])
    values = required_sigma_v(masses, omega_h2, g_dof=2) / 1e-26
    fine = np.geomspace(0.3, 0.4, 41)
    return dict(zip(["0.1", "0.34", "1", "10", "100", "1000"], values, strict=True),
                maximum=float(np.max(required_sigma_v(fine, omega_h2, g_dof=2)) / 1e-26))


def sdb_deviations(omega_h2: float) -> tuple[float, float]:
    """Lowest and highest deviation (%) of darkflav's required ⟨σv⟩ from Steigman–Dasgupta–Beacom's curve."""
    ratio = required_sigma_v(SDB_MASS, omega_h2, g_dof=2) / 1e-26 / SDB_SIGMA_V - 1
    return 100 * float(ratio.min()), 100 * float(ratio.max())


@cache
def relic_coupling_ss() -> float:
    """C^{S,ss} (GeV⁻¹) alone giving Ωh² = 0.120 at m_φ = 1 GeV."""
    return float(1e-5 * relic_scale(DarkEFT("real scalar", 1.0, {"CS_ss": 1e-5})))


@cache
def light_window() -> tuple[float, float, float]:
    """For C_u = C_d at the relic coupling: the mass (MeV) below which the CMB excludes (p_ann = the bound, between
    108 and 126 MeV), and the lowest and highest p_ann/bound at 135.5, 140, 146 MeV (tests/test_cmb.py)."""
    below, above = np.linspace(0.108, 0.126, 7), np.array([0.1355, 0.14, 0.146])
    theory = DarkEFT("real scalar", np.concatenate([below, above]), {"CS_uu": 1e-4, "CS_dd": 1e-4})
    ratio = cmb.p_ann(theory.scaled(relic_scale(theory)), P) / P["p_ann_Planck2018"]
    edge = np.interp(0.0, np.log(ratio[: below.size])[::-1], below[::-1])
    return 1e3 * float(edge), float(ratio[below.size:].min()), float(ratio[below.size:].max())


@cache
def belle2() -> PublishedLikelihood:
    """Belle II's published B⁺→K⁺νν̄ likelihood with its pyhf/JAX model and published fit built (10–20 s; shared
    with the other test files of the session through `published()`)."""
    likelihood = published()
    likelihood._engine  # noqa: B018  (built here, once)
    return likelihood


def full_profile(spectrum) -> float:
    """−2Δln L of one spectrum (per generated-q² bin) with every nuisance parameter profiled (the `full` profile of
    PublishedLikelihood)."""
    return float(belle2().minus_two_delta_log_l(spectrum=np.asarray(spectrum), profile="full"))


@cache
def wet_templates() -> np.ndarray:
    """B per generated bin of EOS's C_VL, C_SL, C_TL = 1 mapped to darkflav (docs/belle2-wet.md)."""
    return np.array([response().spectrum(eos_theory(*unit, params=P), P)
                     for unit in ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))])


@cache
def wet_profile(point: tuple[float, float, float]) -> float:
    """−2Δln L (full profile) of EOS's (C_VL, C_SL, C_TL)."""
    return full_profile(np.asarray(point) ** 2 @ wet_templates())


# --- conventions.md ------------------------------------------------------------------------------------------------
def test_conventions_numbers():
    page = "conventions.md"
    check(page, "(≈ {} with the default inputs)", c_l_sm())
    check(page, "A file at μ = 4.8 GeV is scaled by 1/{};", float(P["alpha_e"] / alpha_e(4.8, P)))
    check(page, "(K decays: 2 GeV, 1/{})", float(P["alpha_e"] / alpha_e(2.0, P)))
    check(page, "B(B⁺→K⁺φφ) = {} (C/(10⁻⁸ GeV⁻¹))²", pair_rate_per_unit())
    check(page, "({} at C = 2×10⁻⁸ GeV⁻¹", 4 * pair_rate_per_unit())
    average, belle2 = (measurement(f"seeds B+->K+ NP {n}").numbers for n in ("average", "Belle II"))
    check(page, "world-average window B_NP = ({} ± {})×10⁻⁵", average["value"] / 1e-5, average["sigma"] / 1e-5)
    check(page, "at 2σ needs ({}–{})/(10⁵ TeV)", *coupling_window("seeds B+->K+ NP average"))
    check(page, "alone, ({} ± {})×10⁻⁵, needs ({}–{})/(10⁵ TeV)", belle2["value"] / 1e-5, belle2["sigma"] / 1e-5,
          *coupling_window("seeds B+->K+ NP Belle II"))
    rates = predict("BR(B+->K+ XX)", DarkEFT("real scalar", np.array([0.0, 0.5, 1.0, 2.0]), {"CS_sb": 2e-8}))
    check(page, "the regression values B(B⁺→K⁺φφ) = {}, {}, {}, {} at m_φ = 0, 0.5,", *rates, rel=5e-3)


# --- uv-models.md --------------------------------------------------------------------------------------------------
LFV_ROWS = [  # (table cells of LQ and pair, the mode as printed or None, C9 = −C10 = factor·C, primed)
    ("S1 | μe", "(B⁰→K*⁰e^±μ^∓)", 2.0, False), ("S1 | eτ", "(B⁺→K⁺e⁺τ⁻ in flavio's naming)", 2.0, False),
    ("S1 | μτ", "(B⁺→K⁺μ⁺τ⁻)", 2.0, False), ("S1/2~, V1/2 | μe", "(B⁰→K*⁰e^±μ^∓)", 1.0, True),
    ("S1/2~, V1/2 | eτ", "", 1.0, True), ("S1/2~, V1/2 | μτ", "", 1.0, True),
    ("V1 | μe", "", 0.5, False), ("V1 | eτ", "", 0.5, False), ("V1 | μτ", "", 0.5, False),
]
PAIRS = {"μe": "mue", "eτ": "etau", "μτ": "mutau"}


@pytest.mark.parametrize("row", LFV_ROWS, ids=[r[0] for r in LFV_ROWS])
def test_leptoquark_lfv_table(row):
    """Each row of the CLFV table: the bound on |C| from the database's LFV limits and R_K = R_K* there."""
    cells, mode, factor, primed = row
    pair = PAIRS[cells.split("| ")[1]]
    bound = lfv_bound(factor, primed, pair)
    r_k = float(predict("R_K(nu nu)", NeutrinoWET(C_L={pair: bound})))
    check("uv-models.md", f"| {cells} | {{}} {mode} | {{}} |".replace("  |", " |"), bound, r_k)


def test_uv_models_numbers():
    page = "uv-models.md"
    check(page, "at the bound (C_L^SM = {}):", c_l_sm())
    to_mb, to_2gev = _mass_running(3000.0, float(P["alpha_s"]))
    check(page, "r_ij = m_q(μ_ij)/m_q(μ), {} for pairs with a b quark and {} for the others at 3 TeV",
          1 / to_mb, 1 / to_2gev)
    benchmark = VectorLikeQuarks(3000.0, 3000.0, 1.0, [0, 1.0, 0.2], [0, 1.0, 0.2])
    c_sb = float(benchmark.dark_eft().coefficients("sb")["CS"].real)
    check(page, "C^{S,sb} = 0.2(m_b + m_s)/m² = {} GeV⁻¹ = {}/(10⁵ TeV) (C^{P,sb} = 0", c_sb, c_sb / 1e-8)
    assert abs(benchmark.dark_eft().coefficients("sb")["CP"]) < 1e-6 * c_sb
    check(page, "B(B⁺ → K⁺φφ) = {} at m_φ = 1 GeV, inside", float(predict("BR(B+->K+ XX)", benchmark)))
    side = benchmark.side_constraints()
    check(page, "At the benchmark ΔM_s/ΔM_s^SM − 1 ≈ {}.", float(side["DeltaM_s/DeltaM_s^SM"] - 1))
    sm, error = delta_m_s_sm()
    check(page, "SM: ΔM_s = {} ± {} ps⁻¹ (2×10⁴ input samples), ΔM_d = {} ps⁻¹", sm, error,
          float(predict("DeltaM_d")))
    flip = VectorLikeQuarks(3000.0, 3000.0, 1.0, [0, 1.0, 0.2], [0, 1.0, 0.2], y1=1.0, y2=1.0).side_constraints()
    check(page, "y₁ = y₂ = 1 at 3 TeV: κ_g − 1 = {} %.", 100 * float(flip["kappa_g"] - 1))


def test_uv_models_b_to_s_gamma_bound():
    """The slides' C^{S,sb} ≲ 260/(10⁵ TeV) from B → X_sγ: C₇ per unit C^{S,sb}, the photon-dipole-only window at
    Δχ² = 4 from the best fit (χ² = 0 is reached), and with the model's C₈ = −3C₇ the shift of B per 520 and the
    coefficient at y₁ = 3, where Δχ² from the SM stays below 1."""
    page = "uv-models.md"
    per_unit, _ = vlq_dipole_point()
    check(page, "C₇(3 TeV) = {} × C^{S,sb}/(10⁻⁸ GeV⁻¹)", per_unit.real)
    n = measurement("HFLAV B->Xsgamma").numbers
    check(page, "the HFLAV measurement ({} ± {} incl. SM theory)", n["value"] / 1e-4, n["sigma"] / 1e-4)
    edge = lambda c: b_to_s_gamma_chi2(c, both_dipoles=False) - 4.0  # noqa: E731
    low, high = brentq(edge, -1e4, 0.0), brentq(edge, 0.0, 1e4)
    check(page, "allows {} ≲ C^{S,sb} ≲ {} (10⁵ TeV)⁻¹ at Δχ² = 4 from the best fit, {}–{} times the slides' 260",
          low, high, -low / 260, high / 260)
    per_unit_c8, scale = vlq_dipole_point()
    shifted = predict("BR(B->Xsgamma)", DipoleWET(C7=per_unit_c8 * 520, C8=-3 * per_unit_c8 * 520, scale=scale))
    check(page, "with both dipoles B shifts by only {} % per 520 (10⁵ TeV)⁻¹",
          100 * abs(float(shifted / predict("BR(B->Xsgamma)")) - 1))
    strong = VectorLikeQuarks(3000.0, 3000.0, 1.0, [0, 1, 0], [0, 0, 1], y1=3.0)
    c_sb = float(strong.dark_eft().coefficients("sb")["CS"].real) / 1e-8
    check(page, "Δχ² < 1 up to |C^{S,sb}| = {} (10⁵ TeV)⁻¹ (y₁ = 3)", abs(c_sb))
    chi2 = lambda rate: ((rate - n["value"]) / n["sigma"]) ** 2  # noqa: E731
    assert chi2(strong.side_constraints()["BR(B->Xsgamma)"]) - chi2(predict("BR(B->Xsgamma)")) < 1


def test_uv_models_zprime_numbers():
    page = "uv-models.md"
    sm, error = delta_m_s_sm()
    bound, r_k_low = zprime_bound(1300.0)
    _, r_k_high = zprime_bound(1000.0)
    measured = meson_mixing.data()["measurements"]["DeltaM_s"]["value"]
    check(page, "(darkflav's SM {} ± {} ps⁻¹ against {} ps⁻¹), |g^L_sb|/M ≤ {} GeV⁻¹", sm, error, measured, bound)
    check(page, "R_K = R_K* reaches ≈ {} for M_Z′ ≈ 1.3 TeV ({} at 1 TeV", r_k_low, r_k_high)


def test_uv_models_leptoquark_plot_numbers():
    """The numbers of the leptoquark plots: the points of the default scans inside the Belle II window that pass the
    side constraints, the diagonal R_K = R_K* of the C_L leptoquarks and of s, b coupled to different leptons, and
    the LFV edge of the C_R^ττ–C_R^μτ plane (C9′ = −C10′ = C_R^μτ = C_R^τμ at C_R^ττ = 0, Δ(−2 ln L) = 3.84 from
    the SM), from the preset (B_s → μτ) and with the recalled Belle B⁺ → K⁺τμ limits added."""
    page = "uv-models.md"
    band, limit = measurement(lq_plots.R_K_BAND).numbers, measurement(lq_plots.R_KSTAR_LIMIT).numbers
    check(page, "inside the Belle II band (R_K = {} ± {}) and below R_K* = {},", band["value"], band["sigma"],
          limit["limit"])
    passing = {}
    for kind in ("S1/2~", "V1/2", "S0", "S1", "V1"):
        scan = fits.leptoquark_scan(kind)
        window = (np.abs(scan.r_k - band["value"]) < band["sigma"]) & (scan.r_kstar < limit["limit"])
        passing[kind] = np.count_nonzero(window & scan.passes)
        off = lq_plots.SolutionsPlot.diagonal_distance(scan.r_k_off_diagonal, scan.r_kstar_off_diagonal)
        assert off.max() < 1e-15, kind  # "as do all off-diagonal points of every leptoquark"
        if kind in ("S0", "S1", "V1"):
            assert passing[kind] == 0 and lq_plots.SolutionsPlot.diagonal_distance(scan.r_k, scan.r_kstar).max() < 1e-15
    check(page, "{} (S̃1/2) and {} (V1/2) pass; none for S0, S1, V1", passing["S1/2~"], passing["V1/2"])
    preset = presets()[fits.SIDE_PRESET]["measurements"]
    recalled = [name for name, m in measurements().items() if m.kind == "upper_limit" and name not in preset
                and re.search(r"K(mutau|taumu)", m.observable)]
    assert len(recalled) == 2 and all(measurement(name).status == "recalled" for name in recalled)

    def edge(names):
        side = Likelihood(names)
        sm = float(side.minus_two_log_l(ChargedLeptonWET()))
        pull = lambda x: float(side.minus_two_log_l(ChargedLeptonWET(  # noqa: E731
            C9_prime={"mutau": x, "taumu": x}, C10_prime={"mutau": -x, "taumu": -x}))) - sm - chi2.ppf(0.95, 1)
        return brentq(pull, 1.0, 100.0)

    check(page, "(|C_R^μτ| ≳ {} at C_R^ττ = 0, from B_s → μτ alone; ≳ {} with the recalled", edge(fits.SIDE_PRESET),
          edge(list(preset) + recalled))


def test_uv_models_plane_best_fit():
    """The best fit of the C_R^ττ–C_R^μτ plane of `seeds Belle II` on its 161² grid (step 0.5): no grid neighbour of
    the quoted point is lower (C_R^μτ → −C_R^μτ is a symmetry). The published likelihood's part by the full profile
    (the B → K spectra of C_R are SM-shaped, where the plot's fast profile is exact); that the point is the global
    minimum of the grid needs the fast profile's tables (`darkflav plot lq-plane` draws it)."""
    page = "uv-models.md"
    tautau, mutau = (float(x.replace("−", "-")) for x in quoted(page, "best fit C_R^ττ = {},\nC_R^μτ = {} on the 161²"))
    grid = np.linspace(*fits.COEFFICIENT_RANGE, 161)
    step = grid[1] - grid[0]
    assert np.min(np.abs(grid - tautau)) < 1e-9 and np.min(np.abs(grid - mutau)) < 1e-9
    names = [m.name for m in Likelihood(fits.NUNU_PRESET).measurements]
    published_name = next(name for name in names if measurement(name).kind == "published_likelihood")
    others = Likelihood([name for name in names if name != published_name])

    def total(x, y):
        theory = NeutrinoWET(C_R={"tautau": x, "mutau": y, "taumu": y})
        return float(others.minus_two_log_l(theory)) + full_profile(response().spectrum(theory))

    best = total(tautau, mutau)
    for x, y in ((tautau - step, mutau), (tautau + step, mutau), (tautau, mutau + step)):
        assert total(x, y) > best, (x, y)


# --- dark-matter.md ------------------------------------------------------------------------------------------------
def test_dark_matter_relic_numbers():
    page = "dark-matter.md"
    wmap, planck = relic_numbers(0.1109), relic_numbers(None)
    check(page, "at Ωh² = 0.1109 it gives {}, {} (maximum, at 0.34 GeV), {}, {}, {}, {} ×10⁻²⁶ cm³/s",
          wmap["0.1"], wmap["0.34"], wmap["1"], wmap["10"], wmap["100"], wmap["1000"])
    assert agrees(quoted(page, "at Ωh² = 0.1109 it gives {}, {} (maximum")[1], wmap["maximum"])
    low_wmap, high_wmap = sdb_deviations(0.1109)
    low_bao, high_bao = sdb_deviations(0.1123)
    check(page, "within {} % ({} … +{} % at 0.1109, {} … +{} % at 0.1123)",
          max(-low_wmap, high_wmap, -low_bao, high_bao), low_wmap, high_wmap, low_bao, high_bao)
    check(page, "darkflav's is {} % lower at 0.1109 ({} % at 0.1123)", 100 * (1 - wmap["maximum"] / 5.2),
          100 * (1 - relic_numbers(0.1123)["maximum"] / 5.2))
    heavy = ("10", "100", "1000")
    check(page, "everything scales down by about {} %: {}, {}, {} ×10⁻²⁶ at 10, 100, 1000 GeV and {}×10⁻²⁶ at the "
                "maximum", 100 * np.mean([1 - planck[m] / wmap[m] for m in heavy]), *(planck[m] for m in heavy),
          planck["maximum"])
    planck_sdb = required_sigma_v(SDB_MASS, None, g_dof=2) / 1e-26 / SDB_SIGMA_V - 1
    check(page, "Ωh² = 0.120 numbers with SDB, {} … {} % from their curve", 100 * planck_sdb.min(),
          100 * planck_sdb.max())
    real_scalar = float(required_sigma_v(1.0, None, g_dof=1)) / 1e-26
    check(page, "at m_φ = 1 GeV the full solution needs {}×10⁻²⁶ cm³/s for a real scalar (g_χ = 1) and {}×10⁻²⁶ for",
          real_scalar, planck["1"])
    canonical = 2.2e-9 * cm3_per_s(P) / 1e-26
    check(page, "**The seed's 2.2×10⁻⁹ GeV⁻²** (= {}×10⁻²⁶ cm³/s)", canonical)
    check(page, "about {}–{} times the canonical value", real_scalar / canonical, planck["1"] / canonical)
    masses = np.array([10.0, 100.0, 1000.0, *np.geomspace(0.1, 1.0, 7)])
    deviation = 100 * np.abs(freeze_out_approximation(masses, 2.2e-26, 2.0) / relic_density(masses, 2.2e-26, 2.0) - 1)
    check(page, "within {} % of the full solution at 100 GeV and 1 TeV, {} % at 10 GeV, {} % at 0.1–1 GeV",
          deviation[1:3].max(), deviation[0], deviation[3:].max())
    c_ss = relic_coupling_ss()
    check(page, "C^{S,ss} alone gives Ωh² = 0.12 for C = {}×10⁻⁴ GeV⁻¹ = {}/TeV (package normalisation; {}/TeV "
                "displayed)", c_ss / 1e-4, c_ss * 1e3, c_ss * 1e3 / 2)


def test_dark_matter_cmb_and_direct_detection_numbers():
    page = "dark-matter.md"
    at_rest = 1 + 1e-9  # pions produced at rest: φ just above the threshold
    check(page, "At rest: f_eff(π⁰π⁰) = {}, f_eff(π⁺π⁻) = {} (Slatyer's photon curve at 67.5 MeV, half the π⁰ mass, "
                "is {})", float(cmb.f_eff("pi0 pi0", P["m_pi0"] * at_rest, P)),
          float(cmb.f_eff("pi+ pi+", P["m_pi+"] * at_rest, P)), float(cmb.curve("photon", 0.0675)))
    edge, lowest, highest = light_window()
    check(page, "violates the CMB bound below m_φ = {} MeV", edge)
    check(page, "p_ann exceeds the bound {}–{} times up to 146 MeV", lowest, highest)
    check(page, "the seeds' lower edge near 110 MeV ({} % higher)", 100 * (edge / 110 - 1))
    beta_mu = (P["m_pi+"] ** 2 - P["m_mu"] ** 2) / (P["m_pi+"] ** 2 + P["m_mu"] ** 2)  # the muon of π → μν at rest
    check(page, "lower by the expected 1 − β_μ/7 = {} %", 100 * beta_mu / 7)
    settings = yaml.safe_load((ROOT / "src" / "darkflav" / "report" / "data" / "settings.yaml").read_text())
    point = settings["dark_points"]["real scalar 1 GeV"]
    c_ss = relic_coupling_ss()
    theory = DarkEFT("real scalar", 1.0, {point["operator"]: point["coefficient"], "CS_ss": c_ss})
    ratios = dd.limit_ratios(theory, P)
    check(page, "m_φ = 1 GeV, C^{S,sb} = {}×10⁻⁸ GeV⁻¹ (the report's Belle II point)", point["coefficient"] / 1e-8)
    check(page, "C^{S,ss} = {}×10⁻⁴ GeV⁻¹ from the relic density give σ_SI(p) = {}×10⁻³⁸ cm², {} times "
                "PandaX-4T's Migdal limit ({}×10⁻³⁹ cm²): excluded, as stated (also by XENON1T, ×{}, and "
                "DarkSide-50, ×{})", c_ss / 1e-4, float(dd.sigma_SI(theory, "p", P)) / 1e-38,
          float(ratios["PandaX-4T Migdal"]), float(dd.limit("PandaX-4T Migdal", 1.0)) / 1e-39,
          float(ratios["XENON1T Migdal"]), float(ratios["DarkSide-50 Migdal"]))
    for nucleon in "pn":  # the blind spot: g_N is linear in R_s
        g0, g1 = (float(dd.nucleon_coupling(dd.theory_from_ratios(0.12, 1e-6, 0.0, r_s), nucleon, P)) for r_s in (0, 1))
        check(page, "(R_s ≈ {} at R_− = 0 with these f_Tq)", -g0 / (g1 - g0))
    z = P["v_esc_halo"] / P["v_0_halo"]
    n_esc = math.erf(z) - 2 * z * math.exp(-z * z) / math.sqrt(math.pi)
    check(page, "it integrates to N_esc² = {} (it multiplies", n_esc**2)
    check(page, "so its rates are {} % low", 100 * (1 - n_esc**2))


def test_dark_matter_uncertainty_numbers():
    """The 1σ of p_ann and σ_SI(p) from sampled inputs (400 samples, seed 1: `darkflav.uncertainty`'s defaults, as
    `darkflav predict` prints them) at the page's point; Ωh²'s (40 s) is not re-run here. B_π/B_K of the chiral
    amplitudes."""
    page = "dark-matter.md"
    theory = DarkEFT("real scalar", np.array([0.5, 1.0, 1.5]), {"CS_ss": 1.5e-7, "CS_uu": 1e-7})
    spread = {name: darkflav.uncertainty(name, theory) / predict(name, theory) for name in ("p_ann", "sigma_SI(p)")}
    check(page, "the default 400 samples: {}–{} % for p_ann", 100 * spread["p_ann"].min(),
          100 * spread["p_ann"].max())
    check(page, "{} % for σ_SI(p), from f_Tq", 100 * float(np.mean(spread["sigma_SI(p)"])))
    assert np.ptp(spread["sigma_SI(p)"]) < 1e-9  # the same at every mass
    b_pi = P["m_pi+"] ** 2 / (P["m_u(2GeV)"] + P["m_d(2GeV)"])
    b_k = P["m_K+"] ** 2 / (P["m_s(2GeV)"] + P["m_u(2GeV)"])
    check(page, "of the kaon channels by B_π/B_K = {}.", b_pi / b_k)


# --- belle2-wet.md, published-likelihood.md, scans.md, validation.md, experiments.md --------------------------------
def test_belle2_wet_numbers():
    page = "belle2-wet.md"
    lambda_t = abs(complex(np.asarray(lambda_q("t", "s", "b", P))))
    check(page, "Numerically |K| = {} GeV⁻².", abs(eos_prefactor(P)))
    check(page, "α_EOS/α = {},", ALPHA_EOS / float(P["alpha_e"]))
    amplitude = ALPHA_EOS * 6.6131 / (float(P["alpha_e"]) * -c_l_sm())
    check(page, "darkflav's SM, −X_t/s²_W = {}, is added", c_l_sm())
    check(page, "α_EOS·6.6131/(α·6.323) = {} in amplitude, {} in rate", amplitude, amplitude**2)
    ckm = (lambda_t / 0.041175) ** 2
    lifetime = float(P["tau_B+"]) / 1.641e-12
    for label, point in (("V", (1.0, 0.0, 0.0)), ("S", (0.0, 1.0, 0.0)), ("T", (0.0, 0.0, 1.0))):
        ours = float(predict("BR(B+->K+ inv)", eos_theory(*point, params=P), P))
        eos, *_ = quoted(page, f"| {label} | {{}} | {{}} | {{}} | {{}} |")
        eos = float(eos.replace("×10⁻⁷", "e-7"))
        check(page, f"| {label} | {{}} | {{}} | {{}} | {{}} |", eos, ours, ours / eos, ours / eos / (ckm * lifetime))
    check(page, "darkflav's |V_tb V*_ts| = {} (tree-level inputs", lambda_t)
    check(page, "(0.040084/0.041175)² = {};", ckm)
    check(page, "τ_B⁺ {} against 1.641 ps", float(P["tau_B+"]) / 1e-12)
    check(page, "darkflav's SM {} (Belle II's signal normalisation, HPQCD: {})", float(predict("BR(B+->K+ nu nu)")),
          float(response().null.sum()))
    ours = {label: float(predict("BR(B+->K+ inv)", eos_theory(*point, params=P), P))
            for label, point in (("V", (1.0, 0.0, 0.0)), ("S", (0.0, 1.0, 0.0)), ("T", (0.0, 0.0, 1.0)))}
    eos = {label: float(quoted(page, f"| {label} | {{}} |")[0].replace("×10⁻⁷", "e-7")) for label in "VST"}
    check(page, "EOS's SM with this fit: 6.6131² × 1.1002×10⁻⁷ = {}", 6.6131**2 * eos["V"])
    check(page, "(m_b − m_s: +{} %)", 100 * (((4.170 - 0.0796) / (P["m_b(m_b)"] - P["m_s(2GeV)"])) ** 2 - 1))
    below = {k: 100 * (1 - ours[k] / eos[k]) for k in "VST"}
    check(page, "darkflav's V, S, T are {} %, {} %, {} % below EOS's", *below.values())
    check(page, "(which are {}–{} % lower per coefficient", min(below.values()), max(below.values()))
    larger = {k: np.sqrt(eos[k] / ours[k]) for k in "VST"}
    check(page, "needs coefficients larger by {} %, {} %, {} %", *(100 * (x - 1) for x in larger.values()))
    check(page, "Belle II's ends 16.2, 15.4, 11.2 become {}, {}, {}, and its mode ({}, 0, {})", 16.2 * larger["V"],
          15.4 * larger["S"], 11.2 * larger["T"], 11.3 * larger["V"], 8.21 * larger["T"])


def test_belle2_wet_fit_numbers():
    """The profile-likelihood fit of EOS's coefficients (full profile, docs/belle2-wet.md §3): −2Δln L at the quoted
    maximum, which no neighbour ±0.3 undercuts, and at Belle II's mode; the interval ends, by a secant step from the
    quoted end points (the other coefficients at their quoted profiled values, where the profile's gradient in them
    vanishes; Brent's tolerance there was 0.01); the profile at C_VL = 0 (parabola through three C_TL), at C_VL = 12,
    C_SL = 0, C_TL = 0 (the profiled point of tests/test_belle2_wet.py); μ̂ and the C_VL-only fit; the rates of the
    hardest spectra; and the differences the page derives from its own numbers."""
    page = "belle2-wet.md"
    check(page, "relative to the published fit (SM shape, μ̂ = {}).", belle2()._engine["mu_hat"])
    maximum = tuple(float(x) for x in quoted(page, "(C_VL, C_SL, C_TL) = ({}, {}, {}),  −2Δln L"))
    best = wet_profile(maximum)
    check(page, "(C_VL, C_SL, C_TL) = ({}, {}, {}),  −2Δln L = {}", *maximum, best)
    for k, step in ((0, 0.3), (0, -0.3), (2, 0.3), (2, -0.3)):
        neighbour = list(maximum)
        neighbour[k] += step
        assert wet_profile(tuple(neighbour)) > best, neighbour
    check(page, "| darkflav, profile likelihood (95 %: −2Δln L ≤ 3.84) | ({}, {}, {}) |", *maximum)
    check(page, "(the WET point fits better than the SM shape at its best normalisation by {})", -best)
    mode = wet_profile((11.3, 0.0, 8.21))
    check(page, "Belle II's mode (11.3, 0, 8.21) has\n−2Δln L = {} here, {} above the maximum", mode, mode - best)
    # the 95 % ends: −2Δln L − best = 3.84 along the coefficient, the others at the quoted profiled point
    ends = {}
    for k, template in enumerate(("C_VL ∈ [0, {}] (profiled point at the end ({}, {}, {}))",
                                  "C_SL ∈ [0, {}]\n(({}, {}, {}))", "C_TL ∈ [0, {}] (({}, {}, {}))")):
        end, *point = (float(x) for x in quoted(page, template))
        assert point[k] == end
        values = []
        for shift in (0.0, 0.1):
            moved = list(point)
            moved[k] += shift
            values.append(wet_profile(tuple(moved)) - best)
        ends[k] = end + (chi2.ppf(0.95, 1) - values[0]) * 0.1 / (values[1] - values[0])
        check(page, template, ends[k], *point, rel=1e-3)
    check(page, "| darkflav, profile likelihood (95 %: −2Δln L ≤ 3.84) | ({}, {}, {}) | [0, {}] | [0, {}] | [0, {}] |",
          *maximum, ends[0], ends[1], ends[2], rel=1e-3)
    # entries of the profile table: C_VL = 0 (C_SL = 0, C_TL profiled by a parabola), 12; C_SL = 0; C_TL = 0
    tensor = np.array([11.49, 11.69, 11.89])
    curve = np.polyfit(tensor, [wet_profile((0.0, 0.0, t)) - best for t in tensor], 2)
    at_zero = np.polyval(curve, -curve[1] / (2 * curve[0]))
    check(page, "(C_TL = {} at C_VL = 0)", -curve[1] / (2 * curve[0]))
    check(page, "although the best point there is only {} above the maximum", at_zero)
    rows = {name: quoted(page, f"| {name} |" + " {} |" * 15) for name in ("C_VL", "C_SL", "C_TL")}
    assert agrees(rows["C_VL"][0], at_zero) and agrees(rows["C_SL"][0], 0.0)
    assert agrees(rows["C_VL"][6], wet_profile((12.0, maximum[1], maximum[2])) - best)
    assert agrees(rows["C_TL"][0], wet_profile((13.01, 11.60, 0.0)) - best)
    # the C_VL-only fit (SM shape): the best strength of the V template, normalised like the null spectrum
    templates = wet_templates()
    unit = belle2().response.null.sum() / templates[0].sum()
    strength = belle2().best_fit_strength(spectrum=unit * templates[0])["strength"]
    check(page, "C_VL alone is fitted at {}, i.e. B = {}, the published μ̂", np.sqrt(strength * unit),
          strength * belle2().response.null.sum())
    sm = float(predict("BR(B+->K+ nu nu)"))
    rate = lambda point: float(np.asarray(point) ** 2 @ templates.sum(axis=1)) / sm  # noqa: E731
    check(page, "tensor pairs with {} (at the maximum), {} and {} (at the upper ends of C_SL and C_TL) times the SM",
          rate(maximum), rate((9.77, 19.25, 0.0)), rate((6.42, 0.0, 13.73)))


def test_belle2_wet_derived_numbers():
    """Differences and ratios the page derives from its own numbers (the posterior and EOS-template ones come from
    one-off scans, section 5): they must follow when those numbers change."""
    page = "belle2-wet.md"
    number = lambda text: float(text.replace("−", "-"))  # noqa: E731
    belle = [1.86, 16.2, 15.4, 11.2]  # Belle II's lower end of C_VL and upper ends (arXiv:2507.12393)
    posterior = [number(x) for x in quoted(page, "C_VL [{}, {}], C_SL [0, {}], C_TL [0, {}] (central")]
    profile = [0.0] + [number(x) for x in quoted(page, "95 % profile intervals: C_VL ∈ [0, {}]")] \
        + [number(x) for x in quoted(page, "C_SL ∈ [0, {}]")] + [number(x) for x in quoted(page, "C_TL ∈ [0, {}] ((")]
    eos = [number(x) for x in quoted(page, "HPD 95 %: C_VL [{}, {}], C_SL [0, {}], C_TL [0, {}], mode")]
    gap = lambda ours: [abs(a - b) for a, b in zip(ours, belle, strict=True)]  # noqa: E731
    check(page, "within {}–{} of Belle II's ends, against {}–{} for the profile intervals", min(gap(posterior)),
          max(gap(posterior)), min(gap(profile)), max(gap(profile)))
    check(page, "posterior of the same likelihood lands within {}–{} of Belle II's ends, and within {}–{} once",
          min(gap(posterior)), max(gap(posterior)), min(gap(eos)), max(gap(eos)))
    check(page, "what remains is {} on the lower end of C_VL, {} on its upper end and +{}, +{}",
          *(a - b for a, b in zip(eos, belle, strict=True)))
    eos_max = [number(x) for x in quoted(page, "profile maximum ({}, {}, {}), −2Δln L = −1.874")]
    check(page, "−1.874: {} from Belle II's mode in both coordinates", eos_max[0] - 11.3)
    assert agrees(quoted(page, "−1.874: {} from Belle II's mode")[0], eos_max[2] - 8.21)
    eos_end = number(quoted(page, "profile upper end of C_TL {} (darkflav's")[0])
    check(page, "(darkflav's templates: {}, ratio {})", profile[3], profile[3] / eos_end)


def test_published_likelihood_numbers():
    page = "published-likelihood.md"
    end = float((P["m_B+"] - P["m_K+"]) ** 2)
    check(page, "darkflav's end point (m_B⁺ − m_K⁺)² = {} GeV²", end)
    tail = float(predict("<dBR/dq2>(B+->K+ nu nu)", q2min=22.885, q2max=end) * (end - 22.885)
                 / predict("BR(B+->K+ nu nu)"))
    check(page, "the SM rate in between ({} of the total)", tail)
    check(page, "Its normalisation is\nB_SM = {} (darkflav's inputs) against the null's {}",
          float(predict("BR(B+->K+ nu nu)")), float(response().null.sum()))
    r = response()
    check(page, "per\n   generated-q² bin ({} bins on [{}, {}] GeV²)", r.null.size, r.edges[0], r.edges[-1])
    check(page, "column, {} events) scale with the bin's in-range response",
          sum(float(matrix[:, 0].sum()) for matrix in r.matrices.values()))
    sm = r.spectrum(None)
    ratio = sm / r.null / (sm.sum() / r.null.sum())  # bin by bin, relative to the totals
    below = r.edges[1:] <= 19.0
    at_22 = np.argmin(np.abs(r.edges[1:] - 22.0))
    check(page, "has the null shape to {} % below 19 GeV² ({} % at 22 GeV²)", 100 * np.abs(ratio[below] - 1).max(),
          100 * abs(ratio[at_22] - 1))


def test_published_likelihood_fit_numbers():
    """The published fit and the profiles (full profile, `full_profile`): μ̂ ± its Hesse error, B, −2Δln L at μ = 0, 1
    (the spectra 0, 1 × B_null), the SM, and the SM-shaped NeutrinoWETs folded through the response or as the null
    shape; the model's size (nuisance parameters, the fast profile's family and its Newton coordinates)."""
    page = "published-likelihood.md"
    likelihood = belle2()
    engine = likelihood._engine
    mu, error = engine["mu_hat"], engine["mu_error"]
    check(page, "(SM-shaped signal, μ̂ = {} ± {})", mu, error)
    check(page, "reproduces the paper: μ̂ = {} ± {} (B = {}; paper 2.3×10⁻⁵)", mu, error,
          mu * likelihood.response.normalisation)
    null = likelihood.response.null
    check(page, "−2Δln L(μ = 0) = {} (paper 3.5σ), −2Δln L(μ = 1) = {} (paper 2.7σ)", full_profile(0 * null),
          full_profile(null))
    check(page, "so the SM itself sits at −2Δln L = {}.", sm_profile())
    check(page, "| `full` | all {} nuisance parameters profiled", int(engine["nuisance"].sum()))
    coordinates = engine["model"].config.nmaindata + len(likelihood._factors) + 1  # B: background, signal, gradient
    check(page, "an SM-shaped signal μ = {}…{} (the", FAMILY[0], FAMILY[-1])
    check(page, "damped Newton steps in {} coordinates", coordinates)
    check(page, "(B the {} background and {}\nsignal Jacobian rows", engine["model"].config.nmaindata,
          len(likelihood._factors))
    check(page, "so each point costs a few {} × {} solves", coordinates, coordinates)
    differences = []
    for x in (0.5, 1.0, 1.3):
        spectrum = likelihood.response.spectrum(NeutrinoWET(C_L={f: -6.0 * x for f in ("ee", "mumu", "tautau")}))
        differences.append(full_profile(spectrum) - full_profile(spectrum.sum() / null.sum() * null))
    check(page, "differs by at most\n  {} in −2Δln L (new-physics C_L = {}, {}, {} in every flavour",
          np.abs(differences).max(), -3.0, -6.0, -7.8, rel=0.05)


@cache
def sm_profile() -> float:
    """−2Δln L of the SM (darkflav's SM spectrum through the response) from the published best fit."""
    return full_profile(response().spectrum(None))


def test_scans_numbers():
    """The VLQ example scan's grid point nearest m = 2.99 TeV, y = 0.99 (examples/vlq_benchmark.yaml)."""
    grid = darkflav.scan.load(ROOT / "examples" / "vlq_benchmark.yaml").parameters
    axis = {name: np.geomspace(*values) for name, (kind, values) in grid.items() if kind == "log"}
    m, y = (axis[k][np.argmin(np.abs(np.log(axis[k] / v)))] for k, v in (("m", 2990.0), ("y", 0.99)))
    check("scans.md", "at m = {} TeV, y = {} it records B(B⁺ → K⁺ inv) = {}.", m / 1e3, y,
          float(predict("BR(B+->K+ inv)", VectorLikeQuarks(m, m, 1.0, [0, y, 0.2], [0, y, 0.2]))))
    check("scans.md", "--out vlq-scan              # {} × {} grid", grid["m"][1][2], grid["y"][1][2])
    thousands, units = quoted("scans.md", "--out s12tilde-scan   # {} {} points")  # "20 000"
    assert int(thousands + units) == darkflav.scan.load(ROOT / "examples" / "leptoquark_s12tilde.yaml").n_points
    # the benchmark's rates from its times (benchmarks/bench_scan_grid.py, measured once: not re-run here)
    seconds = [float(x) for x in quoted("scans.md", "points, NA62 and KOTO likelihoods), in process on this 2-core\n"
                                                    "machine (2026-12-06): {} s with chunks of 10⁴ points, {} s")]
    check("scans.md", "({} and {} points/s;", *(1e6 / t for t in seconds))


def test_validation_and_experiments_numbers():
    ratio = float(alpha_e(2.0, P) / P["alpha_e"])
    check("validation.md", "effectively by α(2 GeV)/α(M_Z) = {}", ratio)
    as_flavio = P.replace({"P_c_0": P["P_c_0"] * ratio, "delta_P_cu": P["delta_P_cu"] * ratio})
    check("validation.md", "darkflav's B(K⁺) is {} % above flavio's convention",
          100 * float(predict("BR(K+->pi+ nu nu)") / predict("BR(K+->pi+ nu nu)", None, as_flavio) - 1))
    low, high = sdb_deviations(0.1109)
    check("validation.md", "relic ⟨σv⟩ curve within {} % at the\n  WMAP7 density", max(-low, high))
    check("experiments.md", "z(0.9) = {})", float(norm.ppf(0.9)))
    regions = yaml.safe_load((ROOT / "src" / "darkflav" / "experiments" / "data" / "acceptance.yaml").read_text())
    r2_edge = regions["NA62 signal regions"]["regions"][1][1]
    check("experiments.md", "The R2 edge {} GeV² gives the {} MeV end", r2_edge, 1e3 * np.sqrt(r2_edge) / 2)
    koto = measurement(regions["KOTO acceptance"]["from_mass_curve"]).numbers["mass"]
    check("experiments.md", "zero beyond the last tabulated mass (m_miss = {} GeV)", koto[-1])
    check("experiments.md", "above m_φ ≈ {} MeV neither NA62 nor KOTO sees K → πφφ", 1e3 * koto[-1] / 2)
    assert abs(1e3 * np.sqrt(r2_edge) / 2 - 1e3 * koto[-1] / 2) < 5  # both ends near 130 MeV
    settings = yaml.safe_load((ROOT / "src" / "darkflav" / "report" / "data" / "settings.yaml").read_text())["belle2"]
    check("experiments.md", "the report's grid (every species, {} pair\nmasses, {} two-body masses, {} couplings)",
          settings["n_masses"], settings["n_two_body_masses"], settings["n_couplings"])
    check("experiments.md", "log-spaced over {}–{} times", *operator_fits.RELATIVE_RANGE)
    check("experiments.md", "down to\n  steps of {} % of the mass range and {} % in C",
          100 * operator_fits.MIN_MASS_STEP, 100 * operator_fits.MIN_LOG_STEP)


def test_experiments_published_likelihood_numbers():
    """The SM against the published best fit (full profile, shared with docs/published-likelihood.md) and μ̂."""
    check("experiments.md", "(the SM lies {} above\n  the published best fit)", sm_profile())
    check("experiments.md", "the published fit (μ̂ = {} × SM)", belle2()._engine["mu_hat"])
