"""P → M X X for a pair of light invisible particles, every operator of `DarkEFT`.

Master formula (flavour.md §4.1, derived; checked against explicit spinor and polarisation sums in
tests/test_dark_amplitudes.py):

    dΓ/dq² = |p_M| β ⟨Σ|𝓜|²⟩ / (128 π³ m_P²),   β = √(1 − 4m²/q²),   4m² ≤ q² ≤ (m_P − m_M)²,

with ⟨Σ|𝓜|²⟩ averaged over the pair direction and summed over spins, including the identical-
particle factor ½ and the factor 2 of a squared field. The pair direction average leaves two
channels that do not interfere:
* J = 0: quark densities ⟨M|q̄′q|P⟩ (S), ⟨M|q̄′iγ₅q|P⟩ (P) times scalar dark bilinears, weight w₀.
  The time component of a quark current reduces to a density by the equations of motion,
  q·⟨V⟩ = (m_q − m_q′)⟨S⟩, q·⟨A⟩ = i(m_q + m_q′)⟨P⟩, and pairs only with the dark axial current,
  q·⟨χ̄γγ₅χ⟩ = −2im⟨χ̄iγ₅χ⟩: C_SP,eff = C_SP − 2im(m_q − m_q′)C_VA/q², C_PP,eff = C_PP + 2m(m_q + m_q′)C_AA/q².
* J = 1: spatial helicities of the quark currents (hadronic q²|H|²) times dark currents, weight w₁/q²;
  different dark currents do not interfere after the direction average.
Operators carry ½ (package normalisation), so ⟨Σ|𝓜|²⟩ = ¼ Σ (…).
"""

from __future__ import annotations

import numpy as np

from ..errors import DarkflavError
from .common import kallen, q2_nodes

#: quadrature nodes per point for mass-dependent q² ranges (smooth integrands after substitution)
N_NODES_DARK = 24


def dark_weights(species: str, q2, m) -> dict[str, np.ndarray]:
    """Spin-summed, direction-averaged dark factors per unit coefficient (flavour.md §4.1):
    J = 0 weights 'S', 'P' and J = 1 weights per helicity divided by q², 'V', 'A'."""
    beta2 = np.clip(1 - 4 * m**2 / q2, 0.0, None)
    if species == "real scalar":
        return {"S": 2.0 + 0 * q2}
    if species == "complex scalar":
        return {"S": 1.0 + 0 * q2, "V": beta2 / 3}
    if species in ("Dirac fermion", "Majorana fermion"):
        # Majorana: factor 2 in the Feynman rule and ½ for identical particles, net ×2
        n = 1.0 if species == "Dirac fermion" else 2.0
        w = {"S": 2 * n * q2 * beta2, "P": 2 * n * q2, "A": 4 * n / 3 * beta2}
        if species == "Dirac fermion":
            w["V"] = 4 / 3 * (1 + 2 * m**2 / q2)
        return w
    # vectors: Σ_pol |ε₁·ε₂|² = 2 + (k₁·k₂)²/m⁴ with k₁·k₂ = q²/2 − m²
    pol = 2 + (q2 - 2 * m**2) ** 2 / (4 * m**4)
    if species == "real vector":
        return {"S": 2 * pol}
    return {"S": pol, "V": beta2 / 3 * pol}


def squared_amplitude(theory, flavour: str, had: dict, q2, quark_masses, project=None):
    """(¼ Σ over channels, longitudinal part) of ⟨Σ|𝓜|²⟩ at the nodes q² (trailing axis).

    `had` are the squared hadronic amplitudes of the transition; `quark_masses` = (m_q, m_q′) of the
    equations of motion; `project(quark_bilinear, C)` transforms coefficients (K_L → π⁰).
    """
    coefficients = theory.coefficients(flavour)
    by_structure = {tuple(v): k for k, v in theory.operators().items()}
    m = theory.mass[..., None]
    w = dark_weights(theory.species, q2, m)
    m_heavy, m_light = quark_masses

    def c(quark, dark):
        name = by_structure.get((quark, dark))
        value = coefficients.get(name) if name else None
        if value is None:
            return None
        value = np.asarray(value)[..., None]
        return project(quark, value) if project else value

    total, longitudinal = 0.0, 0.0
    eom = {"S": ("V", -2j * m * (m_heavy - m_light) / q2), "P": ("A", 2 * m * (m_heavy + m_light) / q2)}
    for quark in ("S", "P"):
        for dark in ("S", "P"):
            if dark not in w:
                continue
            coefficient = c(quark, dark)
            if dark == "P":
                current = c(eom[quark][0], "A")
                if current is not None:
                    coefficient = (0 if coefficient is None else coefficient) + eom[quark][1] * current
            if coefficient is not None:
                term = had[quark] * w[dark] * np.abs(coefficient) ** 2
                total, longitudinal = total + term, longitudinal + term
    for quark in ("V", "A"):
        for dark in ("V", "A"):
            coefficient = c(quark, dark) if dark in w else None
            if coefficient is not None:
                size = w[dark] * np.abs(coefficient) ** 2
                total = total + (had[f"{quark}_0"] + had[f"{quark}_T"]) * size
                longitudinal = longitudinal + had[f"{quark}_0"] * size
    return 0.25 * np.asarray(total), 0.25 * np.asarray(longitudinal)


def density(module, theory, params, mode: str, q2, project=None):
    """(dΓ/dq², longitudinal part) at q² (trailing axis), zero below threshold 4m²."""
    if theory.spin == 1 and np.any(theory.mass <= 0):
        raise DarkflavError("a massive vector X needs mass > 0 (the longitudinal modes diverge as "
                            "m → 0 at fixed coefficient; see docs/conventions.md)")
    m_p, m_m = (np.asarray(params[n])[..., None] for n in module.MODES[mode][:2])
    q2 = np.asarray(q2, dtype=float)
    m = theory.mass[..., None]
    open_ = q2 > 4 * m**2
    safe_q2 = np.where(open_, q2, 1.0)
    had = module.hadronic(safe_q2, params, mode)
    quark_masses = tuple(np.asarray(params[n])[..., None] for n in module.QUARK_MASSES)
    total, longitudinal = squared_amplitude(theory, module.FLAVOUR, had, safe_q2, quark_masses,
                                            project)
    p = np.sqrt(np.clip(kallen(m_p**2, m_m**2, safe_q2), 0.0, None)) / (2 * m_p)
    beta = np.sqrt(np.clip(1 - 4 * m**2 / safe_q2, 0.0, None))
    phase_space = np.where(open_, p * beta / (128 * np.pi**3 * m_p**2), 0.0)
    return phase_space * total, phase_space * longitudinal


def integrated(module, theory, params, mode: str, q2min=0.0, q2max=None, project=None):
    """(Γ, longitudinal Γ) over [max(q2min, 4m²), min(q2max, end point)], per point."""
    end = module.q2_max(params, mode)
    top = end if q2max is None else np.minimum(q2max, end)
    low = np.maximum(q2min, 4 * theory.mass**2)
    low, top = np.broadcast_arrays(low, top)
    nodes, weights = q2_nodes(low, np.maximum(top, low), N_NODES_DARK)
    rate, longitudinal = density(module, theory, params, mode, nodes, project)
    return np.sum(weights * rate, axis=-1), np.sum(weights * longitudinal, axis=-1)
