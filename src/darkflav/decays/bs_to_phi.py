"""B_s → φ + invisible: the pseudoscalar → vector amplitudes of `b_to_kstar` with B_s → φ form
factors (GRvDV 2023), and B_s → X X (no meson) through ⟨0|s̄γ^μγ₅b|B_s⟩ = i f_Bs p^μ, i.e.
|⟨0|s̄iγ₅b|B_s⟩| = f_Bs m²_Bs/(m_b + m_s) by the equations of motion (docs/conventions.md, "Hadronic matrix
elements of densities and tensors")."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..arrays import Real
from ..ckm import lambda_q
from ..hadronic import bs_to_phi as ff
from ..hadronic.zexpansion import trailing
from ..parameters import Parameters
from .b_to_kstar import QUARK_MASSES, vector_hadronic

MODES = {"Bs": ("m_Bs", "m_phi", "tau_Bs")}
FLAVOUR = "sb"


def lambda_t(params: Parameters) -> NDArray[np.complex128]:
    """CKM factor of the neutrino operators, V_tb V*_ts."""
    return lambda_q("t", "s", "b", params)


def q2_max(params: Parameters, mode: str) -> NDArray[np.float64]:
    return (np.asarray(params["m_Bs"]) - np.asarray(params["m_phi"])) ** 2


def hadronic(q2: Real, params: Parameters, mode: str, j1: bool = False) -> dict[str, NDArray[Any] | None]:
    """As `b_to_kstar.hadronic` for B_s → φ."""
    return vector_hadronic(q2, params, "m_Bs", "m_phi", ff.form_factors(q2, params), j1)


def annihilation_density(params: Parameters) -> NDArray[np.float64]:
    """|⟨0|s̄iγ₅b|B_s⟩|² = (f_Bs m²_Bs/(m_b + m_s))²; all other bilinears annihilate B_s through it
    (axial current, by the equations of motion) or not at all."""
    m_bs = trailing(params, "m_Bs")
    m_heavy, m_light = (trailing(params, m) for m in QUARK_MASSES)
    return (trailing(params, "f_Bs") * m_bs**2 / (m_heavy + m_light)) ** 2
