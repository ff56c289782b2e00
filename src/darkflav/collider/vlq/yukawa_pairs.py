"""Yukawa-induced heavy-quark pairs of the VLQ model at LO: q q̄ → F_aF̄_b, q q → F_aF_b, q̄ q̄ → F̄_aF̄_b, F → qφ.

Heavy colour triplets F_a (all states of `vlq.sectors.heavy_sectors`, down-type and Q_u together, so that e.g.
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
    q q̄, QCD alone:      16 g_s⁴ [(M² − t)² + (M² − u)² + 2M²s]/s²  (Combridge 1979: vlq/production.py, not here)
    q q and q̄ q̄:        Σ|𝓜|² = 9 K_a^p K_b^r (M_a² − t)(M_b² − t)/D(t)² + 9 K_b^p K_a^r (M_a² − u)(M_b² − u)/D(u)²
                           + 6 Re[(λ_pλ_r* + ρ_pρ_r*)(tu − M_a²M_b²) − (λ_pρ_r* + ρ_pλ_r*) M_aM_b s]/(D(t)D(u)),
                         λ_p = l_a^p l_b^{p*}, ρ_p = r_a^p r_b^{p*}

(the t–u term is the single trace Tr[(k̸₁ + M_a)V_a^p p̸₁V̄_b^p(k̸₂ + M_b)V_b^r p̸₂V̄_a^r], whose ε-tensor part vanishes
since p₁ + p₂ = k₁ + k₂; q̄q̄ → F̄F̄ has conjugated couplings and the same real result). In the cross section q q → F_aF_b
takes ½ for identical particles with every ordered (a, b) summed: the full phase space of (a, b) and of (b, a) counts
the same final states twice. All checked against explicit Dirac spinors in the tests.

Hadronic cross section as vlq.production.HeavyQuarkPair: dσ = x₁f x₂f Σ̄|𝓜|²/(16πŝ²) dp_T² dy₃ dy₄, Σ̄ = Σ/36,
μ_R = μ_F = (m_T3 + m_T4)/2 (= m_T for equal masses) times SCALE_FACTORS, α_s and PDFs from the PDF object. Each F
decays to qφ isotropically in its rest frame with weight light_fraction (Q_u → tφ is not signal). The QCD part of
q q̄ → F_aF̄_a stays in HeavyQuarkPair: this module gives the φ-exchange part ("yukawa", ∝ y⁴) and the interference
("interference", ∝ g_s²y², destructive), which add to it without double counting.

Events (`channel_weights`, `event_record`, for collider/events.py; the "yukawa" part only: the interference is
negative and cannot be unweighted, so a YukawaPairs with "interference" among its parts raises). Channels (beam-1
parton, beam-2 parton, heavy state 3, heavy state 4) as PDG codes, the heavy states by (sector, state) of
vlq.sectors.HEAVY_STATES (antiparticles negative), so the sign of 3 and 4 tells F F̄, F F or F̄ F̄; channels whose
couplings or light fractions vanish are left out. Particle 3 is F_a at k₁ (mass M₃ of the phase space), 4 is F̄_b or
F_b at k₂: q q → F_aF_b keeps both terms at the point (every ordered (a, b) is a channel of its own, with the ½),
so the event is written with k₁ → F_a and k₂ → F_b. Record (beam 1, beam 2, F, F', q, φ, q', φ) as
vlq.production.HeavyQuarkPair: F and F' status-2 resonances, F_a → q_p φ (F̄_a → q̄_p φ) with mothers their F, the
flavour drawn per event ∝ K_a^p among the light quarks (Q_u → tφ excluded, as in light_fraction), a uniform
azimuthal rotation. Leading-colour flows (Les Houches tags 501 from beam 1, 502 from beam 2): φ exchange carries
the colour along each fermion line, so in q q̄ → F F̄ the quark's colour goes to F and the antiquark's anticolour
to F̄ (δ_ki δ_jl); in q_p q_r → F_aF_b the t-channel term (δ_ki δ_lj) connects q_p → F_a and q_r → F_b, the u-channel
term (δ_li δ_kj) q_p → F_b and q_r → F_a. These two flows are chosen per event with probabilities ∝ the squared
t- and u-channel terms 9K_a^pK_b^r(M_a² − t)(M_b² − t)/D(t)² and 9K_b^pK_a^r(M_a² − u)(M_b² − u)/D(u)²; their
interference (colour factor 3 against 9, no planar flow) is left out of the choice as usual at leading colour.
q̄ q̄ → F̄F̄ likewise with anticolours. The decay quark inherits the colour of its F (F̄ → q̄ φ: the anticolour).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...errors import DarkflavError, in_range, unknown
from ..events import FIRST_COLOUR, PHI_PDG, EventRecord, pair_record, weighted_choice
from ..kinematics import fb_per_inverse_gev2, four_vector, two_body_decay
from ..pdf import PartonDistributions
from ..phase_space import two_to_two
from ..process import AVERAGE, SCALE_FACTORS
from .sectors import HEAVY_STATES, HeavySector

PARTS = ("yukawa", "interference")
#: initial states of the event channels: q q̄ (quark from beam 1), q̄ q, q q, q̄ q̄
QQBAR, QBARQ, QQ, QBARQBAR = range(4)


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
    (with the QCD q q̄ → F_aF̄_a of HeavyQuarkPair, ∝ g_s²y²). Events (`channel_weights`, `event_record`, module
    docstring) only with parts = ("yukawa",) and the sectors of vlq.sectors.heavy_sectors (PDG codes HEAVY_STATES)."""

    dim = 8

    def __init__(self, sectors: Sequence[HeavySector], m_phi: float, pdf: PartonDistributions, params,
                 parts: Sequence[str] = PARTS):
        if (isinstance(sectors, HeavySector) or not sectors
                or not all(isinstance(s, HeavySector) for s in sectors)):
            raise DarkflavError("sectors must be a non-empty sequence of HeavySector, e.g. "
                                "vlq.sectors.heavy_sectors(model, params)")
        parts = (parts,) if isinstance(parts, str) else tuple(parts)
        for part in parts:
            if part not in PARTS:
                raise unknown("part of the Yukawa-induced pair production", part, PARTS)
        if not parts:
            raise DarkflavError(f"parts is empty; choose among {PARTS}")
        self.parts = parts
        self.sqrt_s, self.fb, self.pdf = float(params["sqrt_s_LHC"]), fb_per_inverse_gev2(params), pdf
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
        # PDG codes of the states by (sector, state) of HEAVY_STATES; None if the sectors do not have its layout
        fits = len(sectors) <= len(HEAVY_STATES) and all(len(s.masses) <= len(HEAVY_STATES[i])
                                                         for i, s in enumerate(sectors))
        self.codes = (np.array([HEAVY_STATES[i][a][1] for i, s in enumerate(sectors) for a in range(len(s.masses))])
                      if fits else None)

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

    def _momenta(self, u):
        """(kinematics, index of the mass pair, heavy states 3 and 4 (n, 2, 4), their decay quarks (n, 2, 4), their
        φ's (n, 2, 4)) after isotropic F → qφ decays; state 3 along +x."""
        k, pair = self.kinematics(u)
        parents, jets, invisible = [], [], []
        for parent, mass, (c, a) in ((four_vector(k.mt3, k.pt, k.y3), k.m3, (3, 4)),
                                     (four_vector(k.mt4, -k.pt, k.y4), k.m4, (5, 6))):
            quark, phi = two_body_decay(parent, mass, 0.0, self.m_phi, 2 * u[:, c] - 1, 2 * np.pi * u[:, a])
            parents.append(parent)
            jets.append(quark)
            invisible.append(phi)
        return k, pair, np.stack(parents, axis=1), np.stack(jets, axis=1), np.stack(invisible, axis=1)

    def final_state(self, u):
        """(quarks (n, 2, 4), φ's (n, 2, 4)) after isotropic F → qφ decays."""
        return self._momenta(u)[3:]

    # --- events (module docstring) --------------------------------------------------------------------------------
    def _check_events(self):
        if "interference" in self.parts:
            raise DarkflavError("YukawaPairs with the part 'interference' has no events: its weights are negative "
                                "(destructive interference with QCD) and cannot be unweighted; use parts=('yukawa',) "
                                "for events (σ_int is in vlq.signal.vlq_region_cross_sections)")
        if self.codes is None:
            raise DarkflavError("YukawaPairs events need the sectors of vlq.sectors.heavy_sectors (the layout of "
                                f"vlq.sectors.HEAVY_STATES, {[len(s) for s in HEAVY_STATES]} states) for the PDG codes")

    def _channel_table(self):
        """The event channels: (keys (beam-1 parton, beam-2 parton, heavy 3, heavy 4), per channel the initial state
        QQBAR … QBARQBAR and the indices (a, b, p, r) into the (n, a, b, p, r) arrays of the closed forms). For q q̄:
        p the quark and r the antiquark flavour, F_a from the quark; for q q and q̄ q̄: p from beam 1, r from beam 2."""
        self._check_events()
        k_ap = (np.abs(self.l) ** 2 + np.abs(self.r) ** 2) * (self.light_fraction > 0)[:, None]
        on = k_ap > 0
        direct = on[:, None, :, None] & on[None, :, None, :]      # K_a^p K_b^r ≠ 0
        crossed = on[None, :, :, None] & on[:, None, None, :]     # K_b^p K_a^r ≠ 0 (u channel)
        q, c = np.array(self.quarks), self.codes
        keys, kinds, indices = [], [], []
        for kind, mask in ((QQBAR, direct), (QBARQ, direct), (QQ, direct | crossed), (QBARQBAR, direct | crossed)):
            a, b, p, r = np.nonzero(mask)
            codes = {QQBAR: (q[p], -q[r], c[a], -c[b]), QBARQ: (-q[r], q[p], c[a], -c[b]),
                     QQ: (q[p], q[r], c[a], c[b]), QBARQBAR: (-q[p], -q[r], -c[a], -c[b])}[kind]
            keys.extend(tuple(int(x) for x in row) for row in np.stack(codes, axis=1))
            kinds.append(np.full(len(a), kind))
            indices.append(np.stack([a, b, p, r], axis=1))
        return keys, np.concatenate(kinds), np.concatenate(indices)

    def channel_weights(self, u) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
        """(channels (beam-1 parton, beam-2 parton, heavy 3, heavy 4) as PDG codes, dσ/d⁸u in fb per channel at the
        central scale, shape (n, m)); the columns sum to weights(u)[:, 0]. Only for parts = ("yukawa",)."""
        keys, kinds, indices = self._channel_table()
        a, b, p, r = indices.T
        k, pair = self.kinematics(u)
        s, t1, t2, m3, m4 = k.shat, k.t1, k.t2, k.m3, k.m4
        weight = self.pair_weights[pair][:, :, :, None, None]                                    # (n, a, b, 1, 1)
        n_q = len(self.quarks)
        mu0 = 0.5 * (k.mt3 + k.mt4)
        partons = list(self.quarks) + [-q for q in self.quarks]
        f1, f2 = (self.pdf.xfx(partons, x, mu0).T for x in (k.x1, k.x2))                        # (n, 2 n_q)
        q1, qb1, q2, qb2 = f1[:, :n_q], f1[:, n_q:], f2[:, :n_q], f2[:, n_q:]
        qq = weight * 0.5 * qq_squared(s, t1, t2, m3, m4, self.m_phi, self.l, self.r)        # ½: identical particles
        me = {QQBAR: (weight * qqbar_yukawa(t1, m3, m4, self.m_phi, self.l, self.r), q1, qb2),
              QBARQ: (weight * qqbar_yukawa(t2, m3, m4, self.m_phi, self.l, self.r), q2, qb1),
              QQ: (qq, q1, q2), QBARQBAR: (qq, qb1, qb2)}
        base = k.measure * len(self.pairs) * self.fb * AVERAGE["qqbar"]
        out = np.empty((len(u), len(keys)))
        for kind, (table, fp, fr) in me.items():
            mine = kinds == kind
            out[:, mine] = table[:, a[mine], b[mine], p[mine], r[mine]] * fp[:, p[mine]] * fr[:, r[mine]]
        return keys, base[:, None] * out

    def event_record(self, u, channels, choice, rng: np.random.Generator) -> EventRecord:
        """Events (beam 1, beam 2, F, F', q, φ, q', φ) of accepted points u with channels[choice] (module docstring):
        decay flavours ∝ K_a^p, leading-colour flows (for q q and q̄ q̄ the t- or u-channel flow drawn per event),
        a uniform azimuthal rotation. Only for parts = ("yukawa",)."""
        keys, kinds, indices = self._channel_table()
        lookup = {key: i for i, key in enumerate(keys)}
        row = np.array([lookup[tuple(int(x) for x in c)] for c in channels], int)[choice]
        kind, (a, b, p, r) = kinds[row], indices[row].T
        n = len(u)
        k, _, parents, jets, invisible = self._momenta(u)
        codes = np.array(keys, int)[row]                                                # (n, 4)
        # decay flavours F_a → q_p φ ∝ K_a^p (light quarks only)
        k_ap = np.abs(self.l) ** 2 + np.abs(self.r) ** 2
        flavours = [np.array(self.quarks)[weighted_choice(k_ap[state], rng, n)] for state in (a, b)]
        # colour: tag c1 from beam 1, c2 from beam 2; F (particle 3) takes the tag of the beam parton on its line
        t, uu, m3, m4 = k.t1, k.t2, k.m3, k.m4
        d_t, d_u = t - self.m_phi**2, uu - self.m_phi**2
        t_term = k_ap[a, p] * k_ap[b, r] * (m3**2 - t) * (m4**2 - t) / d_t**2
        u_term = k_ap[b, p] * k_ap[a, r] * (m3**2 - uu) * (m4**2 - uu) / d_u**2
        total = t_term + u_term
        t_flow = rng.random(n) * np.where(total > 0, total, 1.0) < np.where(total > 0, t_term, 0.5)
        from_beam1 = (kind == QQBAR) | ((kind >= QQ) & t_flow)
        c1, c2 = FIRST_COLOUR, FIRST_COLOUR + 1
        tag3 = np.where(from_beam1, c1, c2)
        tags = np.column_stack([np.full(n, c1), np.full(n, c2), tag3, c1 + c2 - tag3, tag3, np.zeros(n, int),
                                c1 + c2 - tag3, np.zeros(n, int)])
        pdg = np.column_stack([codes, np.sign(codes[:, 2]) * flavours[0], np.full(n, PHI_PDG),
                               np.sign(codes[:, 3]) * flavours[1], np.full(n, PHI_PDG)])
        colour = np.zeros((n, 8, 2), int)
        colour[..., 0] = np.where(pdg > 0, tags, 0)
        colour[..., 1] = np.where(pdg < 0, tags, 0)                                    # φ: tag 0, a singlet
        mass = np.column_stack([np.zeros(n), np.zeros(n), m3, m4, np.zeros(n), np.full(n, self.m_phi), np.zeros(n),
                                np.full(n, self.m_phi)])
        mu0 = 0.5 * (k.mt3 + k.mt4)
        return pair_record(pdg, colour, np.column_stack([k.x1, k.x2]), self.sqrt_s, parents, jets, invisible, mass,
                           mu0, self.pdf.alpha_s(mu0), rng)
