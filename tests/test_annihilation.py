"""φφ → mesons: the thermal factor η(x, z), the channel sums of the notes, and the seeds' relic coupling."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import kn, kve

import darkflav
from darkflav import DarkEFT, DarkflavError
from darkflav.darkmatter import annihilation
from darkflav.darkmatter.annihilation import thermal_factor


def eta_reference(x, z):
    """docs/dark-matter.md (chiral amplitudes) by adaptive quadrature."""
    w0 = max(1.0, z)
    integrand = lambda w: np.sqrt(w * w - 1) * np.sqrt(max(w * w - z * z, 0)) * kn(1, 2 * x * w)  # noqa: E731
    return 4 * x / kn(2, x) ** 2 * quad(integrand, w0, w0 + 60 / x, limit=400, epsabs=0, epsrel=1e-12)[0]


@pytest.mark.parametrize("x, z", [(20, 0.3), (20, 0.9), (5, 1.1), (30, 1.05), (2, 0.5), (100, 0.99)])
def test_thermal_factor_against_quadrature(x, z):
    assert thermal_factor(x, z) == pytest.approx(eta_reference(x, z), rel=1e-7)


def test_thermal_factor_limits():
    """η → √(1 − z²) as x → ∞ for open channels; closed channels fall like e^{−2x(z − 1)}."""
    assert thermal_factor(1e5, 0.6) == pytest.approx(0.8, rel=1e-3)
    ratio = thermal_factor(60.0, 1.1) / thermal_factor(40.0, 1.1)
    assert np.log(ratio) / (-2 * 20 * 0.1) == pytest.approx(1.0, rel=0.1)


def test_freeze_out_grids_read_the_laguerre_sum_from_its_table_to_5e_6(monkeypatch):
    """On the freeze-out grids (x = 1 … 10³ and 10³ … 10⁷) the tabulated Laguerre sum (annihilation._freeze_out_table)
    equals the direct one point by point to 5e-6, for open, near-threshold (|z − 1| down to 10⁻⁸), closed and
    far-closed channels, equal (z₋ = 0) and unequal masses (z₋/z₊ = 0.6, the π⁰η channel's ratio)."""
    z_plus = np.array([0.01, 0.5, 0.99, 0.9999, 1 - 1e-8, 1.0, 1 + 1e-7, 1.0001, 1.1, 3.0, 30.0, 999.0])[:, None]
    for ratio in (0.0, 0.6):
        grids = (np.geomspace(1.0, 1e3, 601), np.geomspace(1e3, 1e7, 100))
        annihilation._freeze_out_table(ratio)  # built first: then the grids must not call the direct sum
        direct_sum = annihilation._laguerre_sum
        monkeypatch.setattr(annihilation, "_laguerre_sum", lambda *a: pytest.fail("not tabulated"))
        tabulated = [thermal_factor(grid, z_plus, ratio * z_plus) for grid in grids]
        monkeypatch.setattr(annihilation, "_laguerre_sum", direct_sum)
        for grid, got in zip(grids, tabulated, strict=True):
            direct = np.stack([thermal_factor(x, z_plus[:, 0], ratio * z_plus[:, 0]) for x in grid], axis=-1)
            assert got.shape == direct.shape == (z_plus.size, grid.size)
            # closed channels underflow alike (up to where one exponent is taken: e^{ln S − 2x(z−1)} vs S e^{−2x(z−1)})
            assert np.all(got[direct == 0] < 1e-290) and np.all(direct[got == 0] < 1e-290)
            positive = direct > 1e-290
            assert positive.sum() > 0.5 * direct.size
            np.testing.assert_allclose(got[positive], direct[positive], rtol=5e-6, atol=0)


def test_the_scaled_bessel_function_is_continuous_where_the_asymptotic_series_takes_over():
    """e^y K₁(y): scipy below 10⁸, √(π/2y)(1 + 3/(8y)) above (scipy gives NaN beyond ~10⁹)."""
    y = np.array([1e8 * (1 - 1e-12), 1e8 * (1 + 1e-12), 1e9, 1e12])
    got = annihilation._k1_scaled(y)
    assert np.all(np.isfinite(got))
    assert got[0] == pytest.approx(got[1], rel=1e-10)
    assert got[0] == pytest.approx(kve(1, 1e8), rel=1e-12)
    np.testing.assert_allclose(got * np.sqrt(2 * y / np.pi), 1 + 3 / (8 * y), rtol=1e-14)


def test_strange_channels_follow_the_notes(params):
    """C_s only (notes' c_s = C/2): ⟨σv⟩ = (B_K c_s)²/(8π m²) [η(z_K⁺) + η(z_K⁰) + (8/9) η(z_η)]."""
    m, c, x = 1.2, 2e-4, np.array([5.0, 20.0, 80.0])
    theory = DarkEFT("real scalar", m, {"CS_ss": c})
    b_k = params["m_K+"] ** 2 / (params["m_s(2GeV)"] + params["m_u(2GeV)"])
    eta = [thermal_factor(x, params[k] / m) for k in ("m_K+", "m_K0", "m_eta")]
    expected = (b_k * c / 2) ** 2 / (8 * np.pi * m**2) * (eta[0] + eta[1] + 8 / 9 * eta[2])
    cm3 = params["hbar_c"] ** 2 * params["c_light"]
    np.testing.assert_allclose(darkflav.predict("<sigma v>", theory, x=x), expected * cm3, rtol=1e-12)


def test_relic_coupling_of_the_seeds():
    """Seeds: C^{S,ss}_{dφ} ~ 0.1/TeV gives the relic density at m_φ ≈ 1 GeV. darkflav (package
    normalisation ½C): 0.15/TeV; in the displayed normalisation 0.077/TeV."""
    couplings = np.geomspace(3e-5, 1e-3, 31)
    omega = darkflav.predict("Omega h^2", DarkEFT("real scalar", 1.0, {"CS_ss": couplings}))
    assert np.all(np.diff(omega) < 0)
    c_relic = np.exp(np.interp(np.log(0.12), np.log(omega[::-1]), np.log(couplings[::-1])))
    assert 0.5e-4 < c_relic < 2e-4


def test_annihilation_input_checks():
    with pytest.raises(DarkflavError, match="real scalar"):
        darkflav.predict("Omega h^2", DarkEFT("Dirac fermion", 1.0, {"CSS_ss": 1e-4}))
    with pytest.raises(DarkflavError, match="x = m/T must be > 0"):
        darkflav.predict("<sigma v>", DarkEFT("real scalar", 1.0, {"CS_ss": 1e-4}), x=0.0)


def test_inverse_problem_and_command_line(tmp_path):
    import json

    from typer.testing import CliRunner

    from darkflav.cli import app
    from darkflav.darkmatter import relic_density_of, relic_scale

    theory = DarkEFT("real scalar", np.array([0.5, 1.0]), {"CS_ss": 1e-4, "CS_uu": 2e-5})
    k = relic_scale(theory)
    np.testing.assert_allclose(relic_density_of(theory.scaled(k)), 0.12, rtol=1e-3)
    spec = tmp_path / "phi.yaml"
    spec.write_text("species: real scalar\nmass: 1.0\ncoefficients: {CS_ss: 1.0e-4}\n")
    result = CliRunner().invoke(app, ["relic", "--dark", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scale_for_0.12"][0] == pytest.approx(1.544, rel=0.01)
    closed = DarkEFT("real scalar", 0.05, {"CS_ss": 1e-4})  # every meson channel closed far below threshold
    with pytest.raises(DarkflavError, match="did not converge"):
        relic_scale(closed)
