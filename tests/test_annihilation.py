"""φφ → mesons: the thermal factor η(x, z), the channel sums of the notes, and the seeds' relic coupling."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import kn

import darkflav
from darkflav import DarkEFT, DarkflavError
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


def test_long_x_grids_interpolate_the_laguerre_sum_exactly_enough():
    """On the freeze-out grids (x = 1 … 10³ and 10³ … 10⁷) the interpolated Laguerre sum equals the direct one
    point by point to 2e-8, open, near-threshold, closed and unequal-mass channels alike."""
    z_plus = np.array([0.01, 0.5, 0.99, 0.9999, 1.0, 1.0001, 1.1, 3.0])[:, None]
    z_minus = np.array([0.0, 0.2, 0.0, 0.5, 0.0, 0.3, 0.0, 1.0])[:, None]
    for grid in (np.geomspace(1.0, 1e3, 3001), np.geomspace(1e3, 1e7, 400)):
        interpolated = thermal_factor(grid, z_plus, z_minus)
        direct = np.stack([thermal_factor(x, z_plus[:, 0], z_minus[:, 0]) for x in grid], axis=-1)
        assert interpolated.shape == direct.shape == (8, grid.size)
        np.testing.assert_array_equal(interpolated == 0, direct == 0)  # closed channels underflow alike
        positive = direct > 0
        assert positive.sum() > 0.5 * direct.size
        np.testing.assert_allclose(interpolated[positive], direct[positive], rtol=2e-8, atol=0)


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
