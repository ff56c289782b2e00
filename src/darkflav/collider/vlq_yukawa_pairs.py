"""Yukawa-induced heavy-quark pairs of the VLQ model at LO: q q̄ → F_aF̄_b, q q → F_aF_b, q̄ q̄ → F̄_aF̄_b, F → qφ.

Heavy colour triplets F_a (all states of `vlq_monojet.heavy_sectors`, down-type and Q_u together, so that e.g.
u d → Q_uF_a is included), massless quarks q_p, real scalar φ:

    L ⊃ −φ F̄_a V_a^p q_p + h.c.,   V_a^p = l_a^p P_L + r_a^p P_R,   V̄_a^p = γ⁰V_a^{p†}γ⁰ = l_a^{p*} P_R + r_a^{p*} P_L.

Amplitudes, colours i, j of the quarks and k, l of the heavy states, D(x) = x − m_φ², up to a common phase:

    q_p(p₁) q̄_r(p₂) → F_a(k₁) F̄_b(k₂), t = (p₁ − k₁)²:
        𝓜 = δ_ki δ_jl [ū(k₁)V_a^p u(p₁)][v̄(p₂)V̄_b^r v(k₂)]/D(t)
          + δ_ab δ_pr g_s² T^A_kl T^A_ji [ū(k₁)γ^μv(k₂)][v̄(p₂)γ_μu(p₁)]/s
    q_p(p₁) q_r(p₂) → F_a(k₁) F_b(k₂), t = (p₁ − k₁)², u = (p₁ − k₂)²:
        𝓜 = δ_ki δ_lj [ū(k₁)V_a^p u(p₁)][ū(k₂)V_b^r u(p₂)]/D(t) − δ_li δ_kj [ū(k₂)V_b^p u(p₁)][ū(k₁)V_a^r u(p₂)]/D(u)

[derived: vertices −iV, −iV̄ and propagator i/D for φ, ig_sγ^μT^A and −ig_μν/s for the gluon; the relative signs
are those of the Grassmann reordering, (F̄Vq)(q̄V̄F) = −(F̄…F)(q̄…q), and (F̄_aq_p)(F̄_bq_r) against (F̄_bq_p)(F̄_aq_r)
(𝓜 is odd under exchange of the two final F); tests/test_vlq_yukawa_pairs.py re-derives them with tests/lq_fierz.py.]
Summed over spins and colours [derived: traces with massless quarks, whose chirality is conserved along each line,
so no l r* terms survive in a single-line trace; colour sums δδ·δδ = 9, δδ·(crossed δδ) = 3, (T^AT^A)² = 2,
δδ·T^AT^A = 4; K_a^p = |l_a^p|² + |r_a^p|²]:

    q q̄, φ exchange:    Σ|𝓜_φ|² = 9 K_a^p K_b^r (M_a² − t)(M_b² − t)/D(t)²
    q q̄, interference:  2Re Σ𝓜_g𝓜_φ* = 16 g_s² K_a^p [(M_a² − t)² + M_a²s]/(s D(t))   (a = b, p = r; always < 0)
    q q̄, QCD alone:      16 g_s⁴ [(M² − t)² + (M² − u)² + 2M²s]/s²  (Combridge 1979: vlq_production, not here)
    q q and q̄ q̄:        Σ|𝓜|² = 9 K_a^p K_b^r (M_a² − t)(M_b² − t)/D(t)² + 9 K_b^p K_a^r (M_a² − u)(M_b² − u)/D(u)²
                           + 6 Re[(λ_pλ_r* + ρ_pρ_r*)(tu − M_a²M_b²) − (λ_pρ_r* + ρ_pλ_r*) M_aM_b s]/(D(t)D(u)),
                         λ_p = l_a^p l_b^{p*}, ρ_p = r_a^p r_b^{p*}

(the t–u term is the single trace Tr[(k̸₁ + M_a)V_a^p p̸₁V̄_b^p(k̸₂ + M_b)V_b^r p̸₂V̄_a^r], whose ε-tensor part vanishes
since p₁ + p₂ = k₁ + k₂; q̄q̄ → F̄F̄ has conjugated couplings and the same real result). In the cross section q q → F_aF_b
takes ½ for identical particles with every ordered (a, b) summed: the full phase space of (a, b) and of (b, a) counts
the same final states twice. All checked against explicit Dirac spinors in the tests.

Hadronic cross section as vlq_production.HeavyQuarkPair: dσ = x₁f x₂f Σ̄|𝓜|²/(16πŝ²) dp_T² dy₃ dy₄, Σ̄ = Σ/36,
μ_R = μ_F = (m_T3 + m_T4)/2 (= m_T for equal masses) times SCALE_FACTORS, α_s and PDFs from the PDF object. Each F
decays to qφ isotropically in its rest frame with weight light_fraction (Q_u → tφ is not signal). The QCD part of
q q̄ → F_aF̄_a stays in HeavyQuarkPair: this module gives the φ-exchange part ("yukawa", ∝ y⁴) and the interference
("interference", ∝ g_s²y², destructive), which add to it without double counting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import DarkflavError, in_range, unknown
from .monojet import AVERAGE, SCALE_FACTORS, _fb_per_inverse_gev2
from .pdf import PartonDistributions
from .phase_space import two_to_two
from .vlq_monojet import HeavySector, _decay, _four_vector

PARTS = ("yukawa", "interference")


def _kinematic(*values):
    """Arrays (n,) → (n, 1, 1, 1, 1) against couplings (a, b, p, r)."""
    return [np.asarray(v, float)[..., None, None, None, None] for v in values]


def qqbar_yukawa(t, m3, m4, m_phi, l, r) -> np.ndarray:
    """Σ|𝓜_φ|² of q_p(p₁) q̄_r(p₂) → F_a(k₁) F̄_b(k₂) (module docstring), t = (p₁ − k₁)², M_a = m3, M_b = m4;
    couplings l, r (a, p) → (n, a, b, p, r)."""
    t, m3, m4 = _kinematic(t, m3, m4)
    k = np.abs(l) ** 2 + np.abs(r) ** 2
    return 9 * (m3**2 - t) * (m4**2 - t) / (t - m_phi**2) ** 2 * k[:, None, :, None] * k[None, :, None, :]


def qqbar_interference(s, t, mass, m_phi, l, r) -> np.ndarray:
    """2Re Σ𝓜_g𝓜_φ*/g_s² of q_p(p₁) q̄_p(p₂) → F_a(k₁) F̄_a(k₂) (module docstring), M_a = mass: (n, a, p)."""
    s, t, mass = (np.asarray(v, float)[..., None, None] for v in (s, t, mass))
    k = np.abs(l) ** 2 + np.abs(r) ** 2
    return 16 * k * ((mass**2 - t) ** 2 + mass**2 * s) / (s * (t - m_phi**2))


def qq_squared(s, t, u, m3, m4, m_phi, l, r) -> np.ndarray:
    """Σ|𝓜|² of q_p(p₁) q_r(p₂) → F_a(k₁) F_b(k₂), and of q̄_p q̄_r → F̄_aF̄_b (module docstring), t = (p₁ − k₁)²,
    u = (p₁ − k₂)², M_a = m3, M_b = m4, without the ½ for identical particles: (n, a, b, p, r)."""
    s, t, u, m3, m4 = _kinematic(s, t, u, m3, m4)
    k = np.abs(l) ** 2 + np.abs(r) ** 2
    lam, rho = (c[:, None, :] * np.conj(c[None, :, :]) for c in (l, r))            # (a, b, p)
    same = (lam[..., :, None] * np.conj(lam[..., None, :]) + rho[..., :, None] * np.conj(rho[..., None, :])).real
    mixed = (lam[..., :, None] * np.conj(rho[..., None, :]) + rho[..., :, None] * np.conj(lam[..., None, :])).real
    dt, du = t - m_phi**2, u - m_phi**2
    return (9 * (m3**2 - t) * (m4**2 - t) / dt**2 * k[:, None, :, None] * k[None, :, None, :]
            + 9 * (m3**2 - u) * (m4**2 - u) / du**2 * k[None, :, :, None] * k[:, None, None, :]
            + 6 * (same * (t * u - m3**2 * m4**2) - mixed * m3 * m4 * s) / (dt * du))


class YukawaPairs:
    """pp → F_aF̄_b, F_aF_b, F̄_aF̄_b by φ exchange with F → qφ, for `atlas_monojet.region_cross_sections`.

    u ∈ [0,1)⁸: (ln p_T, y₃, y₄) of `two_to_two`, the decay angles (cos θ, ϕ) of each heavy state in its rest frame,
    and u₇ choosing one of the N ordered mass pairs (M₃, M₄) of the states (weight N; every (a, b) with these masses
    is summed at the point, so degenerate states share one pair). `parts`: "yukawa" (∝ y⁴) and/or "interference"
    (with the QCD q q̄ → F_aF̄_a of HeavyQuarkPair, ∝ g_s²y²)."""

    dim = 8

    def __init__(self, sectors: Sequence[HeavySector], m_phi: float, pdf: PartonDistributions, params,
                 parts: Sequence[str] = PARTS):
        if (isinstance(sectors, HeavySector) or not sectors
                or not all(isinstance(s, HeavySector) for s in sectors)):
            raise DarkflavError("sectors must be a non-empty sequence of HeavySector, e.g. "
                                "vlq_monojet.heavy_sectors(model, params)")
        parts = (parts,) if isinstance(parts, str) else tuple(parts)
        for part in parts:
            if part not in PARTS:
                raise unknown("part of the Yukawa-induced pair production", part, PARTS)
        if not parts:
            raise DarkflavError(f"parts is empty; choose among {PARTS}")
        self.parts = parts
        self.sqrt_s, self.fb, self.pdf = float(params["sqrt_s_LHC"]), _fb_per_inverse_gev2(params), pdf
        self.quarks = tuple(sorted({q for s in sectors for q in s.quarks}))
        if not set(self.quarks) <= {1, 2, 3, 4, 5}:
            raise DarkflavError(f"sector quarks must be PDG codes of light quarks 1–5, got {self.quarks}")
        masses, light, l, r = [], [], [], []
        for sector in sectors:
            n_states, n_quarks = len(sector.masses), len(sector.quarks)
            if sector.couplings.shape != (2, n_states, n_quarks) or np.shape(sector.light_fraction) != (n_states,):
                raise DarkflavError(f"a sector with {n_states} states and quarks {sector.quarks} needs couplings of "
                                    f"shape (2, {n_states}, {n_quarks}) and light_fraction ({n_states},), got "
                                    f"{sector.couplings.shape} and {np.shape(sector.light_fraction)}")
            columns = [self.quarks.index(q) for q in sector.quarks]
            for c, rows in zip(sector.couplings, (l, r), strict=True):
                full = np.zeros((n_states, len(self.quarks)), complex)
                full[:, columns] = c
                rows.append(full)
            masses.append(sector.masses)
            light.append(sector.light_fraction)
        self.masses = in_range("heavy-quark mass", np.concatenate(masses), 1.0, self.sqrt_s / 2.5, "GeV")
        self.light_fraction = np.concatenate(light).astype(float)
        self.l, self.r = np.concatenate(l), np.concatenate(r)
        if not np.any(self.l) and not np.any(self.r):
            raise DarkflavError("all Yukawa couplings vanish: there is no Yukawa-induced pair production")
        self.m_phi = float(in_range("m_phi", m_phi, 0.0, 0.999 * self.masses.min(), "GeV"))
        distinct = np.unique(self.masses)
        self.pairs = np.array([(m3, m4) for m3 in distinct for m4 in distinct])                   # (N, 2)
        # per mass pair: light_fraction_a light_fraction_b where (M_a, M_b) is the pair, else 0 — (N, a, b)
        match3 = self.masses[None, :] == self.pairs[:, :1]
        match4 = self.masses[None, :] == self.pairs[:, 1:]
        self.pair_weights = (match3[:, :, None] * match4[:, None, :] * self.light_fraction[:, None]
                             * self.light_fraction[None, :])
        # p_T ≥ 1e-3 M as HeavyQuarkPair (dσ/dp_T ∝ p_T at small p_T)
        self.pt_min = 1e-3 * self.masses.min()

    def kinematics(self, u):
        """(TwoToTwo with particle 3 = F_a, 4 = F̄_b or F_b, index of the mass pair) for u (n, 8)."""
        pair = np.minimum((u[:, 7] * len(self.pairs)).astype(int), len(self.pairs) - 1)
        m3, m4 = self.pairs[pair].T
        return two_to_two(u[:, :3], self.sqrt_s, m3, m4, self.pt_min), pair

    def weights(self, u) -> np.ndarray:
        """dσ/d⁸u in fb for the seven scale choices, shape (n, 7)."""
        k, pair = self.kinematics(u)
        s, t1, t2, m3, m4 = k.shat, k.t1, k.t2, k.m3, k.m4
        weight = self.pair_weights[pair]                                                        # (n, a, b)
        l, r, m_phi = self.l, self.r, self.m_phi

        def flavours(me):  # Σ_ab over the pairs at each point: (n, a, b, p, r) → (n, p, r)
            return np.einsum("nab,nabpr->npr", weight, me)

        # per part: (Σ|𝓜|² (n, x, y) for flavour x from beam 1 and y from beam 2, beam 1 antiquark?, beam 2 antiquark?)
        terms = {"yukawa": [], "interference": []}
        if "yukawa" in self.parts:
            qq = flavours(0.5 * qq_squared(s, t1, t2, m3, m4, m_phi, l, r))   # ½: identical particles
            terms["yukawa"] = [(flavours(qqbar_yukawa(t1, m3, m4, m_phi, l, r)), False, True),
                               (np.swapaxes(flavours(qqbar_yukawa(t2, m3, m4, m_phi, l, r)), 1, 2), True, False),
                               (qq, False, False), (qq, True, True)]
        if "interference" in self.parts:
            same = np.einsum("naa->na", weight)                                   # a = b (and p = r below)
            terms["interference"] = [
                (np.einsum("na,nap->np", same, qqbar_interference(s, t, m3, m_phi, l, r))[..., None]
                 * np.eye(len(self.quarks)), *beams) for t, beams in ((t1, (False, True)), (t2, (True, False)))]
        partons = list(self.quarks) + [-q for q in self.quarks]
        n_q = len(self.quarks)
        mu0 = 0.5 * (k.mt3 + k.mt4)
        lum = {}
        for xf in sorted({f for _, f in SCALE_FACTORS}):
            f1, f2 = (self.pdf.xfx(partons, x, xf * mu0).T for x in (k.x1, k.x2))                # (n, 2 n_q)
            lum[xf] = {part: sum(np.einsum("nxy,nx,ny->n", me, f1[:, n_q * bar1:n_q * (1 + bar1)],
                                           f2[:, n_q * bar2:n_q * (1 + bar2)]) for me, bar1, bar2 in entries)
                       for part, entries in terms.items()}
        base = k.measure * len(self.pairs) * self.fb * AVERAGE["qqbar"]     # Σ̄ = Σ/36 for q q̄ and q q alike
        out = np.empty((len(u), len(SCALE_FACTORS)))
        for n, (xr, xf) in enumerate(SCALE_FACTORS):
            out[:, n] = base * (lum[xf]["yukawa"] + 4 * np.pi * self.pdf.alpha_s(xr * mu0) * lum[xf]["interference"])
        return out

    def final_state(self, u):
        """(quarks (n, 2, 4), φ's (n, 2, 4)) after isotropic F → qφ decays."""
        k, _ = self.kinematics(u)
        jets, invisible = [], []
        for parent, mass, (c, a) in ((_four_vector(k.mt3, k.pt, k.y3), k.m3, (3, 4)),
                                     (_four_vector(k.mt4, -k.pt, k.y4), k.m4, (5, 6))):
            quark, phi = _decay(parent, mass, 0.0, self.m_phi, 2 * u[:, c] - 1, 2 * np.pi * u[:, a])
            jets.append(quark)
            invisible.append(phi)
        return np.stack(jets, axis=1), np.stack(invisible, axis=1)
