"""Parton distributions: sum rules, the grid read by path equals the installed default, α_s, errors."""

import numpy as np
import pytest

from darkflav.collider.pdf import PARTONS, load_pdf
from darkflav.errors import DarkflavError

pytest.importorskip("pythia8mc")


def _integral(pdf, partons, q, weights=None):
    """∫ dx Σ c_p f_p(x) (weights None: ∫ x f dx, the momentum) on a fine logarithmic grid."""
    x = np.logspace(-7, 0, 20001)
    xm = np.sqrt(x[1:] * x[:-1])
    xf = pdf.xfx(partons, xm, q)
    if weights is None:
        return np.sum(xf.sum(axis=0) * np.diff(x))
    return np.sum((np.asarray(weights)[:, None] * xf / xm).sum(axis=0) * np.diff(x))


@pytest.mark.parametrize("q", [10.0, 100.0, 1000.0])
def test_momentum_and_valence_sum_rules(q):
    pdf = load_pdf()
    assert _integral(pdf, list(PARTONS), q) == pytest.approx(1.0, abs=0.01)
    # the LO grid itself gives u_v = 1.973–1.975, d_v = 0.975–0.977 on this x grid; clipping its negative
    # entries (d at x < 1e-5) lowers d_v to 0.956 at Q = 10 GeV
    assert _integral(pdf, [2, -2], q, [1, -1]) == pytest.approx(2.0, rel=0.02)
    assert _integral(pdf, [1, -1], q, [1, -1]) == pytest.approx(1.0, rel=0.05)
    assert _integral(pdf, [3, -3], q, [1, -1]) == pytest.approx(0.0, abs=0.015)   # s = s̄ up to clipping


def test_shared_basis_equals_partons_own_splines():
    """All partons from one B-spline basis per point = parton's RectBivariateSpline per parton, in both subgrids
    (the b threshold at 4.92 GeV), at the grid's edges (x_min, x = 1, Q_min, Q_max) and between its nodes."""
    pdf = load_pdf()
    rng = np.random.default_rng(7)
    x = np.concatenate([[pdf.x_min, 1.0, 0.3, 0.3], 10 ** rng.uniform(np.log10(pdf.x_min), 0, 3000)])
    q = np.concatenate([[pdf.q_min, pdf.q_max, 4.92, 4.9201], 10 ** rng.uniform(np.log10(pdf.q_min), 5, 3000)])
    ours = pdf.xfx(list(PARTONS), x, q)
    reference = np.zeros_like(ours)
    todo = np.ones(x.size, bool)
    for grid in pdf.subgrids:
        sel = todo & (q >= grid.Q.min()) & (q <= grid.Q.max())
        for k, p in enumerate(PARTONS):
            reference[k, sel] = grid.interpolator(p)(np.log(x[sel]), 2 * np.log(q[sel]), grid=False)
        todo &= ~sel
    np.testing.assert_allclose(ours, np.clip(reference, 0, None), rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(pdf.xfx([2, 21], x, q), ours[[PARTONS.index(2), PARTONS.index(21)]], rtol=1e-14)


def test_grid_by_path_equals_the_installed_default(shared_data):
    by_path = load_pdf(shared_data / "pdf" / "NNPDF31_lo_as_0118_0000.dat")
    default = load_pdf()
    x, q = np.array([1e-4, 0.01, 0.3, 0.7]), np.array([5.0, 91.0, 500.0, 3000.0])
    assert np.array_equal(by_path.xfx(list(PARTONS), x, q), default.xfx(list(PARTONS), x, q))
    assert by_path.alpha_s_mz == 0.118   # from data/pdf_sets.yaml (the grid has no .info file)


def test_alpha_s_one_loop_running():
    pdf = load_pdf()
    mu = np.array([50.0, 91.1876, 2000.0])
    a = pdf.alpha_s(mu)
    assert a[1] == pytest.approx(pdf.alpha_s_mz)
    b0 = (33 - 10) / (12 * np.pi)
    assert 1 / a[2] - 1 / a[0] == pytest.approx(b0 * np.log(2000.0**2 / 50.0**2), rel=1e-12)
    assert load_pdf(alpha_s_mz=0.125).alpha_s(91.1876) == pytest.approx(0.125)


def test_missing_set_names_what_to_install(tmp_path):
    with pytest.raises(DarkflavError, match="pip install --only-binary :all: pythia8mc"):
        load_pdf("NoSuchSet_lo")
    with pytest.raises(DarkflavError, match="does not exist"):
        load_pdf(tmp_path / "missing_0000.dat")
    with pytest.raises(DarkflavError, match="alpha_s_mz"):
        load_pdf(alpha_s_mz=0.5)
