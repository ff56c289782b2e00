"""CKM factors from the tree-level inputs |V_us|, |V_cb|, |V_ub|, γ (standard parametrisation).

The matrix is built by `ckmutil.ckm.ckm_tree` (PDG standard parametrisation with δ obtained
exactly from γ), which broadcasts over arrays of inputs.
"""

from __future__ import annotations

import numpy as np
from ckmutil.ckm import ckm_tree

_UP = {"u": 0, "c": 1, "t": 2}
_DOWN = {"d": 0, "s": 1, "b": 2}


def ckm_matrix(params) -> np.ndarray:
    """V with shape (..., 3, 3), memoised per parameter set."""
    def build():  # ckm_tree needs its four inputs of one shape: one replaced by an array broadcasts the others
        inputs = np.broadcast_arrays(*(np.asarray(params[n], float) for n in ("V_us", "V_ub", "V_cb", "gamma")))
        return np.asarray(ckm_tree(*inputs))
    return params.memo("ckm", build)


def lambda_q(up: str, d_out: str, d_in: str, params) -> np.ndarray:
    """λ_q = V_{q d_in} V*_{q d_out}, e.g. lambda_q('t', 's', 'b') = V_tb V_ts* (b → s)."""
    V = ckm_matrix(params)
    return V[..., _UP[up], _DOWN[d_in]] * np.conj(V[..., _UP[up], _DOWN[d_out]])
