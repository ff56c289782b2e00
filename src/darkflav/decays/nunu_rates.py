"""B → K(*), φ νν̄ as quadratic forms: dΓ/dq² = Σ_k K_k(q²) S_k with kernels K_k per unit coherent sum
(common.nunu_density, arXiv:1409.4557 eqs. 3.1, 3.5) and S = (Σ|C₊|², Σ|C₋|²) from the coefficients
(common.coherent_sums). The q²-integrated kernels are computed once per parameter set on a fixed Gauss–Legendre
grid, so a million coefficient points cost a few array operations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..arrays import Real
from ..eft import NeutrinoWET
from ..errors import DarkflavError
from ..kinematics import check_bin, check_q2, q2_nodes
from ..parameters import Parameters
from . import b_to_k, b_to_kstar, bs_to_phi
from .common import c_left_sm, coherent_sums, nunu_density

#: the rate module of each final meson
MESONS = {"K": b_to_k, "K*": b_to_kstar, "phi": bs_to_phi}
#: which coherent sum (C₊ or C₋) a kernel multiplies
SUM_INDEX = {"V": 0, "A_T": 1, "A_0": 1}


def kernels(params: Parameters, meson: str, mode: str, q2min: float | None = None,
            q2max: float | None = None) -> dict[str, NDArray[Any]]:
    """∫ dΓ/dq² per unit coherent sum, per component, over [q2min, q2max] (default: full range), memoised per
    parameter set."""
    module = MESONS[meson]

    def compute():
        lo = 0.0 if q2min is None else q2min
        hi = module.q2_max(params, mode) if q2max is None else q2max
        nodes, weights = q2_nodes(lo, hi)
        density = nunu_density(module, nodes, params, mode)
        return {k: np.sum(weights * v, axis=-1) for k, v in density.items()}

    key = tuple(None if x is None else np.asarray(x, dtype=float).tobytes() for x in (q2min, q2max))
    return params.memo(("kernels", meson, mode, key), compute)


def bin_kernels(params: Parameters, meson: str, mode: str, edges: NDArray[Any]) -> dict[str, NDArray[Any]]:
    """∫ dΓ/dq² per unit coherent sum over each bin [edges[k], edges[k+1]] (trailing axis; bins cut at the end
    point), memoised per parameter set."""
    module = MESONS[meson]
    edges = np.asarray(edges, dtype=float)

    def compute():
        lo = np.minimum(edges[:-1], module.q2_max(params, mode)[..., None])
        hi = np.minimum(edges[1:], module.q2_max(params, mode)[..., None])
        nodes, weights = q2_nodes(lo, hi)  # (..., bins, nodes)
        density = nunu_density(module, nodes.reshape(*nodes.shape[:-2], -1), params, mode)
        return {k: np.sum(weights * v.reshape(*v.shape[:-1], *weights.shape[-2:]), axis=-1) for k, v in density.items()}

    return params.memo(("bin kernels", meson, mode, edges.tobytes()), compute)


def in_bins(theory: NeutrinoWET, params: Parameters, meson: str, mode: str, edges: NDArray[Any]) -> NDArray[Any]:
    """B per q² bin (trailing axis)."""
    sums = [s[..., None] for s in coherent_sums(theory, c_left_sm(params))]
    return tau_over_hbar(params, meson, mode)[..., None] * combine(bin_kernels(params, meson, mode, edges), sums)


def tau_over_hbar(params: Parameters, meson: str, mode: str) -> NDArray[np.float64]:
    return np.asarray(params[MESONS[meson].MODES[mode][2]]) / params["hbar"]


def combine(kernel: Mapping[str, NDArray[Any]], sums: Sequence[NDArray[Any]]) -> NDArray[Any]:
    """Σ_k K_k · S_{index(k)}, broadcasting kernels (parameters) against sums (coefficients)."""
    return sum(np.asarray(v) * sums[SUM_INDEX[k]] for k, v in kernel.items())


def one_bin(module: ModuleType, mode: str, params: Parameters, q2min: Real, q2max: Real,
            what: str) -> tuple[float, float]:
    """(q2min, q2max) as floats after the checks of `check_bin`: one bin per call."""
    if np.ndim(q2min) or np.ndim(q2max):
        raise DarkflavError("q2min and q2max must be single numbers (one bin per call)")
    check_bin(q2min, q2max, module.q2_max(params, mode), what)
    return float(q2min), float(q2max)


def _bin(meson, mode, params, q2min, q2max):
    """The checked bin and the kernels over it (the upper limit: the bin edge or the end point if that comes first)."""
    lo, hi = one_bin(MESONS[meson], mode, params, q2min, q2max, f"B→{meson}νν̄")
    return lo, hi, kernels(params, meson, mode, lo, np.minimum(hi, MESONS[meson].q2_max(params, mode)))


def branching_ratio(theory: NeutrinoWET, params: Parameters, meson: str, mode: str) -> NDArray[np.float64]:
    sums = coherent_sums(theory, c_left_sm(params))
    return tau_over_hbar(params, meson, mode) * combine(kernels(params, meson, mode), sums)


def differential(theory: NeutrinoWET, params: Parameters, meson: str, mode: str,
                 q2: ArrayLike) -> NDArray[np.float64]:
    """dB/dq² at q² (an array adds a trailing axis)."""
    module = MESONS[meson]
    q2 = check_q2(q2, module.q2_max(params, mode), f"B{mode[1:]}→{meson}νν̄")
    scalar = q2.ndim == 0
    density = nunu_density(module, np.atleast_1d(q2), params, mode)
    sums = [s[..., None] for s in coherent_sums(theory, c_left_sm(params))]
    out = tau_over_hbar(params, meson, mode)[..., None] * combine(density, sums)
    return out[..., 0] if scalar else out


def binned(theory: NeutrinoWET, params: Parameters, meson: str, mode: str, q2min: ArrayLike,
           q2max: ArrayLike) -> NDArray[np.float64]:
    """dB/dq² averaged over [q2min, q2max]."""
    lo, hi, kernel = _bin(meson, mode, params, q2min, q2max)
    return tau_over_hbar(params, meson, mode) * combine(kernel, coherent_sums(theory, c_left_sm(params))) / (hi - lo)


def _longitudinal(theory, params, kernel):
    s_plus, s_minus = coherent_sums(theory, c_left_sm(params))
    return np.asarray(kernel["A_0"]) * s_minus / combine(kernel, (s_plus, s_minus))


def longitudinal_fraction(theory: NeutrinoWET, params: Parameters, mode: str,
                          q2: ArrayLike | None = None) -> NDArray[np.float64]:
    """F_L of B → K*νν̄: over the full q² range, or at q2."""
    if q2 is None:
        return _longitudinal(theory, params, kernels(params, "K*", mode))
    end = b_to_kstar.q2_max(params, mode)
    q2 = check_q2(q2, end, "B→K*νν̄")
    scalar = q2.ndim == 0
    # at zero recoil every amplitude vanishes: take F_L as the limit from just below
    q2 = np.minimum(np.atleast_1d(q2), np.asarray(end)[..., None] * (1 - 1e-9))
    density = nunu_density(b_to_kstar, q2, params, mode)
    sums = [s[..., None] for s in coherent_sums(theory, c_left_sm(params))]
    out = density["A_0"] * sums[1] / combine(density, sums)
    return out[..., 0] if scalar else out


def binned_longitudinal_fraction(theory: NeutrinoWET, params: Parameters, mode: str, q2min: ArrayLike,
                                  q2max: ArrayLike) -> NDArray[np.float64]:
    return _longitudinal(theory, params, _bin("K*", mode, params, q2min, q2max)[2])


def ratio_to_sm(theory: NeutrinoWET, params: Parameters, meson: str, mode: str) -> NDArray[np.float64]:
    """B/B_SM: (Σ_k K_k S_k) / (Σ_k K_k S_k^SM), S^SM = 3|C_L^SM|²."""
    c_sm = c_left_sm(params)
    kernel = kernels(params, meson, mode)
    sm = 3 * np.abs(c_sm) ** 2
    return combine(kernel, coherent_sums(theory, c_sm)) / combine(kernel, (sm, sm))
