"""pp → φφ + jet at leading order from the contact operators of a real scalar φ:

    L ⊃ ½ C^{ij} (q̄_i q_j) φ² + ½ C^{P,ij} (q̄_i iγ₅ q_j) φ² + ½ C_G G^a_{μν}G^{aμν} φ²   (docs/conventions.md)

The φφ amplitude is C times the amplitude to produce a scalar S of mass Q = m_φφ through L = S·𝒪 with unit
coupling (the ½ cancels against the two contractions of φ²), and the three-body phase space factorises
(dΦ₃ = dΦ₂(P; k_j, Q) dQ²/(2π) dΦ₂(Q; k₁, k₂), ∫dΦ₂ = β/(8π), ½ for identical φ):

    dσ(pp → j φφ) = ∫_{4m_φ²} dQ² |C|² β(Q²)/(32π²) dσ(pp → j S; m_S² = Q²),   β = √(1 − 4m_φ²/Q²)

(Without the ½ in L, as in L = C𝒪φ², the factor would be β/(8π²).) Scalar and
pseudoscalar densities and the gluon operator do not interfere for massless quarks (opposite chirality
structure), so σ = Σ_pairs (|C^S|² + |C^P|²) σ_pair + |C_G|² σ_G. The quark coefficients are used as given (at the
hard scale; for a UV model, `vlq.bounds.contact_theory`); C_G, given at 2 GeV, is run to μ_R by
C_G(μ) = C_G(2 GeV) α_s(μ)/α_s(2 GeV) (α_s GG is renormalisation-group invariant at leading order).

Matrix elements Σ|𝓜|² summed over all spins and colours, per g_s², unit coupling (checked
in tests/test_collider_matrix_elements.py with explicit spinors, polarisation vectors and colour sums, and by
gauge invariance; the gluon operator reproduces the heavy-top Higgs + jet results of Ellis, Hinchliffe,
Soldate, van der Bij, NPB 297 (1988) 221 with C_G = α_s/(12πv)). Mandelstams: qq̄ → gS: t̂ = (p_q − p_g)²;
qg → qS: t̂ = (p_q,in − p_q,out)², û = (p_g − p_q,out)².

Events (`PhiPhiJet.event_record`, for events.Unweighter): (beam-1 parton, beam-2 parton, outgoing parton, φ, φ);
φφ decay isotropic in the φφ rest frame. At leading order this is exact: the operators contain φ² without
derivatives, so 𝓜(pp → j φφ) = C 𝓜(pp → j S)|_{m_S = Q} depends on the φ momenta only through their sum (the φφ
phase space factorises, ∫dΦ₂ = β/(8π)); then every azimuth of the event is rotated by a uniform angle (the matrix
elements do not depend on it). Leading-colour flows of events.colour_flow.
"""

from __future__ import annotations

import numpy as np

from ..eft.dark import basis
from ..errors import DarkflavError, in_range, unknown
from ..parameters import Parameters
from .atlas_monojet import analysis, best_region_limit, coefficient_limit, limit_regions, region_cross_sections
from .events import PHI_PDG, EventRecord, colour_flow, production_record
from .kinematics import beams, fb_per_inverse_gev2, isotropic_pair, rotate_z
from .pdf import PartonDistributions, load_pdf
from .phase_space import two_to_two
from .process import AVERAGE, SCALE_FACTORS

#: PDG codes of the quarks in the flavour names of DarkEFT ("sb" = s̄ … b).
QUARKS = {"d": 1, "u": 2, "s": 3, "c": 4, "b": 5}


def quark_density_me(s, t, u, m2) -> dict[str, np.ndarray]:
    """Σ|𝓜|²/g_s² for L = S q̄q (or S q̄iγ₅q), massless quarks (docs/collider.md, Signal)."""
    return {"qqbar": 16 * (s**2 + m2**2) / (t * u), "qg": -16 * (t**2 + m2**2) / (s * u)}


def gluon_operator_me(s, t, u, m2) -> dict[str, np.ndarray]:
    """Σ|𝓜|²/g_s² for L = S G^a_{μν}G^{aμν} (docs/collider.md, Signal; EHSvdB 1988 with C_G = α_s/(12πv))."""
    return {"qqbar": 64 * (t**2 + u**2) / s, "qg": -64 * (s**2 + u**2) / t,
            "gg": 384 * (m2**4 + s**4 + t**4 + u**4) / (s * t * u)}


