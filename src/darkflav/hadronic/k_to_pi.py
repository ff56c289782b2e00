"""K → π form factors f₊, f₀ (dispersive) and f_T (pole).

f₊, f₀: Bernard, Oertel, Passemar, Stern (arXiv:0903.1654, App. A) in the form of
arXiv:1005.2323 eqs. (33), (37); f₊(0) from FLAG 2021. f_T: arXiv:1108.1021 eq. (4).
Inputs in data/k_to_pi.yaml.
"""

from __future__ import annotations

import numpy as np

from ..arrays import ArrayLike, RealArray
from ..parameters import Parameters
from .zexpansion import fit_file, trailing

_FILE = "k_to_pi.yaml"


def form_factors(q2: ArrayLike, params: Parameters) -> dict[str, RealArray]:
    """{'f+', 'f0', 'fT'} at q² (trailing axis)."""
    fit = fit_file(_FILE)
    name = fit["name"]

    def p(key: str) -> RealArray:
        return trailing(params, f"{name} {key}")

    mk, mpi = (trailing(params, m) for m in fit["constants"]["z_masses"])
    q2 = np.asarray(q2, dtype=float)
    x = q2 / (mk - mpi) ** 2
    h = p("H_1") * x + p("H_2") * x**2
    g = x * p("D") + (1 - x) * p("d") + x * (1 - x) * p("k")
    return {
        "f+": p("f+_0") * np.exp(q2 / mpi**2 * (p("Lambda_+") + h)),
        "f0": p("f+_0") * np.exp(q2 / (mk**2 - mpi**2) * (p("lnC") - g)),
        "fT": p("fT_0") / (1 - p("s_T") * q2),
    }
