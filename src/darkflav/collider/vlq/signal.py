"""The VLQ model (models/vlq.py) in the ATLAS monojet search: the full tree-level signal, its contact limit, bounds.

Signal processes at LO, massless quarks (the heavy states: the charge −1/3 eigenstates F₁, F₂ of
`charge_minus_third()` and Q_u with the couplings ỹ = V*y_q of `up_yukawas()`):

* pp → φφ + parton with the full Q/D propagators (collider/vlq_amplitudes.py): q q̄ → φφg, qg → qφφ, q̄g → q̄φφ.
  In qg the heavy state can be on shell (qg → Fφ → qφφ, the associated production of arXiv:2509.14869); the
  phase space is split into a non-resonant channel (the (m_φφ, ln p_T, y_j, y_φφ) map of monojet.PhiPhiJet and
  the φφ decay angles) and one channel per heavy state covering |m(qφ) − M_a| < WINDOW·Γ_a with a Breit–Wigner
  map of m(qφ) (dΦ₃ = dΦ₂(P; F*, φ) dm*²/(2π) dΦ₂(F*; q, φ), PDG 2024 Kinematics eq. 49.21). A point in several
  windows is shared between their channels (weights 1/N), so nothing is counted twice. No narrow-width
  approximation: the complex-mass propagators keep the spin correlations and the off-shell tails.
* QCD pair production pp → F_aF̄_a (collider/vlq_production.py, Combridge 1979) with F_a → qφ isotropic, times
  the branching ratio into light quarks squared (Q_u → tφ is left out of the signal). A heavy state without
  couplings to the light quarks has neither a resonant channel nor pairs in the signal (it has no F → qφ decay).
* Yukawa-induced pairs (collider/vlq_yukawa_pairs.py): qq̄ → FF̄, qq → FF, q̄q̄ → F̄F̄ by φ exchange (∝ y⁴) and the
  interference of qq̄ → FF̄ with the QCD diagram (∝ g_s²y², negative), F → qφ as above.
* Widths: F → q_p φ summed over p = d, s, b (u, c, t for Q_u),
  Γ = [(|l|² + |r|²)(M² + m_q² − m_φ²) + 4Re(l r*) M m_q] λ^{1/2}(M², m_q², m_φ²)/(32π M³) [derived: two-body
  decay of a Dirac fermion through −φF̄(lP_L + rP_R)q; for m_q = 0 it is the width of the models/vlq.py docstring].
  Decays F → F' + h/Z/W (open only for y₁, y₂ ≠ 0, splitting ≈ y₁v/√2) are neglected.

Events (`vlq_events`; engine, mixing and LHE in collider/events.py): the parts of `signal_processes` in EVENT_PARTS
(non-resonant, one resonant window and one QCD pair process per heavy state, the pairs by φ exchange; the generation
cuts of the selection) are unweighted one by one and mixed in proportion to their σ; the interference part (negative)
is not in the events. `VLQPhiPhiJet.channel_weights` splits the central weight into channels
(beam-1 parton, beam-2 parton, outgoing parton): with i, j the outgoing and incoming flavours of
`squared_amplitude` (q_j q̄_i → φφg), q_j g → q_i φφ, q̄_i g → q̄_j φφ and q_j q̄_i → g φφ; the record is (p₁, p₂,
parton, φ, φ) with the unique leading-colour flow, no intermediate F (the 2 → 3 amplitude is not split into
resonant and non-resonant parts). Pair events carry F and F̄ as status-2 resonances with the codes HEAVY_STATES
(vlq_production.py, vlq_yukawa_pairs.py).

Contact limit: `contact_theory` is the DarkEFT of the dimension-5 operators at the matching scale √(m_Q m_D)
(models/vlq.py chiral_coefficients with run=False: the LHC probes the coefficient at high scale, not the one run
down to 2 GeV that `match()` returns for low-energy observables). The gluon operator C_G (a top–Q_u loop in the UV,
absent from the tree-level UV signal) is left out unless `gluon=True`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.optimize import brentq

from ..data import package_data
from ..errors import DarkflavError, in_range, unknown
from ..parameters import Parameters
from .atlas_monojet import EXCLUSIVE, RegionCrossSections, _region_arrays, analysis, cls, region_cross_sections
from .events import PHI_PDG, EventRecord, Events, colour_flow, mixed_events, production_record, rotate_z
from .monojet import AVERAGE, SCALE_FACTORS, _fb_per_inverse_gev2
from .pdf import PartonDistributions, load_pdf
from .phase_space import two_to_two
from .vlq_amplitudes import complex_masses, interference_matrices, squared_amplitude
from .vlq_production import HeavyQuarkPair, _boost

#: half-width of the resonant phase-space channels in units of Γ_a (a technical choice of the integration: the
#: result does not depend on it, tests/test_collider_vlq.py)
WINDOW = 15.0
DOWN_QUARKS, UP_QUARKS = (1, 3, 5), (2, 4)
#: names and PDG Monte Carlo codes of the heavy states by (sector, state) of `heavy_sectors`: the charge −1/3 mass
#: eigenstates F₁, F₂ (ascending mass) and the charge 2/3 Q_u; the antiparticles have the negative codes. Codes of
#: the form 9xxxxxx are not assigned by the PDG (φ is 9000005, collider/events.py).
HEAVY_STATES = ((("F1", 9000006), ("F2", 9000007)), (("Qu", 9000008),))
#: the parts of the signal (module docstring), as in `VLQSignal`
PARTS = ("t_channel", "resonant", "pairs", "phi_pairs", "interference")
#: the parts `vlq_events` can unweight: all but the interference, whose weights are negative (its σ, ∝ y², is in
#: `vlq_region_cross_sections`); "phi_pairs" is YukawaPairs with parts=("yukawa",)
EVENT_PARTS = ("t_channel", "resonant", "pairs", "phi_pairs")


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


def _four_vector(mt, px, y):
    return np.stack([mt * np.cosh(y), px, 0 * px, mt * np.sinh(y)], axis=-1)


def _decay(parent, mass, m1, m2, cos, azimuth):
    """Two-body decay parent (n, 4) of mass `mass` (n,) → (p₁, p₂) with masses m1, m2 at angles in its rest frame."""
    p_star = np.sqrt(np.clip((mass**2 - (m1 + m2) ** 2) * (mass**2 - (m1 - m2) ** 2), 0, None)) / (2 * mass)
    sin = np.sqrt(1 - cos**2)
    direction = np.stack([sin * np.cos(azimuth), sin * np.sin(azimuth), cos], axis=-1) * p_star[:, None]
    a = np.concatenate([np.sqrt(p_star**2 + m1**2)[:, None], direction], axis=-1)
    b = np.concatenate([np.sqrt(p_star**2 + m2**2)[:, None], -direction], axis=-1)
    beta = parent[:, 1:] / parent[:, :1]
    return _boost(a, beta), _boost(b, beta)


def _invariant_mass(p):
    return np.sqrt(np.clip(p[..., 0] ** 2 - np.sum(p[..., 1:] ** 2, axis=-1), 0, None))


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
        self.sqrt_s, self.fb = float(params["sqrt_s_LHC"]), _fb_per_inverse_gev2(params)
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
            jet = _four_vector(k.pt, k.pt, k.y3)
            system = _four_vector(k.mt4, -k.pt, k.y4)
            phi_a, phi_b = _decay(system, q, self.m_phi, self.m_phi, 2 * u[:, 4] - 1, 2 * np.pi * u[:, 5])
            beta = np.sqrt(np.clip(1 - 4 * self.m_phi**2 / np.maximum(q, 1e-300) ** 2, 0, None))
            # dQ²/du · (1/2π) · β/(8π) · ½ (identical φ), angles averaged by the uniform u₄, u₅
            factor = k.measure * 2 * q * (q_hi - q_lo) * beta / (32 * np.pi**2)
        else:
            theta = self.theta[0] + (self.theta[1] - self.theta[0]) * u[:, 3]
            m2 = self.mass**2 + self.mass * self.gamma * np.tan(theta)
            m_star = np.sqrt(m2)
            k = two_to_two(u[:, :3], self.sqrt_s, m_star, self.m_phi, 1e-3 * self.mass)
            parent = _four_vector(k.mt3, k.pt, k.y3)
            phi_b = _four_vector(k.mt4, -k.pt, k.y4)
            jet, phi_a = _decay(parent, m_star, 0.0, self.m_phi, 2 * u[:, 4] - 1, 2 * np.pi * u[:, 5])
            dm2 = self.mass * self.gamma * (1 + np.tan(theta) ** 2) * (self.theta[1] - self.theta[0])
            # dm*²/du · (1/2π) · ∫dΦ₂(F* → qφ) = (1 − m_φ²/m*²)/(8π); no ½: the window weights cover φ_A ↔ φ_B
            factor = k.measure * dm2 / (2 * np.pi) * (1 - self.m_phi**2 / m2) / (8 * np.pi)
        half = 0.5 * self.sqrt_s
        p1 = np.stack([k.x1 * half, 0 * k.x1, 0 * k.x1, k.x1 * half], axis=-1)
        p2 = np.stack([k.x2 * half, 0 * k.x2, 0 * k.x2, -k.x2 * half], axis=-1)
        return p1, p2, jet, phi_a, phi_b, np.where(np.isfinite(factor), factor, 0.0)

    def _window_weights(self, jet, phi_a, phi_b):
        """(outside every window, this channel's share χ_{a,A}/N) for the qg-type terms."""
        inside = [np.abs(_invariant_mass(jet + phi) - m) < WINDOW * w for m, w in self.windows
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
                      + np.sqrt(_invariant_mass(system) ** 2 + np.hypot(system[:, 1], system[:, 2]) ** 2))

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
        factorisation scale mu_f. The crossings of q_j q̄_i → φφg (vlq_amplitudes.py): q_j g → q_i, q̄_i g → q̄_j."""
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


class ScaledProcess:
    """A process with its weights multiplied by a constant (pair production × branching ratios); every other
    attribute (final_state, event_record, masses, PDF, …) is the process's own."""

    def __init__(self, process, factor: float):
        self.process, self.factor = process, float(factor)

    def __getattr__(self, name):
        return getattr(self.process, name)

    def weights(self, u):
        return self.factor * self.process.weights(u)

    def channel_weights(self, u):
        channels, per_channel = self.process.channel_weights(u)
        return channels, self.factor * per_channel


@dataclass
class VLQSignal:
    """σ × A (fb, parton level) of the VLQ model in the ATLAS regions, by process."""

    t_channel: RegionCrossSections      # pp → φφ + parton, non-resonant part
    resonant: RegionCrossSections       # qg → Fφ → qφφ (on-shell windows)
    pairs: RegionCrossSections          # pp → FF̄ (QCD) → qφ q̄φ
    phi_pairs: RegionCrossSections      # q q̄ → FF̄, q q → FF, q̄ q̄ → F̄F̄ by φ exchange (vlq_yukawa_pairs)
    interference: RegionCrossSections   # φ exchange × QCD in q q̄ → FF̄ (negative)

    @property
    def total(self) -> RegionCrossSections:
        return self.t_channel + self.resonant + self.pairs + self.phi_pairs + self.interference


def _zero(n_points, seed):
    zero = np.zeros(2 * len(EXCLUSIVE))
    return RegionCrossSections(zero, zero, zero, zero, n_points, seed)


def signal_processes(model, *, pdf: str | None = None, params=None, include=PARTS) -> list[tuple[str, str, object]]:
    """(part, name, process) of the signal of a VectorLikeQuarks point (scalar parameters), generation cuts of the
    ATLAS selection: 't_channel' (VLQPhiPhiJet), and per heavy state with couplings to light quarks 'resonant'
    (its Breit–Wigner channel) and 'pairs' (HeavyQuarkPair × light_fraction², with the state's PDG code from
    HEAVY_STATES and decays F_a → q_p φ with probability ∝ |l_a^p|² + |r_a^p|², massless q_p); 'phi_pairs' and
    'interference': the Yukawa-induced pairs of all states (vlq_yukawa_pairs.YukawaPairs)."""
    params = params or Parameters.default()
    for part in include:
        if part not in PARTS:
            raise unknown("VLQ signal part", part, PARTS)
    sectors = heavy_sectors(model, params)
    cut = analysis()["selection"]
    parton_densities = load_pdf(pdf, params=params)
    m_phi = float(model.m_phi)
    common = (sectors, m_phi, parton_densities, params, cut["etmiss_min"], cut["leading_jet_eta_max"])
    out = [("t_channel", "t_channel", VLQPhiPhiJet(*common))] if "t_channel" in include else []
    for s, sector in enumerate(sectors):
        for a, (state, code) in enumerate(HEAVY_STATES[s]):
            if not np.any(sector.couplings[:, a] != 0):   # no F_a → qφ (and no resonance): no signal
                continue
            if "resonant" in include:
                out.append(("resonant", f"resonant {state}", VLQPhiPhiJet(*common, channel=(s, a))))
            if "pairs" in include:
                decays = dict(zip(sector.quarks, np.sum(np.abs(sector.couplings[:, a]) ** 2, axis=0), strict=True))
                pair = HeavyQuarkPair(float(sector.masses[a]), m_phi, parton_densities, params, pdg=code,
                                      decays=decays)
                out.append(("pairs", f"pairs {state}", ScaledProcess(pair, sector.light_fraction[a] ** 2)))
    if any(np.any(sector.couplings != 0) for sector in sectors):
        from .vlq_yukawa_pairs import YukawaPairs  # imports this module's HeavySector: not at the top

        for part, piece in (("phi_pairs", "yukawa"), ("interference", "interference")):
            if part in include:
                out.append((part, part, YukawaPairs(sectors, m_phi, parton_densities, params, (piece,))))
    return out


def vlq_region_cross_sections(model, *, pdf: str | None = None, n_points: int = 10_000, seed: int = 1,
                              params=None, include=PARTS) -> VLQSignal:
    """σ × A of a VectorLikeQuarks point (scalar parameters) in the 26 regions, by process (cached per model).

    The 2 → 3 matrix elements are costly: vegas trains on n_points/2 points per iteration (6 iterations)."""
    params = params or Parameters.default()
    key = (_model_key(model), pdf, int(n_points), int(seed), float(params["sqrt_s_LHC"]), tuple(include))
    n_adapt = max(int(n_points) // 2, 1000)
    if key in _CACHE:
        return _CACHE[key]
    parts = {name: _zero(n_points, seed) for name in PARTS}
    for part, _, process in signal_processes(model, pdf=pdf, params=params, include=include):
        training = (n_adapt,) if part in ("t_channel", "resonant") else ()  # only the 2 → 3 is costly
        parts[part] = parts[part] + region_cross_sections(process, n_points, seed, *training)
    _CACHE[key] = VLQSignal(**parts)
    return _CACHE[key]


def vlq_events(model, n_events: int, seed: int = 1, *, pdf: str | None = None, params=None, include=EVENT_PARTS,
               **options) -> Events:
    """n_events unweighted parton-level events of the signal of a VectorLikeQuarks point: the parts of
    `signal_processes` among EVENT_PARTS unweighted one by one and mixed in proportion to their σ
    (`events.mixed_events`; one LHE process entry per part, σ = Σσ_part). The Yukawa-induced pairs by φ exchange
    ("phi_pairs": q q̄ → FF̄, q q → FF, q̄ q̄ → F̄F̄, records of vlq_yukawa_pairs.YukawaPairs) are in the events; their
    interference with the QCD pairs is not (negative weights cannot be unweighted), so the sample's σ omits σ_int,
    which is negative and ∝ y²: `vlq_region_cross_sections` has it. options: those of `events.Unweighter` (safety,
    n_max, n_adapt, batch, max_trials)."""
    for part in include:
        if part not in EVENT_PARTS:
            raise unknown("VLQ signal part with events", part, EVENT_PARTS)
    processes = [(name, process) for _, name, process in signal_processes(model, pdf=pdf, params=params,
                                                                         include=include)]
    if not processes:
        raise DarkflavError(f"the VLQ point has no signal part among {list(include)} (no heavy state couples to "
                            "the light quarks)")
    return mixed_events(processes, n_events, seed, **options)


_CACHE: dict = {}


def _model_key(model) -> tuple:
    return tuple(np.asarray(getattr(model, n)).tobytes() for n in ("m_Q", "m_D", "m_phi", "y_q", "y_d", "y1", "y2"))


def contact_theory(model, params=None, gluon: bool = False):
    """The DarkEFT (real scalar) of the model's dimension-5 contact operators at μ = √(m_Q m_D)
    (`VectorLikeQuarks.dark_eft(run=False)`); C_G (given at 2 GeV, docs/conventions.md) only with gluon=True."""
    return model.dark_eft(params or Parameters.default(), run=False, gluon=gluon)


def benchmark_model(m_Q: float, y: float = 1.0, m_phi: float = 1.0, params=None):
    """The slides' benchmark direction (docs/uv-models.md): m_D = m_Q, y_q = y_d = y·(0, 1, 0.2) from
    collider/data/vlq_benchmark.yaml, y₁ = y₂ = 0."""
    from ..models.vlq import VectorLikeQuarks

    direction = np.array(benchmark()["yukawa_direction"]["value"], float)
    return VectorLikeQuarks(m_Q, m_Q, m_phi, y * direction, y * direction, 0.0, 0.0)


@cache
def benchmark() -> dict:
    """collider/data/vlq_benchmark.yaml."""
    return package_data(__package__, "vlq_benchmark.yaml")


def yukawa_bound(m_Q: float, m_phi: float = 1.0, *, luminosity: float | None = None, expected: bool = False,
                 efficiency: float | None = None, y_max: float | None = None, **options) -> float:
    """95 % CL upper bound on y of `benchmark_model` at mass m_Q from the EM bins (CLs, atlas_monojet).

    With y₁ = y₂ = 0 every vertex is ∝ y and σ = σ_FF̄ + y²(σ_res + σ_int) + y⁴(σ_t + σ_φφ) (the resonant part in
    the narrow-width limit, Γ ∝ y²; σ_int the QCD × φ-exchange interference of the pairs, σ_φφ their φ exchange),
    from one computation at y = 1. Returns 0 where pair production alone is
    excluded and inf where y_max (default √(4π), perturbativity) is allowed. `luminosity` (fb⁻¹) projects with
    n = b scaled (expected)."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi0 = data["luminosity"]["value"]
    lumi = lumi0 if luminosity is None else float(luminosity)
    y_max = np.sqrt(4 * np.pi) if y_max is None else float(y_max)
    signal = vlq_region_cross_sections(benchmark_model(m_Q, 1.0, m_phi), **options)
    idx = slice(0, len(EXCLUSIVE))
    by_power = {0: ("pairs",), 2: ("resonant", "interference"), 4: ("t_channel", "phi_pairs")}
    parts = {power: sum(getattr(signal, p).sigma[idx] for p in names) * eff * lumi
             for power, names in by_power.items()}
    n, b, sb = (a * lumi / lumi0 for a in _region_arrays(EXCLUSIVE))
    n = b if (expected or lumi != lumi0) else n

    def excess(y):  # CLs(signal at y) − 0.05: negative where excluded
        s = sum(y**power * part for power, part in parts.items())
        return cls(1.0, s, n, b, sb) - 0.05

    if excess(0.0) < 0:
        return 0.0
    if excess(y_max) > 0:
        return np.inf
    return float(brentq(excess, 0.0, y_max, xtol=1e-4))


def model_exclusion(signal: RegionCrossSections, *, luminosity: float | None = None,
                    efficiency: float | None = None) -> float:
    """CLs of a signal (σ × A per region, fb) from the EM bins; < 0.05 is excluded at 95 % CL. `luminosity`
    (fb⁻¹) other than 139 projects with n = b (expected)."""
    data = analysis()
    eff = data["detector_efficiency"]["value"] if efficiency is None else efficiency
    lumi0 = data["luminosity"]["value"]
    lumi = lumi0 if luminosity is None else float(luminosity)
    n, b, sb = (a * lumi / lumi0 for a in _region_arrays(EXCLUSIVE))
    return float(cls(1.0, signal.sigma[: len(EXCLUSIVE)] * eff * lumi, b if lumi != lumi0 else n, b, sb))


@dataclass(frozen=True)
class BenchmarkComparison:
    """The slides' benchmark (collider/data/vlq_benchmark.yaml): the full model with y₁ = y1_comparison (`uv`, by
    process) and its matched contact operators (`contact`), and the benchmark itself with y₁ = 0 (`point`)."""

    uv: VLQSignal
    contact: RegionCrossSections
    point: RegionCrossSections


def benchmark_comparison(n_points: int = 2000, seed: int = 1, params=None) -> BenchmarkComparison:
    """σ × A per region of the benchmark: the EFT-versus-UV comparison and the benchmark point (the report's
    numbers; n_points Monte Carlo points per process)."""
    from ..models.vlq import VectorLikeQuarks
    from .monojet import monojet_cross_sections

    params = params or Parameters.default()
    data = benchmark()
    m_q, m_phi, y = (data[k]["value"] for k in ("m_Q", "m_phi", "yukawa"))
    direction = y * np.array(data["yukawa_direction"]["value"], float)
    flip = VectorLikeQuarks(m_q, m_q, m_phi, direction, direction, data["y1_comparison"]["value"], 0.0)
    uv = vlq_region_cross_sections(flip, n_points=n_points, seed=seed)
    contact = monojet_cross_sections(contact_theory(flip, params), n_points=4 * n_points, seed=seed)
    point = vlq_region_cross_sections(benchmark_model(m_q, y, m_phi), n_points=n_points, seed=seed).total
    return BenchmarkComparison(uv, contact, point)