def quark_lines(pair: str) -> list[tuple[int, int]]:
    """(incoming quark, incoming antiquark) PDG codes annihilated by ½C^{ij}(q̄_i q_j) + h.c.: (j, −i), and
    (i, −j) for i ≠ j; for the gluon operator ('gg') every light-quark line (q, −q)."""
    if pair == "gg":
        return [(q, -q) for q in QUARKS.values()]
    allowed = basis()["flavours"]["changing"] + basis()["flavours"]["diagonal"]
    if pair not in allowed:
        raise unknown("quark-flavour pair (or 'gg')", pair, allowed + ["gg"])
    i, j = QUARKS[pair[0]], QUARKS[pair[1]]
    return [(j, -i)] if i == j else [(j, -i), (i, -j)]


def central_scale(k) -> np.ndarray:
    """μ₀ = H_T/2 = (p_T + m_T,φφ)/2 (GeV) of TwoToTwo kinematics k: the central μ_R = μ_F."""
    return 0.5 * (k.pt + k.mt4)


class PhiPhiJet:
    """pp → φφ + parton for unit coefficient (C = 1 GeV⁻¹ for a quark pair, 1 GeV⁻² for 'gg').

    Integration variables u ∈ [0,1)⁴: Q = m_φφ (linear), ln p_T, y_jet (|y| ≤ eta_max), y_φφ. Generation cuts
    p_T(j) ≥ pt_min, |y_j| ≤ eta_max (the leading-jet cuts of the selection, as at LO the parton is the jet).
    `sqrt_shat_max`: EFT-validity truncation, events with √ŝ above it are dropped. Scales μ_R = μ_F = H_T/2
    = (p_T + m_T,φφ)/2 times SCALE_FACTORS; `weights` gives all seven.
    """

    dim = 4

    def __init__(self, pair: str, m_phi: float, pdf: PartonDistributions, params, pt_min: float,
                 eta_max: float, sqrt_shat_max: float | None = None):
        self.pair, self.lines = pair, quark_lines(pair)
        self.sqrt_s = float(params["sqrt_s_LHC"])
        self.m_phi = float(in_range("m_phi", m_phi, 0.0, self.sqrt_s / 4 - pt_min, "GeV"))
        self.pdf, self.pt_min, self.eta_max = pdf, float(pt_min), float(eta_max)
        self.shat_max = np.inf if sqrt_shat_max is None else float(in_range("sqrt_shat_max", sqrt_shat_max,
                                                                             pt_min, np.inf, "GeV")) ** 2
        self.q_range = (2 * self.m_phi, self.sqrt_s - self.pt_min)
        self.fb = fb_per_inverse_gev2(params)
        self.alpha_s_gluon_scale = float(params["alpha_s(2GeV)"])

    def kinematics(self, u):
        """(TwoToTwo with 3 = jet, 4 = φφ system, dQ²/du₀ · β/(32π²))."""
        q_lo, q_hi = self.q_range
        q = q_lo + (q_hi - q_lo) * u[:, 0]
        k = two_to_two(u[:, 1:], self.sqrt_s, 0.0, q, self.pt_min, self.eta_max)
        beta = np.sqrt(np.clip(1 - 4 * self.m_phi**2 / np.maximum(q, 1e-300) ** 2, 0, None))
        return k, 2 * q * (q_hi - q_lo) * beta / (32 * np.pi**2)

    def _channels(self, k, mu_f) -> dict[tuple[int, int], np.ndarray]:
        """{(parton from beam 1, parton from beam 2): x₁f_a x₂f_b Σ̄|𝓜|²/g_s²} at factorisation scale mu_f."""
        m2 = k.m4**2
        matrix_elements = gluon_operator_me if self.pair == "gg" else quark_density_me
        me, me_swapped = matrix_elements(k.shat, k.t1, k.t2, m2), matrix_elements(k.shat, k.t2, k.t1, m2)
        quarks = sorted({p for line in self.lines for p in line})
        partons = quarks + [21]
        f1 = dict(zip(partons, self.pdf.xfx(partons, k.x1, mu_f), strict=True))
        f2 = dict(zip(partons, self.pdf.xfx(partons, k.x2, mu_f), strict=True))
        out = {}
        for a, b in self.lines:
            out[a, b] = f1[a] * f2[b] * me["qqbar"] * AVERAGE["qqbar"]
            out[b, a] = f1[b] * f2[a] * me["qqbar"] * AVERAGE["qqbar"]
        for q in quarks:
            out[q, 21] = f1[q] * f2[21] * me["qg"] * AVERAGE["qg"]
            out[21, q] = f1[21] * f2[q] * me_swapped["qg"] * AVERAGE["qg"]
        if "gg" in me:
            out[21, 21] = f1[21] * f2[21] * me["gg"] * AVERAGE["gg"]
        return out

    def _coupling(self, k, factor, mu_r) -> np.ndarray:
        """dσ/d⁴u per unit luminosity term: measure × dQ² factor × fb × g_s² (× the running of C_G for 'gg')."""
        alpha_s = self.pdf.alpha_s(mu_r)
        out = np.where(k.shat <= self.shat_max, k.measure * factor * self.fb, 0.0) * 4 * np.pi * alpha_s
        if self.pair == "gg":  # C_G is given at 2 GeV; α_s GG is RG invariant at LO (docs/conventions.md)
            out = out * (alpha_s / self.alpha_s_gluon_scale) ** 2
        return out

    def weights(self, u) -> np.ndarray:
        """dσ/d⁴u in fb for the seven scale choices, shape (n, 7)."""
        k, factor = self.kinematics(u)
        mu0 = central_scale(k)
        lum = {xf: sum(self._channels(k, xf * mu0).values()) for xf in sorted({f for _, f in SCALE_FACTORS})}
        out = np.empty((len(u), len(SCALE_FACTORS)))
        for n, (xr, xf) in enumerate(SCALE_FACTORS):
            out[:, n] = self._coupling(k, factor, xr * mu0) * lum[xf]
        return out

    def channel_weights(self, u) -> tuple[list[tuple[int, int]], np.ndarray]:
        """(initial states (PDG of the parton from beam 1 along +z, from beam 2), dσ/d⁴u in fb per initial state
        at the central scale, shape (n, channels)); the columns sum to weights(u)[:, 0]."""
        k, factor = self.kinematics(u)
        mu0 = central_scale(k)
        channels = self._channels(k, mu0)
        return list(channels), self._coupling(k, factor, mu0)[:, None] * np.stack(list(channels.values()), axis=1)

    def event_record(self, u, channels, choice, rng: np.random.Generator) -> EventRecord:
        """Records of accepted points with their chosen channels, for `events.Unweighter`: (beam-1 parton, beam-2
        parton, outgoing parton, φ, φ), the outgoing parton from `outgoing_parton`, φφ isotropic, a uniform
        azimuthal rotation (module docstring)."""
        n = len(u)
        incoming = np.array(channels, int).reshape(-1, 2)[choice]
        outgoing = np.array([self.outgoing_parton(tuple(c)) for c in channels], int)
        k, _ = self.kinematics(u)
        jets, invisible = self.final_state(u)
        beam1, beam2 = beams(k.x1, k.x2, self.sqrt_s)
        phi1, phi2 = isotropic_pair(invisible[:, 0], self.m_phi, rng)
        momenta = rotate_z(np.stack([beam1, beam2, jets[:, 0], phi1, phi2], axis=1), 2 * np.pi * rng.random(n))
        flips = rng.random(n) < 0.5
        flows = np.array([[colour_flow(tuple(c), o, f) for f in (False, True)] for c, o in zip(channels, outgoing,
                                                                                                 strict=True)])
        colour = np.zeros((n, 5, 2), int)
        colour[:, :3] = flows[choice, flips.astype(int)]
        pdg = np.column_stack([incoming, outgoing[choice], np.full((n, 2), PHI_PDG)])
        mu0 = central_scale(k)
        return production_record(pdg, momenta, colour, [0.0, 0.0, 0.0, self.m_phi, self.m_phi],
                                 np.column_stack([k.x1, k.x2]), mu0, self.pdf.alpha_s(mu0))

    def outgoing_parton(self, incoming: tuple[int, int]) -> int:
        """PDG code of the final-state parton: g for qq̄ and gg, and for qg → q′φφ the quark −(partner of the
        incoming quark on its line (j, −i)), i.e. b g → s φφ for C^{sb}(s̄b)."""
        a, b = incoming
        if 21 not in incoming or a == b:
            return 21
        quark = a if b == 21 else b
        return -next(line[1] if line[0] == quark else line[0] for line in self.lines if quark in line)

    def final_state(self, u):
        """(jets (n, 1, 4), invisible (n, 1, 4)) as (E, p_x, p_y, p_z); the jet along +x, φφ along −x."""
        k, _ = self.kinematics(u)
        jet = np.stack([k.pt * np.cosh(k.y3), k.pt, 0 * k.pt, k.pt * np.sinh(k.y3)], axis=-1)
        inv = np.stack([k.mt4 * np.cosh(k.y4), -k.pt, 0 * k.pt, k.mt4 * np.sinh(k.y4)], axis=-1)
        return jet[:, None, :], inv[:, None, :]

    def sqrt_shat(self, u) -> np.ndarray:
        return np.sqrt(self.kinematics(u)[0].shat)



