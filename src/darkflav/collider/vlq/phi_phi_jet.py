"""pp → φφ + parton in the VLQ model with the full Q/D propagators (vlq/amplitudes.py), at LO, massless quarks.

q q̄ → φφg, qg → qφφ, q̄g → q̄φφ through the heavy states of vlq/sectors.py. In qg the heavy state can be on shell
(qg → Fφ → qφφ, the associated production of arXiv:2509.14869); the phase space is split into a non-resonant
channel (the (m_φφ, ln p_T, y_j, y_φφ) map of monojet.PhiPhiJet and the φφ decay angles) and one channel per heavy
state covering |m(qφ) − M_a| < WINDOW·Γ_a with a Breit–Wigner map of m(qφ) (dΦ₃ = dΦ₂(P; F*, φ) dm*²/(2π)
dΦ₂(F*; q, φ), PDG 2024 Kinematics eq. 49.21). A point in several windows is shared between their channels
(weights 1/N), so nothing is counted twice. No narrow-width approximation: the complex-mass propagators keep the
spin correlations and the off-shell tails.

Events (for events.Unweighter): `VLQPhiPhiJet.channel_weights` splits the central weight into channels (beam-1
parton, beam-2 parton, outgoing parton): with i, j the outgoing and incoming flavours of `squared_amplitude`
(q_j q̄_i → φφg), q_j g → q_i φφ, q̄_i g → q̄_j φφ and q_j q̄_i → g φφ; the record is (p₁, p₂, parton, φ, φ) with the
unique leading-colour flow, no intermediate F (the 2 → 3 amplitude is not split into resonant and non-resonant
parts).
"""

from __future__ import annotations

import numpy as np

from ..events import PHI_PDG, EventRecord, colour_flow, production_record
from ..kinematics import fb_per_inverse_gev2, four_vector, invariant_mass, rotate_z, two_body_decay
from ..pdf import PartonDistributions
from ..phase_space import two_to_two
from ..process import AVERAGE, SCALE_FACTORS
from .amplitudes import interference_matrices, squared_amplitude

#: half-width of the resonant phase-space channels in units of Γ_a (a technical choice of the integration: the
#: result does not depend on it, tests/test_collider_vlq.py)
WINDOW = 15.0


