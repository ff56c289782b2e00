"""CKM factors from the tree-level inputs |V_us|, |V_cb|, |V_ub|, γ (standard parametrisation).

The matrix is `ckmutil.ckm.ckm_standard` (PDG standard parametrisation), which broadcasts over arrays of inputs,
with θ12, θ13, θ23 and δ from the tree-level inputs as in ckmutil's `tree_to_standard`; δ by the exact relation of
ckmutil's `gamma_to_delta` written with arctan2, so that it holds in every quadrant of γ ∈ (−π, π] (ckmutil's arctan
returns δ ≈ 0 for γ near π, and 0/0 at sin γ = 0).
"""

from __future__ import annotations

import numpy as np
from ckmutil.ckm import ckm_standard

_UP = {"u": 0, "c": 1, "t": 2}
_DOWN = {"d": 0, "s": 1, "b": 2}


def ckm_matrix(params) -> np.ndarray:
    """V with shape (..., 3, 3), memoised per parameter set."""
    def build():  # ckmutil needs its four inputs of one shape: one replaced by an array broadcasts the others
        v_us, v_ub, v_cb, gamma = np.broadcast_arrays(*(np.asarray(params[n], float)
                                                         for n in ("V_us", "V_ub", "V_cb", "gamma")))
        c13 = np.sqrt(1 - v_ub**2)
        t12, t13, t23 = np.arcsin(v_us / c13), np.arcsin(v_ub), np.arcsin(v_cb / c13)
        return np.asarray(ckm_standard(t12, t13, t23, ckm_phase(t12, t13, t23, gamma)))
    return params.memo("ckm", build)


def ckm_phase(t12, t13, t23, gamma):
    """δ from γ: tan δ = (1 − k²) sin γ / (cos γ − k sgn(sin γ) √(1 − k² sin²γ)), k = sin θ13 tan θ23 / tan θ12
    (ckmutil.ckm.gamma_to_delta multiplied through by sin γ), in the quadrant of γ at k → 0."""
    k = np.sin(t13) * np.tan(t23) / np.tan(t12)
    sin, cos = np.sin(gamma), np.cos(gamma)
    return np.arctan2((1 - k**2) * sin, cos - k * np.sign(sin) * np.sqrt(1 - k**2 * sin**2))


def lambda_q(up: str, d_out: str, d_in: str, params) -> np.ndarray:
    """λ_q = V_{q d_in} V*_{q d_out}, e.g. lambda_q('t', 's', 'b') = V_tb V_ts* (b → s)."""
    V = ckm_matrix(params)
    return V[..., _UP[up], _DOWN[d_in]] * np.conj(V[..., _UP[up], _DOWN[d_out]])
