"""QCD pair production of a heavy colour-triplet fermion, pp → QQ̄, at LO, with the decays Q → q φ.

    q q̄ → QQ̄:  dσ̂/dt̂ = 4πα_s²/(9ŝ⁴) [(M² − t̂)² + (M² − û)² + 2M²ŝ]
    g g → QQ̄:  dσ̂/dt̂ = πα_s²/(8ŝ²) [6(M²−t̂)(M²−û)/ŝ² − M²(ŝ − 4M²)/(3(M²−t̂)(M²−û))
                 + 4/3 ((M²−t̂)(M²−û) − 2M²(M²+t̂))/(M²−t̂)² + 4/3 ((M²−t̂)(M²−û) − 2M²(M²+û))/(M²−û)²
                 − 3((M²−t̂)(M²−û) + M²(û−t̂))/(ŝ(M²−t̂)) − 3((M²−t̂)(M²−û) + M²(t̂−û))/(ŝ(M²−û))]

(Combridge, NPB 151 (1979) 429; the tests re-derive the partonic totals by integrating over t̂.)
Q → q φ is taken isotropic in the Q rest frame (spin correlations neglected) with branching ratio 1 (the Z₂ of
the VLQ model allows no other decay). Scales μ_R = μ_F = H_T/2 = m_T times the 7-point factors.
The Yukawa-induced t-channel φ exchange and qg → Qφ are not included.

Events (`HeavyQuarkPair.event_record`, collider/events.py): beam partons, Q and Q̄ as intermediate resonances
(status 2, mass M, PDG code `pdg` and −`pdg`), Q → q φ and Q̄ → q̄ φ (mothers: their Q) with the quark flavour drawn
per event with the probabilities `decays`. Leading-colour flows (Les Houches tags from 501):
* q q̄ → QQ̄ through an s-channel gluon: the incoming quark's colour goes to Q (and on to its decay quark), the
  incoming antiquark's anticolour to Q̄ (the 1/N_c-suppressed singlet part of T^a T^a has no planar flow).
* g₁g₂ → QQ̄: 𝓜 = g_s²[(T^aT^b)_{ij} A₁₂ + (T^bT^a)_{ij} A₂₁] (colour-ordered amplitudes; Mangano, Parke, Phys.
  Rept. 200 (1991) 301, Sec. 3), Σ_colour|𝓜|² = g_s⁴ (N²−1)/(4N) [N²(|A₁₂|² + |A₂₁|²) − |A₁₂ + A₂₁|²]. Each
  ordering is gauge invariant, and the two obey the four-point BCJ relation (M² − t̂) A₁₂ = (M² − û) A₂₁
  (t̂ = (p_g₁ − p_Q)²; for massive quarks cf. Johansson, Ochirov, JHEP 11 (2015) 046, arXiv:1407.4772), so with
  τ₁ = (M² − t̂)/ŝ, τ₂ = (M² − û)/ŝ, ρ = 4M²/ŝ, A₁₂ = τ₂(A₁₂ + A₂₁) and the QED-like sum
  |A₁₂ + A₂₁|² = 8B/(τ₁τ₂), B = τ₁² + τ₂² + ρ − ρ²/(4τ₁τ₂) (spins summed) [derived here]:
      |A₁₂|² = 8 (τ₂/τ₁) B,   |A₂₁|² = 8 (τ₁/τ₂) B.
  The colour sum then is Nason, Dawson, Ellis, NPB 327 (1989) 49, eq. (2.1), i.e. Combridge's dσ̂/dt̂ above, and
  for M → 0 the planar weights are (û/t̂)(t̂² + û²)/ŝ² (Mangano–Parke). Flow 12 — Q takes the colour of g₁, g₁'s
  anticolour is g₂'s colour, Q̄ takes g₂'s anticolour — is chosen with probability |A₁₂|²/(|A₁₂|² + |A₂₁|²)
  = τ₂²/(τ₁² + τ₂²), flow 21 (g₁ ↔ g₂) otherwise (both checked with explicit spinors in tests/test_vlq_events.py).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ...errors import DarkflavError, in_range
from ..events import FIRST_COLOUR, GLUON, PHI_PDG, EventRecord, pair_record, weighted_choice
from ..kinematics import boost, fb_per_inverse_gev2
from ..pdf import PartonDistributions
from ..phase_space import two_to_two
from ..process import SCALE_FACTORS

#: light quarks in the proton (massless, five-flavour PDFs)
QUARKS = (1, 2, 3, 4, 5)


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


def gg_colour_flows(s, t, u, m2) -> tuple[np.ndarray, np.ndarray]:
    """Leading-colour weights (|A₁₂|², |A₂₁|²)/g_s⁴ of g₁g₂ → QQ̄, spins summed, t = (p_g₁ − p_Q)² (module docstring)."""
    tau1, tau2, rho = (m2 - t) / s, (m2 - u) / s, 4 * m2 / s
    b = tau1**2 + tau2**2 + rho - rho**2 / (4 * tau1 * tau2)
    return 8 * tau2 / tau1 * b, 8 * tau1 / tau2 * b


class HeavyQuarkPair:
    """pp → QQ̄ (one colour-triplet Dirac fermion of mass M) with Q → q φ; u ∈ [0,1)⁷: (ln p_T, y_Q, y_Q̄) and
    the decay angles (cos θ, φ) of each Q in its rest frame.

    For events: pdg, the Monte Carlo code of Q; decays, {light-quark PDG code: relative probability} of Q → qφ."""

    dim = 7

    def __init__(self, mass: float, m_phi: float, pdf: PartonDistributions, params, *, pdg: int | None = None,
                 decays: Mapping[int, float] | None = None):
        self.sqrt_s = float(params["sqrt_s_LHC"])
        self.mass = float(in_range("m_Q", mass, 1.0, self.sqrt_s / 2.5, "GeV"))
        self.m_phi = float(in_range("m_phi", m_phi, 0.0, 0.999 * self.mass, "GeV"))
        self.pdf, self.fb = pdf, fb_per_inverse_gev2(params)
        # p_T ≥ 1e-3 M: the region below contributes ≲ 10⁻⁶ of σ (dσ/dp_T ∝ p_T at small p_T)
        self.pt_min = 1e-3 * self.mass
        self.pdg, self.decays = pdg, decays

    def kinematics(self, u):
        return two_to_two(u[:, :3], self.sqrt_s, self.mass, self.mass, self.pt_min)

    def _channels(self, k, mu_f, alpha_s) -> dict[tuple[int, int], np.ndarray]:
        """{(parton from beam 1, parton from beam 2): dσ/d⁷u (fb)} at factorisation scale mu_f, coupling alpha_s."""
        partons = [GLUON] + list(QUARKS) + [-q for q in QUARKS]
        f1 = dict(zip(partons, self.pdf.xfx(partons, k.x1, mu_f), strict=True))
        f2 = dict(zip(partons, self.pdf.xfx(partons, k.x2, mu_f), strict=True))
        # dσ/dt̂ = Σ̄|𝓜|²/(16πŝ²): the measure carries 1/(16πŝ²), so multiply by 16πŝ² dσ̂/dt̂
        flux = k.measure * 16 * np.pi * k.shat**2 * self.fb
        m2 = self.mass**2
        # symmetric in t̂ ↔ û, so the same for the quark from either beam
        qqbar = flux * dsigma_dt_qqbar(k.shat, k.t1, k.t2, m2, alpha_s)
        out = {}
        for q in QUARKS:
            out[q, -q], out[-q, q] = f1[q] * f2[-q] * qqbar, f1[-q] * f2[q] * qqbar
        out[GLUON, GLUON] = f1[GLUON] * f2[GLUON] * flux * dsigma_dt_gg(k.shat, k.t1, k.t2, m2, alpha_s)
        return out

    def weights(self, u) -> np.ndarray:
        """dσ/d⁷u in fb for the seven scale choices, shape (n, 7)."""
        k = self.kinematics(u)
        mu0 = k.mt3
        out = np.empty((len(u), len(SCALE_FACTORS)))
        for n, (xr, xf) in enumerate(SCALE_FACTORS):
            out[:, n] = sum(self._channels(k, xf * mu0, self.pdf.alpha_s(xr * mu0)).values())
        return out

    def channel_weights(self, u) -> tuple[list[tuple[int, int]], np.ndarray]:
        """(initial states (beam-1, beam-2 parton): q q̄ and q̄ q for q = d … b, then g g; dσ/d⁷u in fb per initial
        state at the central scale, shape (n, 11)); the columns sum to weights(u)[:, 0]."""
        k = self.kinematics(u)
        channels = self._channels(k, k.mt3, self.pdf.alpha_s(k.mt3))
        return list(channels), np.stack(list(channels.values()), axis=1)

    def _momenta(self, u):
        """(kinematics, Q and Q̄ (n, 2, 4), their decay quarks (n, 2, 4), their φ's (n, 2, 4)); Q along +x."""
        k = self.kinematics(u)
        parents, jets, invisible = [], [], []
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
            parents.append(parent)
            jets.append(boost(q, beta))
            invisible.append(boost(phi, beta))
        return k, np.stack(parents, axis=1), np.stack(jets, axis=1), np.stack(invisible, axis=1)

    def final_state(self, u):
        """(quarks (n, 2, 4), φ's (n, 2, 4)) after isotropic Q → q φ decays."""
        _, _, jets, invisible = self._momenta(u)
        return jets, invisible

    def event_record(self, u, channels, choice, rng: np.random.Generator) -> EventRecord:
        """Events (beam 1, beam 2, Q, Q̄, q, φ, q̄, φ) of accepted points u with initial states channels[choice]:
        decay flavours from `decays`, colour flows of the module docstring, a uniform azimuthal rotation."""
        if self.pdg is None or not self.decays:
            raise DarkflavError("HeavyQuarkPair events need the heavy state's PDG code and its decays: "
                                "HeavyQuarkPair(..., pdg=…, decays={quark PDG code: probability})")
        n = len(u)
        k, parents, jets, invisible = self._momenta(u)
        codes = np.array([q for q, p in self.decays.items() if p > 0], int)
        probability = np.array([p for p in self.decays.values() if p > 0], float)
        flavour = codes[weighted_choice(probability, rng, (n, 2))]
        incoming = np.array(channels, int)[choice]
        w12, w21 = gg_colour_flows(k.shat, k.t1, k.t2, self.mass**2)
        flow21 = rng.random(n) * (w12 + w21) >= w12
        c1, c2, c3 = FIRST_COLOUR, FIRST_COLOUR + 1, FIRST_COLOUR + 2
        # (beam 1, beam 2) tags; Q carries c1 and Q̄ the anticolour c3 (qq̄: c2) on to their decay quarks
        quark_first = np.array([(c1, 0), (0, c2)]), np.array([(0, c2), (c1, 0)])
        gluons = np.array([(c1, c2), (c2, c3)]), np.array([(c2, c3), (c1, c2)])
        beam_tags = np.where((incoming[:, 0] == GLUON)[:, None, None],
                             np.where(flow21[:, None, None], gluons[1], gluons[0]),
                             np.where((incoming[:, 0] > 0)[:, None, None], quark_first[0], quark_first[1]))
        anticolour = np.where(incoming[:, 0] == GLUON, c3, c2)
        colour = np.zeros((n, 8, 2), int)
        colour[:, :2] = beam_tags
        colour[:, [2, 4], 0] = c1
        colour[:, [3, 6], 1] = anticolour[:, None]
        pdg = np.column_stack([incoming, np.full(n, self.pdg), np.full(n, -self.pdg), flavour[:, 0],
                               np.full(n, PHI_PDG), -flavour[:, 1], np.full(n, PHI_PDG)])
        mass = [0.0, 0.0, self.mass, self.mass, 0.0, self.m_phi, 0.0, self.m_phi]
        return pair_record(pdg, colour, np.column_stack([k.x1, k.x2]), self.sqrt_s, parents, jets, invisible, mass,
                           k.mt3, self.pdf.alpha_s(k.mt3), rng)