class VLQPhiPhiJet:
    """pp → φφ + parton in the VLQ model, one phase-space channel (module docstring), for `region_cross_sections`.

    channel None: non-resonant map u ∈ [0,1)⁶ → (m_φφ, ln p_T, y_j, y_φφ, cos θ*, ϕ*), generation cuts p_T ≥ pt_min,
    |y_j| ≤ eta_max, resonance windows of the qg and q̄g terms removed. channel = (sector index, state index):
    u → (ln p_T, y_F*, y_φ, m(qφ) Breit–Wigner, cos θ, ϕ of F* → qφ), qg and q̄g only. Scales μ_R = μ_F = H_T/2
    = (p_T,j + m_T,φφ)/2 (as monojet.PhiPhiJet) times SCALE_FACTORS."""

    dim = 6

    def __init__(self, sectors, m_phi: float, pdf: PartonDistributions, params, pt_min: float, eta_max: float,
                 channel: tuple[int, int] | None = None):
        self.sectors, self.m_phi, self.pdf, self.channel = sectors, float(m_phi), pdf, channel
        self.sqrt_s, self.fb = float(params["sqrt_s_LHC"]), fb_per_inverse_gev2(params)
        self.pt_min, self.eta_max = float(pt_min), float(eta_max)
        self.q_range = (2 * self.m_phi, self.sqrt_s - self.pt_min)
        self.windows = [(m, w) for s in sectors for m, w in zip(s.masses, s.widths, strict=True)]
        if channel is not None:
            sector = sectors[channel[0]]
            self.mass, self.gamma = float(sector.masses[channel[1]]), float(sector.widths[channel[1]])
            lo = max(self.mass - WINDOW * self.gamma, self.m_phi * (1 + 1e-9))
            hi = self.mass + WINDOW * self.gamma
            self.theta = tuple(np.arctan((m**2 - self.mass**2) / (self.mass * self.gamma)) for m in (lo, hi))

    # --- kinematics: beams, jet, φ_A, φ_B and the phase-space factor --------------------------------
    def momenta(self, u):
        """(p₁, p₂, jet, φ_A, φ_B, factor): four-vectors (n, 4) and dσ = factor · Σ|𝓜|²/(flux-free) (GeV⁻² per
        unit ME, including the 1/(16πŝ²) of the 2 → 2 measure and the identical-φ factor where it applies)."""
        if self.channel is None:
            q_lo, q_hi = self.q_range
            q = q_lo + (q_hi - q_lo) * u[:, 0]
            k = two_to_two(u[:, 1:4], self.sqrt_s, 0.0, q, self.pt_min, self.eta_max)
            jet = four_vector(k.pt, k.pt, k.y3)
            system = four_vector(k.mt4, -k.pt, k.y4)
            phi_a, phi_b = two_body_decay(system, q, self.m_phi, self.m_phi, 2 * u[:, 4] - 1, 2 * np.pi * u[:, 5])
            beta = np.sqrt(np.clip(1 - 4 * self.m_phi**2 / np.maximum(q, 1e-300) ** 2, 0, None))
            # dQ²/du · (1/2π) · β/(8π) · ½ (identical φ), angles averaged by the uniform u₄, u₅
            factor = k.measure * 2 * q * (q_hi - q_lo) * beta / (32 * np.pi**2)
        else:
            theta = self.theta[0] + (self.theta[1] - self.theta[0]) * u[:, 3]
            m2 = self.mass**2 + self.mass * self.gamma * np.tan(theta)
            m_star = np.sqrt(m2)
            k = two_to_two(u[:, :3], self.sqrt_s, m_star, self.m_phi, 1e-3 * self.mass)
            parent = four_vector(k.mt3, k.pt, k.y3)
            phi_b = four_vector(k.mt4, -k.pt, k.y4)
            jet, phi_a = two_body_decay(parent, m_star, 0.0, self.m_phi, 2 * u[:, 4] - 1, 2 * np.pi * u[:, 5])
            dm2 = self.mass * self.gamma * (1 + np.tan(theta) ** 2) * (self.theta[1] - self.theta[0])
            # dm*²/du · (1/2π) · ∫dΦ₂(F* → qφ) = (1 − m_φ²/m*²)/(8π); no ½: the window weights cover φ_A ↔ φ_B
            factor = k.measure * dm2 / (2 * np.pi) * (1 - self.m_phi**2 / m2) / (8 * np.pi)
        half = 0.5 * self.sqrt_s
        p1 = np.stack([k.x1 * half, 0 * k.x1, 0 * k.x1, k.x1 * half], axis=-1)
        p2 = np.stack([k.x2 * half, 0 * k.x2, 0 * k.x2, -k.x2 * half], axis=-1)
        return p1, p2, jet, phi_a, phi_b, np.where(np.isfinite(factor), factor, 0.0)

    def _window_weights(self, jet, phi_a, phi_b):
        """(outside every window, this channel's share χ_{a,A}/N) for the qg-type terms."""
        inside = [np.abs(invariant_mass(jet + phi) - m) < WINDOW * w for m, w in self.windows
                  for phi in (phi_a, phi_b)]
        count = np.sum(inside, axis=0)
        if self.channel is None:
            return count == 0, None
        index = sum(len(s.masses) for s in self.sectors[: self.channel[0]]) + self.channel[1]
        mine = inside[2 * index]
        return None, np.where(mine, 1 / np.maximum(count, 1), 0.0)

    @staticmethod
    def _central_scale(jet, phi_a, phi_b):
        """μ₀ = H_T/2 = (p_T,j + m_T,φφ)/2."""
        system = phi_a + phi_b
        return 0.5 * (np.hypot(jet[:, 1], jet[:, 2])
                      + np.sqrt(invariant_mass(system) ** 2 + np.hypot(system[:, 1], system[:, 2]) ** 2))

    def _amplitudes(self, u):
        """(x₁, x₂, μ₀, dσ per unit g_s² and luminosity term (fb), weight of the qg-type terms, and per sector
        (quarks, Σ|𝓜|²/g_s² (n, i out, j in) by initial state: q1g2, g1q2, qb1g2, g1qb2 [, q1qb2, qb1q2]))."""
        p1, p2, jet, phi_a, phi_b, factor = self.momenta(u)
        outside, share = self._window_weights(jet, phi_a, phi_b)
        qg_weight = outside.astype(float) if share is None else share
        terms = []
        for sector in self.sectors:
            def me(a, b, k, sector=sector):
                h = interference_matrices(a, b, phi_a, phi_b, k, sector.mu2)
                return squared_amplitude(h, sector.couplings, sector.couplings)

            entry = {"q1g2": -me(p1, -jet, -p2), "g1q2": -me(p2, -jet, -p1),
                     "qb1g2": -me(-jet, p1, -p2), "g1qb2": -me(-jet, p2, -p1)}
            if self.channel is None:
                entry["q1qb2"], entry["qb1q2"] = me(p1, p2, jet), me(p2, p1, jet)
            terms.append((sector.quarks, entry))
        x1, x2 = p1[:, 0] * 2 / self.sqrt_s, p2[:, 0] * 2 / self.sqrt_s
        return x1, x2, self._central_scale(jet, phi_a, phi_b), factor * self.fb, qg_weight, terms

    def _luminosities(self, x1, x2, mu_f, qg_weight, terms) -> tuple[list[tuple[int, int, int]], np.ndarray]:
        """(channels (beam-1 parton, beam-2 parton, outgoing parton), x₁f x₂f Σ̄|𝓜|²/g_s² per channel (n, m)) at
        factorisation scale mu_f. The crossings of q_j q̄_i → φφg (vlq/amplitudes.py): q_j g → q_i, q̄_i g → q̄_j."""
        partons = [21] + [q for quarks, _ in terms for q in quarks] + [-q for quarks, _ in terms for q in quarks]
        f1 = dict(zip(partons, self.pdf.xfx(partons, x1, mu_f), strict=True))
        f2 = dict(zip(partons, self.pdf.xfx(partons, x2, mu_f), strict=True))
        keys, blocks = [], []
        for quarks, e in terms:
            q = np.array(quarks)
            i, j = (a.ravel() for a in np.meshgrid(q, q, indexing="ij"))   # i out, j in, C order of (i, j)
            g = np.full_like(i, 21)
            q1, q2 = (np.array([f[p] for p in quarks]).T[:, None, :] for f in (f1, f2))      # (n, 1, j)
            qb1, qb2 = (np.array([f[-p] for p in quarks]).T[:, :, None] for f in (f1, f2))   # (n, i, 1)
            qg = qg_weight[:, None, None] * AVERAGE["qg"]
            table = {"q1g2": (q1 * f2[21][:, None, None] * qg, (j, g, i)),
                     "g1q2": (q2 * f1[21][:, None, None] * qg, (g, j, i)),
                     "qb1g2": (qb1 * f2[21][:, None, None] * qg, (-i, g, -j)),
                     "g1qb2": (qb2 * f1[21][:, None, None] * qg, (g, -i, -j)),
                     "q1qb2": (q1 * qb2 * AVERAGE["qqbar"], (j, -i, g)),
                     "qb1q2": (q2 * qb1 * AVERAGE["qqbar"], (-i, j, g))}
            for name, me in e.items():
                luminosity, codes = table[name]
                blocks.append((luminosity * me).reshape(len(x1), -1))
                keys.extend(tuple(key) for key in np.stack(codes, axis=1).tolist())
        return keys, np.concatenate(blocks, axis=1)

    def central_weights(self, u) -> np.ndarray:
        """dσ/d⁶u in fb at the central scale (= weights(u)[:, 0], one PDF evaluation instead of three)."""
        x1, x2, mu0, base, qg_weight, terms = self._amplitudes(u)
        lum = self._luminosities(x1, x2, mu0, qg_weight, terms)[1].sum(axis=1)
        return base * lum * 4 * np.pi * self.pdf.alpha_s(mu0)

    def weights(self, u) -> np.ndarray:
        """dσ/d⁶u in fb for the seven scale choices, shape (n, 7)."""
        x1, x2, mu0, base, qg_weight, terms = self._amplitudes(u)
        lum = {xf: self._luminosities(x1, x2, xf * mu0, qg_weight, terms)[1].sum(axis=1)
               for xf in sorted({f for _, f in SCALE_FACTORS})}
        out = np.empty((len(u), len(SCALE_FACTORS)))
        for n, (xr, xf) in enumerate(SCALE_FACTORS):
            out[:, n] = base * lum[xf] * 4 * np.pi * self.pdf.alpha_s(xr * mu0)
        return out

    def channel_weights(self, u) -> tuple[list[tuple[int, int, int]], np.ndarray]:
        """(channels (beam-1 parton, beam-2 parton, outgoing parton), dσ/d⁶u in fb per channel at the central scale,
        shape (n, m)); the columns sum to weights(u)[:, 0]."""
        x1, x2, mu0, base, qg_weight, terms = self._amplitudes(u)
        keys, luminosity = self._luminosities(x1, x2, mu0, qg_weight, terms)
        return keys, (base * 4 * np.pi * self.pdf.alpha_s(mu0))[:, None] * luminosity

    def event_record(self, u, channels, choice, rng: np.random.Generator) -> EventRecord:
        """Events (beam 1, beam 2, outgoing parton, φ, φ) of accepted points u with channels[choice]: the momenta of
        the phase space rotated by a uniform azimuth (the matrix element does not depend on it), the unique
        leading-colour flow of qq̄ → g and q g → q (events.colour_flow)."""
        n = len(u)
        p1, p2, jet, phi_a, phi_b, _ = self.momenta(u)
        keys = np.array(channels, int).reshape(-1, 3)
        flows = np.array([colour_flow((a, b), c, False) for a, b, c in channels], int).reshape(-1, 3, 2)
        colour = np.zeros((n, 5, 2), int)
        colour[:, :3] = flows[choice]
        momenta = rotate_z(np.stack([p1, p2, jet, phi_a, phi_b], axis=1), 2 * np.pi * rng.random(n))
        mu0 = self._central_scale(jet, phi_a, phi_b)
        return production_record(np.column_stack([keys[choice], np.full((n, 2), PHI_PDG)]), momenta, colour,
                                 [0.0, 0.0, 0.0, self.m_phi, self.m_phi],
                                 np.column_stack([p1[:, 0], p2[:, 0]]) * 2 / self.sqrt_s, mu0, self.pdf.alpha_s(mu0))

    def final_state(self, u):
        """(jets (n, 1, 4), invisible (n, 2, 4))."""
        _, _, jet, phi_a, phi_b, _ = self.momenta(u)
        return jet[:, None, :], np.stack([phi_a, phi_b], axis=1)
