"""pp → φφ + j and pp → QQ̄ cross sections: published LO benchmark, identities, scaling, errors."""

import numpy as np
import pytest

import darkflav
from darkflav.collider.atlas_monojet import EXCLUSIVE, REGIONS
from darkflav.collider.monojet import PhiPhiJet, monojet_cross_sections, unit_region_cross_sections
from darkflav.collider.pdf import load_pdf
from darkflav.collider.phase_space import adapted_sample
from darkflav.collider.vlq_production import HeavyQuarkPair
from darkflav.errors import DarkflavError
from darkflav.parameters import Parameters

pytest.importorskip("pythia8mc")
N = 12_000


def test_top_pair_lo_cross_section_against_madgraph5_amcatnlo():
    """σ_LO(pp → tt̄, 13 TeV) = 458.4 pb (+22.6 % −17.0 %), Alwall et al., JHEP 07 (2014) 079 (arXiv:1405.0301),
    Table 7 (process a.1), m_t = 173.2 GeV, μ_R = μ_F = H_T/2, NNPDF2.3 NLO PDFs (our reading of the set-up).
    Tolerance 5 %: α_s at one loop here, grid interpolation and 1 % Monte Carlo error."""
    params = Parameters.default()
    process = HeavyQuarkPair(173.2, 0.0, load_pdf("NNPDF23_nlo_as_0119_qed"), params)
    sample = adapted_sample(lambda u: process.weights(u)[:, 0], process.dim, N, seed=3, n_adapt=8000)
    sigma, error = sample.estimate(process.weights(sample.u))
    assert error[0] / sigma[0] < 0.01
    assert sigma[0] / 1000 == pytest.approx(458.4, rel=0.05)
    assert sigma.min() < 458.4e3 * (1 - 0.17) < sigma[0] < 458.4e3 * (1 + 0.226) < sigma.max()


def test_heavy_quark_decays_conserve_momentum():
    process = HeavyQuarkPair(1500.0, 100.0, load_pdf(), Parameters.default())
    u = np.random.default_rng(0).random((50, process.dim))
    jets, invisible = process.final_state(u)
    k = process.kinematics(u)
    total = jets.sum(axis=1) + invisible.sum(axis=1)
    sqrt_s = 13000.0
    assert np.allclose(total[:, 0], (k.x1 + k.x2) * sqrt_s / 2, rtol=1e-10, atol=0)
    assert np.allclose(total[:, 3], (k.x1 - k.x2) * sqrt_s / 2, rtol=1e-8, atol=1e-6)
    assert np.allclose(total[:, 1:3], 0, atol=1e-8)
    assert np.allclose(invisible[..., 0] ** 2 - (invisible[..., 1:] ** 2).sum(-1), 100.0**2, rtol=1e-6, atol=0)


def test_phase_space_identities():
    process = PhiPhiJet("ss", 1.0, load_pdf(), Parameters.default(), 200.0, 2.4)
    u = np.random.default_rng(1).random((200, 4))
    k, _ = process.kinematics(u)
    assert np.allclose(k.shat + k.t1 + k.t2, k.m4**2, rtol=1e-8, atol=1e-3)
    assert np.allclose(k.t1 * k.t2 / k.shat, k.pt**2, rtol=1e-8, atol=0)


def test_region_cross_sections_are_consistent():
    r = unit_region_cross_sections("sb", 1.0, n_points=N, seed=2)
    em, im = r.sigma[: len(EXCLUSIVE)], r.sigma[len(EXCLUSIVE):]
    assert im[0] == pytest.approx(em.sum(), rel=1e-10)              # IM0 = all EM bins
    assert np.allclose(im, np.cumsum(em[::-1])[::-1], rtol=1e-10, atol=0)   # IMn = Σ_{k ≥ n} EMk
    assert r.error[REGIONS.index("IM0")] / r["IM0"] < 0.02
    assert np.all((r.scale_low <= r.sigma) & (r.sigma <= r.scale_high))
    # EFT truncation √ŝ < 1 TeV removes the high-E_T^miss tail (p_T ≤ √ŝ/2)
    cut = unit_region_cross_sections("sb", 1.0, n_points=N, seed=2, sqrt_shat_max=1000.0)
    assert cut["IM6"] == 0 and 0 < cut["IM0"] < r["IM0"]


def test_dark_eft_cross_sections_add_in_quadrature_of_coefficients():
    single = unit_region_cross_sections("ss", 1.0, n_points=N, seed=1)
    theory = darkflav.DarkEFT("real scalar", 1.0, {"CS_ss": 3e-3, "CP_ss": 4e-3})
    total = monojet_cross_sections(theory, n_points=N, seed=1)
    assert np.allclose(total.sigma, 25e-6 * single.sigma, rtol=1e-12, atol=0)


def test_gluon_operator_grows_with_energy():
    quark = unit_region_cross_sections("ss", 1.0, n_points=N, seed=1)
    gluon = unit_region_cross_sections("gg", 1.0, n_points=N, seed=1)
    assert gluon["EM12"] / gluon["EM0"] > 20 * quark["EM12"] / quark["EM0"]


def test_errors():
    with pytest.raises(DarkflavError, match="m_phi"):
        unit_region_cross_sections("ss", 5000.0)
    with pytest.raises(DarkflavError, match="quark-flavour pair"):
        unit_region_cross_sections("tt", 1.0)
    with pytest.raises(DarkflavError, match="m_Q"):
        HeavyQuarkPair(7000.0, 1.0, load_pdf(), Parameters.default())
    with pytest.raises(DarkflavError, match="real scalar"):
        monojet_cross_sections(darkflav.DarkEFT("Dirac fermion", 1.0, {"CSS_ss": 1e-6}))
