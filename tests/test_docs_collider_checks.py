"""Numbers of docs/collider.md that no other test computes and that cost little (well under the 2 s of one test
here): the sampler's settings as the page states them, the two-loop size of the C_G running, Pythia's six-flavour
α_s, and the gluon operator's bound at m_φ = 1 GeV. The numbers that the collider tests compute anyway are checked
there (tests/test_collider_*.py, tests/test_vlq_events.py); the helpers are those of tests/test_docs.py."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from darkflav.collider.atlas_monojet import analysis, coefficient_limit, sampling_settings
from darkflav.collider.events import Unweighter, unweighted_events
from darkflav.collider.monojet import PhiPhiJet, unit_region_cross_sections
from darkflav.collider.pdf import load_pdf
from darkflav.collider.phase_space import train_map
from darkflav.parameters import Parameters

from .test_docs import check

pytest.importorskip("pythia8mc")  # the PDF grids come from pythia8mc
P = Parameters.default()


def test_sampler_settings_as_stated():
    """The stratified sampler (Signal) and the unweighter (Events) as the page describes them."""
    settings = {name: entry["value"] for name, entry in sampling_settings().items()}
    iterations = inspect.signature(train_map).parameters["n_iterations"].default
    check("collider.md", "a vegas map is trained on the bin alone ({} × {} points), a pilot of {} points measures the "
          "variance, and then n = {} × {} × (error/target)² fresh points (at least {}) are drawn", iterations,
          settings["n_adapt"], settings["first_batch"], settings["safety"], settings["first_batch"],
          settings["first_batch"])
    check("collider.md", "(points are added only if that sample misses the target by more than {} %)",
          100 * (settings["tolerance"] - 1))
    check("collider.md", "`unit_region_cross_sections(pair, m_φ, precision=0.01)` is the default ({} %)",
          100 * settings["precision"])
    assert settings["precision"] == 0.01
    defaults = inspect.signature(unweighted_events).parameters
    check("collider.md", "w_max = safety (default {}) × the largest weight of {} 000 points from the map",
          defaults["safety"].default, defaults["n_max"].default / 1000)
    mixed = inspect.signature(Unweighter).parameters   # the VLQ parts (vlq_events) use Unweighter's defaults
    check("collider.md", "w_max = {} × max of n_max weights", mixed["safety"].default)


def test_gluon_operator_running_beyond_leading_order():
    """The two-loop factor (1 + b₁α_s(μ)/(4πb₀))/(1 + b₁α_s(2 GeV)/(4πb₀)) of the invariant β(α_s)/α_s GG at
    μ_R = 1 TeV (five flavours) against 2 GeV (three flavours), with the default set's one-loop α_s of the cross
    sections; its square is the change of σ_G."""
    process = PhiPhiJet("gg", 1.0, load_pdf(), P, 200.0, 2.4)

    def ratio(n_flavours):  # b₁/(4πb₀), β₀ = 11 − 2n_f/3, β₁ = 102 − 38n_f/3 (expansion in α_s/4π; PDG review, QCD)
        return (102 - 38 * n_flavours / 3) / (4 * np.pi * (11 - 2 * n_flavours / 3))

    factor = (1 + ratio(5) * process.pdf.alpha_s(1000.0)) / (1 + ratio(3) * process.alpha_s_gluon_scale)
    check("collider.md", "≈ {} at μ_R = 1 TeV (b₀, b₁ with five flavours at μ, three at 2 GeV; {} % in σ_G)", factor,
          100 * (factor**2 - 1))


def test_pythia_six_flavour_alpha_s():
    """Pythia's default α_s runs with six flavours above m_t: at one loop from the same α_s(M_Z) = 0.118 it is 2 %
    above darkflav's five-flavour α_s at 1.5 TeV (Heavy quarks)."""
    pdf = load_pdf("NNPDF31_lo_as_0118")
    m_t, mu = 173.2, 1500.0
    six = 1 / (1 / pdf.alpha_s(m_t) + (33 - 2 * 6) / (12 * np.pi) * np.log(mu**2 / m_t**2))
    check("collider.md", "its α_s runs with six flavours above m_t by default (+{} % in α_s at 1.5 TeV at one loop",
          100 * (six / pdf.alpha_s(mu) - 1))


def test_gluon_operator_bound_at_one_gev():
    """C_G at m_φ = 1 GeV (1 % precision, seed 1; ≈ 2 s): σ × A(IM0) per unit C_G², the bound, σ × A(IM12) at the
    bound with and without the flat efficiency."""
    unit = unit_region_cross_sections("gg", 1.0)
    bound = coefficient_limit(unit)
    im12 = bound**2 * unit["IM12"]
    efficiency = analysis()["detector_efficiency"]["value"]
    check("collider.md", "(σ × A(IM0) ≈ {} fb per unit C_G² at m_φ = 1 GeV)", unit["IM0"])
    check("collider.md", "{} GeV⁻² now at 1 % precision, seed 1", bound)
    check("collider.md", "At the new bound σ × A(IM12) = {} fb (ε σ × A = {} fb)", im12, efficiency * im12)
