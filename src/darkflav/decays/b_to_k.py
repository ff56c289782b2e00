"""B → K: hadronic amplitudes of every quark bilinear, for νν̄ and for invisible pairs.

Matrix elements (Buras et al. arXiv:1409.4557; densities from the equations of motion,
e.g. arXiv:2209.05223): ⟨K|s̄γ^μb|B⟩ in helicity form |H_0|² = λ f₊²/q², |H_t|² = (m_B² − m_K²)² f₀²/q²;
⟨K|s̄b|B⟩ = (m_B² − m_K²) f₀/(m_b − m_s); axial current and pseudoscalar density vanish (parity).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..arrays import Real
from ..ckm import lambda_q
from ..hadronic import b_to_k as ff
from ..parameters import Parameters
from .common import pseudoscalar_hadronic

#: (initial meson, final meson, lifetime) per charge state
MODES = {"B+": ("m_B+", "m_K+", "tau_B+"), "B0": ("m_B0", "m_K0", "tau_B0")}
#: quark flavours of the transition b → s, and the quark masses of the equations of motion
FLAVOUR = "sb"
QUARK_MASSES = ("m_b(m_b)", "m_s(2GeV)")


def lambda_t(params: Parameters) -> NDArray[np.complex128]:
    """CKM factor of the neutrino operators, V_tb V*_ts."""
    return lambda_q("t", "s", "b", params)


def q2_max(params: Parameters, mode: str) -> NDArray[np.float64]:
    m_b, m_k, _ = MODES[mode]
    return (np.asarray(params[m_b]) - np.asarray(params[m_k])) ** 2


def hadronic(q2: Real, params: Parameters, mode: str, j1: bool = False) -> dict[str, NDArray[Any] | None]:
    """Squared hadronic amplitudes at q² (trailing axis), summed over helicities: 'S', 'P' (densities,
    J = 0); 'V_0', 'V_T', 'A_0', 'A_T': q² × |H|² of the currents' spatial longitudinal (0) and
    transverse (±) helicities; with j1, 'J1': q² × the overlaps of the J = 1 three-vectors of the
    vector and axial currents and the tensor (common.j1_overlaps)."""
    return pseudoscalar_hadronic(q2, params, MODES[mode][:2], QUARK_MASSES, ff.form_factors(q2, params), j1)
