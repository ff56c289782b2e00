"""QCD pair production of a heavy colour-triplet fermion, pp → QQ̄, at LO, with the decays Q → q φ.

    q q̄ → QQ̄:  dσ̂/dt̂ = 4πα_s²/(9ŝ⁴) [(M² − t̂)² + (M² − û)² + 2M²ŝ]
    g g → QQ̄:  dσ̂/dt̂ = πα_s²/(8ŝ²) [6(M²−t̂)(M²−û)/ŝ² − M²(ŝ − 4M²)/(3(M²−t̂)(M²−û))
                 + 4/3 ((M²−t̂)(M²−û) − 2M²(M²+t̂))/(M²−t̂)² + 4/3 ((M²−t̂)(M²−û) − 2M²(M²+û))/(M²−û)²
                 − 3((M²−t̂)(M²−û) + M²(û−t̂))/(ŝ(M²−t̂)) − 3((M²−t̂)(M²−û) + M²(t̂−û))/(ŝ(M²−û))]

(Combridge, NPB 151 (1979) 429; as written in shared/docs/physics/collider.md §3.2, whose partonic totals the
tests re-derive by integrating over t̂.) Q → q φ is taken isotropic in the Q rest frame (spin correlations
neglected) with branching ratio 1 (the Z₂ of the VLQ model allows no other decay). Scales μ_R = μ_F = H_T/2 = m_T
times the 7-point factors. The Yukawa-induced t-channel φ exchange and qg → Qφ are not included.
"""

from __future__ import annotations

import numpy as np

from ..errors import in_range
from .monojet import SCALE_FACTORS, _fb_per_inverse_gev2
from .pdf import PartonDistributions
from .phase_space import two_to_two


def dsigma_dt_qqbar(s, t, u, m2, alpha_s):
    """dσ̂/dt̂ (GeV⁻⁴) of q q̄ → QQ̄ (Combridge 1979)."""
    return 4 * np.pi * alpha_s**2 / (9 * s**4) * ((m2 - t) ** 2 + (m2 - u) ** 2 + 2 * m2 * s)


def dsigma_dt_gg(s, t, u, m2, alpha_s):
    """dσ̂/dt̂ (GeV⁻⁴) of g g → QQ̄ (Combridge 1979)."""
    a, b = m2 - t, m2 - u
    bracket = (6 * a * b / s**2 - m2 * (s - 4 * m2) / (3 * a * b)
               + 4 / 3 * (a * b - 2 * m2 * (m2 + t)) / a**2 + 4 / 3 * (a * b - 2 * m2 * (m2 + u)) / b**2
               - 3 * (a * b + m2 * (u - t)) / (s * a) - 3 * (a * b + m2 * (t - u)) / (s * b))
    return np.pi * alpha_s**2 / (8 * s**2) * bracket


def _boost(p, beta):
    """Boost four-vectors p (..., 4) by velocity beta (..., 3)."""
    b2 = np.sum(beta**2, axis=-1, keepdims=True)
    gamma = 1 / np.sqrt(1 - b2)
    bp = np.sum(beta * p[..., 1:], axis=-1, keepdims=True)
    factor = np.where(b2 > 0, (gamma - 1) * bp / np.where(b2 > 0, b2, 1), 0.0)
    return np.concatenate([gamma * (p[..., :1] + bp), p[..., 1:] + factor * beta + gamma * p[..., :1] * beta], axis=-1)


class HeavyQuarkPair:
    """pp → QQ̄ (one colour-triplet Dirac fermion of mass M) with Q → q φ; u ∈ [0,1)⁷: (ln p_T, y_Q, y_Q̄) and
    the decay angles (cos θ, φ) of each Q in its rest frame."""

    dim = 7

    def __init__(self, mass: float, m_phi: float, pdf: PartonDistributions, params):
        self.sqrt_s = float(params["sqrt_s_LHC"])
        self.mass = float(in_range("m_Q", mass, 1.0, self.sqrt_s / 2.5, "GeV"))
        self.m_phi = float(in_range("m_phi", m_phi, 0.0, 0.999 * self.mass, "GeV"))
        self.pdf, self.fb = pdf, _fb_per_inverse_gev2(params)
        # p_T ≥ 1e-3 M: the region below contributes ≲ 10⁻⁶ of σ (dσ/dp_T ∝ p_T at small p_T)
        self.pt_min = 1e-3 * self.mass

    def kinematics(self, u):
        return two_to_two(u[:, :3], self.sqrt_s, self.mass, self.mass, self.pt_min)

    def weights(self, u) -> np.ndarray:
        """dσ/d⁷u in fb for the seven scale choices, shape (n, 7)."""
        k = self.kinematics(u)
        m2, mu0 = self.mass**2, k.mt3
        quarks = [1, 2, 3, 4, 5]
        out = np.empty((len(u), len(SCALE_FACTORS)))
        for n, (xr, xf) in enumerate(SCALE_FACTORS):
            partons = [21] + quarks + [-q for q in quarks]
            f1 = dict(zip(partons, self.pdf.xfx(partons, k.x1, xf * mu0), strict=True))
            f2 = dict(zip(partons, self.pdf.xfx(partons, k.x2, xf * mu0), strict=True))
            a_s = self.pdf.alpha_s(xr * mu0)
            qq = sum(f1[q] * f2[-q] + f1[-q] * f2[q] for q in quarks)
            # dσ/dt̂ = Σ̄|𝓜|²/(16πŝ²): the measure carries 1/(16πŝ²), so multiply by 16πŝ² dσ̂/dt̂
            flux = 16 * np.pi * k.shat**2
            out[:, n] = k.measure * flux * self.fb * (qq * dsigma_dt_qqbar(k.shat, k.t1, k.t2, m2, a_s)
                                                      + f1[21] * f2[21] * dsigma_dt_gg(k.shat, k.t1, k.t2, m2, a_s))
        return out

    def final_state(self, u):
        """(quarks (n, 2, 4), φ's (n, 2, 4)) after isotropic Q → q φ decays."""
        k = self.kinematics(u)
        jets, invisible = [], []
        p_star = (self.mass**2 - self.m_phi**2) / (2 * self.mass)
        for sign, y, (c, a) in ((1, k.y3, (3, 4)), (-1, k.y4, (5, 6))):
            mt = k.mt3
            parent = np.stack([mt * np.cosh(y), sign * k.pt, 0 * y, mt * np.sinh(y)], axis=-1)
            cos, azimuth = 2 * u[:, c] - 1, 2 * np.pi * u[:, a]
            sin = np.sqrt(1 - cos**2)
            direction = np.stack([sin * np.cos(azimuth), sin * np.sin(azimuth), cos], axis=-1)
            q = np.concatenate([p_star * np.ones_like(cos)[:, None], p_star * direction], axis=-1)
            phi = np.concatenate([np.sqrt(p_star**2 + self.m_phi**2) * np.ones_like(cos)[:, None],
                                  -p_star * direction], axis=-1)
            beta = parent[:, 1:] / parent[:, :1]
            jets.append(_boost(q, beta))
            invisible.append(_boost(phi, beta))
        return np.stack(jets, axis=1), np.stack(invisible, axis=1)
