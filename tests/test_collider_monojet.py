"""pp → φφ + j and pp → QQ̄ cross sections: published LO benchmark, identities, scaling, errors."""

import numpy as np
import pytest

import darkflav
from darkflav.collider.atlas_monojet import EXCLUSIVE, REGIONS
from darkflav.collider.monojet import PhiPhiJet, monojet_cross_sections, unit_region_cross_sections
from darkflav.collider.pdf import load_pdf
from darkflav.collider.phase_space import adapted_sample, two_to_two
from darkflav.collider.vlq.production import HeavyQuarkPair
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


def pythia_cross_section(process_settings: list[str], n_events: int = 20_000):
    """(Pythia, σ, its error in fb) of Pythia 8's hard process alone (no shower, no decays) at 13 TeV with
    darkflav's default PDF grid (Pythia's PDF:pSet 18 is NNPDF3.1 LO, α_s(M_Z) = 0.118) and α_s(M_Z) = 0.118 at
    one loop with five flavours (darkflav's running; Pythia's default switches to six above m_t)."""
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)
    for setting in ["Beams:eCM = 13000", "PDF:pSet = 18", "SigmaProcess:alphaSvalue = 0.118",
                    "SigmaProcess:alphaSorder = 1", "StandardModel:alphaSnfmax = 5", "PartonLevel:all = off",
                    "HadronLevel:all = off", "ProcessLevel:resonanceDecays = off", "Random:setSeed = on",
                    "Random:seed = 7", "Print:quiet = on", *process_settings]:
        assert pythia.readString(setting), setting
    assert pythia.init()
    for _ in range(n_events):
        pythia.next()
    info = pythia.infoPython()
    return pythia, info.sigmaGen() * 1e12, info.sigmaErr() * 1e12  # mb → fb


def test_heavy_quark_pair_against_pythia8():
    """LO pp → QQ̄ of a 1.5 TeV colour-triplet fermion (the VLQ mass range) against Pythia 8's Top:gg2ttbar and
    Top:qqbar2ttbar with m_t set to 1.5 TeV, same PDFs, α_s and scale μ_R = μ_F = m_T (Pythia's default for
    2 → 2 with equal masses). All top decay modes are switched on: otherwise Pythia scales σ by the open fraction
    of the top width (t → H⁺b, off by default, opens at this mass), 8 % at 1.5 TeV. Measured 1.587 ± 0.011 fb
    (darkflav) against 1.600 ± 0.006 fb (Pythia 8.317), and 440.3 against 442.0 pb for m_t = 173.2 GeV."""
    mass = 1500.0
    _, reference, reference_error = pythia_cross_section(
        ["Top:gg2ttbar = on", "Top:qqbar2ttbar = on", f"6:m0 = {mass}", "6:mWidth = 0", "6:doForceWidth = on",
         "6:onMode = on"])
    params = Parameters.default()
    process = HeavyQuarkPair(mass, 0.0, load_pdf(None, params=params), params)
    sample = adapted_sample(lambda u: process.weights(u)[:, 0], process.dim, N, seed=3, n_adapt=8000)
    sigma, error = sample.estimate(process.weights(sample.u)[:, 0])
    assert error / sigma < 0.01
    assert abs(sigma - reference) < 3 * np.hypot(error, reference_error)
    assert sigma == pytest.approx(reference, rel=0.02)


class HiggsPlusJet(PhiPhiJet):
    """pp → S + parton through the gluon operator with S at a fixed mass: PhiPhiJet's code without the φφ
    mass integral (u₀ unused), for unit coupling L = S G^a_{μν}G^{aμν} at the scale 2 GeV."""

    mass = 125.0

    def kinematics(self, u):
        return two_to_two(u[:, 1:], self.sqrt_s, 0.0, self.mass, self.pt_min), 1.0


def test_higgs_plus_jet_against_pythia8(monkeypatch):
    """The gluon-fusion monojet benchmark pp → H(→ invisible) + jet, LO heavy-top limit, p_T > 200 GeV, 13 TeV,
    with the package's gluon-operator code (matrix elements, PDFs, α_s, phase space, vegas) against Pythia 8's
    HiggsSM:gg2Hg(l:t), qg2Hq(l:t), qqbar2Hg(l:t) (heavy-top kinematics normalised to Γ(H → gg), Pythia's
    HiggsProcesses documentation). Same grid (Pythia's PDF:pSet 18 is NNPDF3.1 LO, α_s(M_Z) = 0.118), one-loop
    α_s, fixed μ_R = μ_F = m_H. The coupling c of L = c H GG follows from Pythia's Γ(H → gg) = 2c²m_H³/π
    (the heavy-top width G_F α_s² m³/(36√2π³) for c = α_s/(12πv)). Measured 821.7 ± 3.9 fb (darkflav) against
    824.5 ± 3.2 fb (Pythia 8.317, 20 000 events)."""
    from darkflav.collider import monojet

    pythia, reference, reference_error = pythia_cross_section(
        ["HiggsSM:gg2Hg(l:t) = on", "HiggsSM:qg2Hq(l:t) = on", "HiggsSM:qqbar2Hg(l:t) = on", "25:m0 = 125",
         "PhaseSpace:pTHatMin = 200", "SigmaProcess:renormScale2 = 5", "SigmaProcess:factorScale2 = 5",
         "SigmaProcess:renormFixScale = 15625", "SigmaProcess:factorFixScale = 15625"])
    width_gg = pythia.particleData.resWidthChan(25, 125.0, 21, 21)

    params = Parameters.default()
    monkeypatch.setattr(monojet, "central_scale", lambda k: np.full_like(k.pt, HiggsPlusJet.mass))
    process = HiggsPlusJet("gg", 1.0, load_pdf(None, params=params), params, 200.0, np.inf)
    sample = adapted_sample(lambda u: process.weights(u)[:, 0], process.dim, 20_000, seed=2, n_adapt=8000)
    sigma, error = sample.estimate(process.weights(sample.u)[:, 0])
    coupling2 = np.pi * width_gg / (2 * HiggsPlusJet.mass**3)  # c² at μ = m_H; PhiPhiJet's C_G is given at 2 GeV
    scale = coupling2 * (process.alpha_s_gluon_scale / process.pdf.alpha_s(HiggsPlusJet.mass)) ** 2
    assert error / sigma < 0.01 and reference_error / reference < 0.01
    assert abs(sigma * scale - reference) < 3 * np.hypot(error * scale, reference_error)
    assert sigma * scale == pytest.approx(reference, rel=0.02)


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
