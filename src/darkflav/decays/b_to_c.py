"""R(D) and R(D*) from the b → c τ ν̄_j coefficients of `ChargedLeptonWET`.

r_D(*) ≡ R(D(*))/R(D(*))_SM is a quadratic form in the coefficients (arXiv:1811.09603 eqs. (11)–(12));
its numbers are in data/b_to_c_tau_nu.yaml (with their source). Neutrino flavours j ≠ τ do not
interfere with the SM and add incoherently. R(D(*)) = R_SM · r with R_SM from the parameters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..data import package_data
from ..eft import ChargedLeptonWET
from ..parameters import Parameters

MESONS = ("D", "D*")


@cache
def _coefficients() -> dict[str, Any]:
    return package_data(__package__, "b_to_c_tau_nu.yaml")


def ratio_to_sm(theory: ChargedLeptonWET, meson: str) -> NDArray[np.float64]:
    """r_D or r_D* (module docstring); 1 for the SM."""
    k = _coefficients()[meson]
    total: Any = 0.0
    for j in range(3):
        sm = 1.0 if j == 2 else 0.0
        vl, sl, sr, t = (0.0 if (c := theory.coefficient(f)) is None else c[..., j]
                         for f in ("C_VL", "C_SL", "C_SR", "C_T"))
        g = sm + vl
        s = sl + sr if meson == "D" else sr - sl
        total = total + (np.abs(g) ** 2 + k["S"] * np.abs(s) ** 2 + k["T"] * np.abs(t) ** 2
                         + k["VS"] * np.real(g * np.conj(s)) + k["VT"] * np.real(g * np.conj(t)))
    return np.asarray(total, dtype=float)


def r_ratio(theory: ChargedLeptonWET, params: Parameters, meson: str) -> NDArray[np.float64]:
    """R(D) or R(D*) = R_SM · r."""
    return np.asarray(params[f"R_{meson}_SM"]) * ratio_to_sm(theory, meson)
