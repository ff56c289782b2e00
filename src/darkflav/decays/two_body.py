"""P → M X for a single invisible boson X (spin 0 or 1).

Γ = |p_M| Σ|𝓜|² / (8π m_P²) at q² = m_X², with the hadronic amplitudes of the transition
(module `hadronic`): spin 0: Σ|𝓜|² = |g_S|²|⟨M|q̄′q|P⟩|² + |g_P|²|⟨M|q̄′iγ₅q|P⟩|²;
spin 1: Σ_pol|ε*·H|² = Σ_{λ=0,±} |H_λ|² (no time-like polarisation for an on-shell vector),
for g_V with the vector and g_A with the axial current. E.g. B → K X: Γ = |g_S|²|p|(m_B² − m_K²)²f₀²
/(8π m_B²(m_b − m_s)²) and |g_V|²λ^{3/2}f₊²/(16π m_B³ m_X²) (arXiv:2209.05223 §2 for the structure).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..eft import InvisibleBoson
from ..kinematics import kallen
from ..parameters import Parameters


def width(module: ModuleType, boson: InvisibleBoson, params: Parameters, mode: str,
          project: Callable[[str, Any], Any] | None = None) -> NDArray[np.float64]:
    """Γ(P → M X) per point; zero where m_X ≥ m_P − m_M (closed channel)."""
    m_p, m_m = (np.asarray(params[n]) for n in module.MODES[mode][:2])
    m = boson.mass
    open_ = m < m_p - m_m
    q2 = np.where(open_, m**2, ((m_p - m_m) / 2) ** 2)[..., None]  # a safe point when closed
    had = {k: v[..., 0] for k, v in module.hadronic(q2, params, mode).items() if v is not None}
    g = boson.couplings(module.FLAVOUR)

    def size(name, quark):
        value = g.get(name)
        if value is None:
            return 0.0
        value = project(quark, value) if project else value
        return np.abs(value) ** 2

    if boson.spin == 0:
        amp2 = size("gS", "S") * had["S"] + size("gP", "P") * had["P"]
    else:
        q2 = q2[..., 0]
        amp2 = (size("gV", "V") * (had["V_0"] + had["V_T"])
                + size("gA", "A") * (had["A_0"] + had["A_T"])) / q2
    p = np.sqrt(np.clip(kallen(m_p**2, m_m**2, m**2), 0.0, None)) / (2 * m_p)
    return np.where(open_, p * amp2 / (8 * np.pi * m_p**2), 0.0)


def in_bins(module: ModuleType, boson: InvisibleBoson, params: Parameters, mode: str, edges: ArrayLike,
            project: Callable[[str, Any], Any] | None = None) -> NDArray[np.float64]:
    """Γ(P → M X) per q² bin (trailing axis): all of it in the bin holding q² = m_X² for a narrow X (width 0);
    for a width Γ_X the fraction of the Breit–Wigner |q² − m_X² + i m_X Γ_X|⁻² (with the amplitude of q² = m_X²)
    in each bin, normalised over the kinematic range [0, (m_P − m_M)²]."""
    edges = np.asarray(edges, dtype=float)
    rate = width(module, boson, params, mode, project)[..., None]
    m2, gamma = (boson.mass**2)[..., None], (boson.mass * boson.width)[..., None]  # m_X², m_X Γ_X
    m_p, m_m = (np.asarray(params[n]) for n in module.MODES[mode][:2])
    end = ((m_p - m_m) ** 2)[..., None]

    def cumulative(x):  # ∫ dq² of the Breit–Wigner up to x over π/(m Γ); for Γ = 0 the step π·[m² < x]
        safe = np.where(gamma > 0, gamma, 1.0)
        return np.where(gamma > 0, np.arctan((x - m2) / safe), np.pi * np.heaviside(x - m2, 0.0))

    lo, hi = np.minimum(edges[:-1], end), np.minimum(edges[1:], end)
    total = cumulative(end) - cumulative(0.0)  # zero only for a closed channel, whose rate is zero
    return rate * (cumulative(hi) - cumulative(lo)) / np.where(total > 0, total, 1.0)