def unit_region_cross_sections(pair: str, m_phi: float, *, pdf: str | None = None, sqrt_shat_max: float | None = None,
                               n_points: int = 40_000, seed: int = 1, params=None):
    """σ × A in the ATLAS signal regions for unit coefficient of the flavour pair (or 'gg'), cached."""
    params = params or Parameters.default()
    key = (pair, float(m_phi), pdf, sqrt_shat_max, int(n_points), int(seed), float(params["sqrt_s_LHC"]))
    if key not in _CACHE:
        _CACHE[key] = region_cross_sections(monojet_process(pair, m_phi, pdf=pdf, sqrt_shat_max=sqrt_shat_max,
                                                            params=params), n_points, seed)
    return _CACHE[key]


def monojet_process(pair: str, m_phi: float, *, pdf: str | None = None, sqrt_shat_max: float | None = None,
                    params=None) -> PhiPhiJet:
    """PhiPhiJet with the generation cuts of the ATLAS selection (p_T > E_T^miss threshold, |y| < leading-jet η)."""
    params = params or Parameters.default()
    cut = analysis()["selection"]
    return PhiPhiJet(pair, m_phi, load_pdf(pdf, params=params), params, cut["etmiss_min"], cut["leading_jet_eta_max"],
                     sqrt_shat_max)


