"""The heavy states of the VLQ model (models/vlq.py) at the LHC: masses, widths and couplings to the light quarks.

For heavy colour-triplet Dirac fermions F_a coupled to massless quarks q_p through L ⊃ −φ F̄_a (l_a^p P_L + r_a^p P_R)
q_p + h.c. (vlq/amplitudes.py): the charge −1/3 eigenstates F₁, F₂ of `charge_minus_third()` (down sector) and Q_u
with the couplings ỹ = V*y_q of `up_yukawas()` (up sector).

* Widths: F → q_p φ summed over p = d, s, b (u, c, t for Q_u),
  Γ = [(|l|² + |r|²)(M² + m_q² − m_φ²) + 4Re(l r*) M m_q] λ^{1/2}(M², m_q², m_φ²)/(32π M³) [derived: two-body
  decay of a Dirac fermion through −φF̄(lP_L + rP_R)q; for m_q = 0 it is the width of the models/vlq.py docstring].
  Decays F → F' + h/Z/W (open only for y₁, y₂ ≠ 0, splitting ≈ y₁v/√2) are neglected.
* Light fraction: the branching ratio into the light quarks of the sector (Q_u → tφ is left out of the signal).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import DarkflavError, in_range
from ...parameters import Parameters
from .amplitudes import complex_masses

DOWN_QUARKS, UP_QUARKS = (1, 3, 5), (2, 4)
#: names and PDG Monte Carlo codes of the heavy states by (sector, state) of `heavy_sectors`: the charge −1/3 mass
#: eigenstates F₁, F₂ (ascending mass) and the charge 2/3 Q_u; the antiparticles have the negative codes. Codes of
#: the form 9xxxxxx are not assigned by the PDG (φ is 9000005, collider/events.py).
HEAVY_STATES = ((("F1", 9000006), ("F2", 9000007)), (("Qu", 9000008),))


@dataclass(frozen=True)
class HeavySector:
    """Heavy states coupled to one type of light quark: masses, widths (a,), couplings (2, a, n_q) as (l, r) of
    −φF̄_a(l_a^p P_L + r_a^p P_R)q_p, the quarks' PDG codes and the branching ratio into them."""

    masses: np.ndarray
    widths: np.ndarray
    couplings: np.ndarray
    quarks: tuple[int, ...]
    light_fraction: np.ndarray

    @property
    def mu2(self) -> np.ndarray:
        return complex_masses(self.masses, self.widths)


def width(mass, m_q, m_phi, l, r) -> np.ndarray:
    """Γ(F → qφ) of the module docstring, summed over the last axis of l, r (one entry per quark)."""
    mass, m_q = np.asarray(mass, float)[..., None], np.asarray(m_q, float)
    lam = np.clip((mass**2 - (m_q + m_phi) ** 2) * (mass**2 - (m_q - m_phi) ** 2), 0, None)
    numerator = ((np.abs(l) ** 2 + np.abs(r) ** 2) * (mass**2 + m_q**2 - m_phi**2)
                 + 4 * (l * np.conj(r)).real * mass * m_q)
    return np.sum(numerator * np.sqrt(lam) / (32 * np.pi * mass**3), axis=-1)


def heavy_sectors(model, params=None) -> tuple[HeavySector, HeavySector]:
    """(down, up) sectors of a VectorLikeQuarks with scalar parameters; m_Q, m_D checked against the LHC range."""
    params = params or Parameters.default()
    if model.shape != ():
        raise DarkflavError(f"the LHC signal takes one VLQ parameter point, got shape {model.shape} (loop over it)")
    sqrt_s = float(params["sqrt_s_LHC"])
    m_phi = float(model.m_phi)
    for name, value in (("m_Q", model.m_Q), ("m_D", model.m_D)):
        in_range(name, value, m_phi + 1.0, sqrt_s / 2.5, "GeV")
    masses, l, r = model.charge_minus_third(params)
    zeros = np.zeros(3)
    down_widths = width(masses, zeros, m_phi, l, r)
    down = HeavySector(masses, down_widths, np.stack([l, r]), DOWN_QUARKS, np.ones(2))
    y_up = model.up_yukawas(params)
    m_up = np.array([0.0, 0.0, params["m_t"]])
    m_q = np.atleast_1d(float(model.m_Q))
    full = width(m_q, m_up, m_phi, y_up[None], np.zeros((1, 3)))
    light = width(m_q, zeros[:2], m_phi, y_up[None, :2], np.zeros((1, 2)))
    up_couplings = np.stack([y_up[None, :2], np.zeros((1, 2))])
    up = HeavySector(m_q, full, up_couplings, UP_QUARKS, np.where(full > 0, light / np.where(full > 0, full, 1), 1))
    return down, up
