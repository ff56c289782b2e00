"""B → K form factors f₊, f₀, f_T.

Default: HPQCD 2022 lattice QCD (Parrott, Bouchard, Davies, arXiv:2207.12468, eqs. (8)–(10)).
Alternative: GRvDV 2023 dispersive/LCSR+lattice BSZ fit (arXiv:2305.06301). The choice is the
parameter choice "B->K form factors". Coefficients and covariances live in data/*.yaml.
"""

from __future__ import annotations

import numpy as np

from ..arrays import ArrayLike, RealArray
from ..parameters import Parameters
from .zexpansion import bsz, fit_file, trailing, z

FITS = {"HPQCD2022": "b_to_k_hpqcd2022.yaml", "GRvDV2023": "b_to_k_grvdv2023.yaml"}


def _hpqcd(q2: RealArray, params: Parameters) -> dict[str, RealArray]:
    """arXiv:2207.12468 eqs. (8)-(10), t₀ = 0, N = 3; a⁰₀ = a⁺₀ enforces f₀(0) = f₊(0)."""
    fit = fit_file(FITS["HPQCD2022"])
    c, name = fit["constants"], fit["name"]
    a = {k: trailing(params, f"{name} {k}") for k in fit["parameters"]["names"]}
    zz = z(q2, (c["M_B"] + c["M_K"]) ** 2, 0.0)
    n_max = c["N"]

    def series(prefix: str) -> RealArray:
        return sum(a[f"{prefix}_{n}"] * (zz**n - (n / n_max) * (-1) ** (n - n_max) * zz**n_max)
                   for n in range(3))

    f0_series = a["a+_0"] + a["a0_1"] * zz + a["a0_2"] * zz**2
    return {
        "f+": c["L_B"] * series("a+") / (1 - q2 / c["M_H_s*"] ** 2),
        "f0": c["L_B"] * f0_series / (1 - q2 / c["M_H_s0"] ** 2),
        "fT": c["L_B"] * series("aT") / (1 - q2 / c["M_H_s*"] ** 2),
    }


def _grvdv(q2: RealArray, params: Parameters) -> dict[str, RealArray]:
    """BSZ form (arXiv:1503.05534 eq. (10)) with the GRvDV 2023 coefficients; a₀(f₀) = a₀(f₊)."""
    fit = fit_file(FITS["GRvDV2023"])
    c, name = fit["constants"], fit["name"]
    mb, mk = (trailing(params, m) for m in c["z_masses"])
    a = {k: trailing(params, f"{name} {k}") for k in fit["parameters"]["names"]}
    return {
        "f+": bsz(q2, [a["a+_0"], a["a+_1"], a["a+_2"]], c["m_R_f+"], mb, mk),
        "f0": bsz(q2, [a["a+_0"], a["a0_1"], a["a0_2"]], c["m_R_f0"], mb, mk),
        "fT": bsz(q2, [a["aT_0"], a["aT_1"], a["aT_2"]], c["m_R_fT"], mb, mk),
    }


def form_factors(q2: ArrayLike, params: Parameters) -> dict[str, RealArray]:
    """{'f+', 'f0', 'fT'} at q² (trailing axis) for the chosen fit."""
    fit = params.choices["B->K form factors"]
    q2 = np.asarray(q2, dtype=float)
    return _hpqcd(q2, params) if fit == "HPQCD2022" else _grvdv(q2, params)