_CACHE: dict = {}


def monojet_cross_sections(theory, **options):
    """σ × A (fb) in the ATLAS regions for a DarkEFT real scalar with one mass: Σ_pairs (|C^S|² + |C^P|²) σ_pair
    + |C_G|² σ_G (no interference for massless quarks); coefficient arrays are not supported here."""
    if theory.species != "real scalar":
        raise DarkflavError(f"pp → φφ + j is implemented for a real scalar, got {theory.species!r}")
    masses = np.unique(theory.mass)
    if masses.size != 1:
        raise DarkflavError("monojet cross sections take one mass per DarkEFT (loop over masses)")
    total = None
    for pair in basis()["flavours"]["changing"] + basis()["flavours"]["diagonal"] + ["gg"]:
        coefficients = theory.coefficients(pair)
        if not coefficients:
            continue
        c2 = sum(np.abs(np.asarray(c)) ** 2 for c in coefficients.values())
        if np.size(c2) != 1:
            raise DarkflavError("monojet cross sections take scalar coefficients (loop over arrays)")
        part = unit_region_cross_sections(pair, float(masses[0]), **options).scaled(float(c2))
        total = part if total is None else total + part
    if total is None:
        raise DarkflavError("the DarkEFT has no quark or gluon coefficient for pp → φφ + j")
    return total


def coefficient_bounds(pair: str, masses, *, method: str = "likelihood", etmiss_max: float | None = None,
                       sqrt_shat_max: float | None = None, luminosity: float | None = None,
                       expected: bool = False, n_points: int = 40_000, seed: int = 1, pdf: str | None = None,
                       params=None) -> np.ndarray:
    """95 % CL bounds on √(|C^S|² + |C^P|²) of a flavour pair (GeV⁻¹), or on |C_G| for 'gg' (GeV⁻²), per mass.

    method 'likelihood': CLs over the exclusive regions EM0–EM12 (only those below `etmiss_max`, if given);
    'inclusive': the inclusive region with the best expected sensitivity against its model-independent limit.
    `luminosity` (fb⁻¹, e.g. 3000 for the HL-LHC) scales yields and backgrounds (expected limits)."""
    if method not in ("likelihood", "inclusive"):
        raise unknown("monojet limit method", method, ["likelihood", "inclusive"])
    limit_regions(luminosity=luminosity, etmiss_max=etmiss_max)  # the options checked before the Monte Carlo
    out = []
    for m in np.atleast_1d(np.asarray(masses, float)):
        unit = unit_region_cross_sections(pair, m, pdf=pdf, sqrt_shat_max=sqrt_shat_max, n_points=n_points,
                                          seed=seed, params=params)
        if method == "inclusive":
            out.append(best_region_limit(unit)[0])
        else:
            out.append(coefficient_limit(unit, etmiss_max=etmiss_max, luminosity=luminosity, expected=expected))
    return np.reshape(out, np.shape(masses))
