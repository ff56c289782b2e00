"""pp → φφ + jet at leading order from the contact operators of a real scalar φ:

    L ⊃ ½ C^{ij} (q̄_i q_j) φ² + ½ C^{P,ij} (q̄_i iγ₅ q_j) φ² + ½ C_G G^a_{μν}G^{aμν} φ²   (docs/conventions.md)

The φφ amplitude is C times the amplitude to produce a scalar S of mass Q = m_φφ through L = S·𝒪 with unit
coupling (the ½ cancels against the two contractions of φ²), and the three-body phase space factorises
(dΦ₃ = dΦ₂(P; k_j, Q) dQ²/(2π) dΦ₂(Q; k₁, k₂), ∫dΦ₂ = β/(8π), ½ for identical φ):

    dσ(pp → j φφ) = ∫_{4m_φ²} dQ² |C|² β(Q²)/(32π²) dσ(pp → j S; m_S² = Q²),   β = √(1 − 4m_φ²/Q²)

(Without the ½ in L, as in L = C𝒪φ², the factor would be β/(8π²).) Scalar and
pseudoscalar densities and the gluon operator do not interfere for massless quarks (opposite chirality
structure), so σ = Σ_pairs (|C^S|² + |C^P|²) σ_pair + |C_G|² σ_G. The quark coefficients are used as given (at the
hard scale; for a UV model, `vlq.bounds.contact_theory`).

Running of C_G. C_G is given at 2 GeV with three active quarks (docs/conventions.md); α_s GG is renormalisation-group
invariant at leading order (the trace anomaly, θ^μ_μ ⊃ β(g)/(2g) GG: Collins, Duncan, Joglekar, PRD 16 (1977) 438;
at one loop β(g)/(2g) GG = −(b₀/2)α_s GG), so C_G(μ_R) = C_G(2 GeV) α_s(μ_R)/α_s(2 GeV), with both couplings in one
scheme: the PDF set's one-loop α_s (five flavours from its α_s(M_Z)) continued at one loop through the thresholds
m_b(m_b) and m_c(m_c) into the three-flavour theory at 2 GeV (`PartonDistributions.alpha_s_flavours`, continuous at
the thresholds). For NNPDF2.3 LO (α_s(M_Z) = 0.119) that is α_s(2 GeV) = 0.269; dividing instead by the four-loop
three-flavour input α_s(2 GeV) = 0.2926 of parameters/data/inputs.yaml (the choice before issue 16) mixed two
schemes and lowered σ_G by (0.269/0.293)² = 0.85. Beyond leading order the invariant is β(α_s)/α_s GG, whose
two-loop term changes the ratio by (1 + b₁α_s(μ)/(4πb₀))/(1 + b₁α_s(2 GeV)/(4πb₀)) ≈ 0.90 at μ_R = 1 TeV: an
O(α_s(2 GeV)) uncertainty of the LO calculation not included in the scale band (docs/collider.md).

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

import copy
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..data import package_data
from ..eft.dark import basis
from ..errors import DarkflavError, in_range, unknown
from ..parameters import Parameters
from .atlas_monojet import (
    RegionCrossSections,
    analysis,
    best_region_limit,
    coefficient_limit,
    limit_regions,
    stratified_region_cross_sections,
)
from .events import PHI_PDG, EventRecord, colour_flow, production_record
from .kinematics import beams, fb_per_inverse_gev2, isotropic_pair, rotate_z
from .pdf import PartonDistributions, envelope_sets, known_sets, load_pdf
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


@cache
def contact_conventions() -> dict:
    """data/contact_operators.yaml: the scale and flavour number at which C_G is given."""
    return package_data(__package__, "contact_operators.yaml")


class PhiPhiJet:
    """pp → φφ + parton for unit coefficient (C = 1 GeV⁻¹ for a quark pair, 1 GeV⁻² for 'gg').

    Integration variables u ∈ [0,1)⁴: Q = m_φφ (linear), ln p_T, y_jet (|y| ≤ eta_max), y_φφ. Generation cuts
    p_T(j) ≥ pt_min, |y_j| ≤ eta_max (the leading-jet cuts of the selection, as at LO the parton is the jet).
    `sqrt_shat_max`: EFT-validity truncation, events with √ŝ above it are dropped. Scales μ_R = μ_F = H_T/2
    = (p_T + m_T,φφ)/2 times SCALE_FACTORS; `weights` gives all seven. `clip_pdf`: negative PDF values set to zero
    (default; `with_pdf(pdf, clip=False)` keeps them to measure what the clipping adds). At LO the φφ system
    recoils against the single parton, so E_T^miss = p_T: `etmiss_window(lo, hi)` restricts p_T to one region.
    """

    dim = 4

    def __init__(self, pair: str, m_phi: float, pdf: PartonDistributions, params, pt_min: float,
                 eta_max: float, sqrt_shat_max: float | None = None):
        self.pair, self.lines = pair, quark_lines(pair)
        self.sqrt_s = float(params["sqrt_s_LHC"])
        self.m_phi = float(in_range("m_phi", m_phi, 0.0, self.sqrt_s / 4 - pt_min, "GeV"))
        self.pdf, self.pt_min, self.eta_max = pdf, float(pt_min), float(eta_max)
        self.pt_max, self.clip_pdf = None, True
        self.shat_max = np.inf if sqrt_shat_max is None else float(in_range("sqrt_shat_max", sqrt_shat_max,
                                                                             pt_min, np.inf, "GeV")) ** 2
        self.q_range = (2 * self.m_phi, self.sqrt_s - self.pt_min)
        self.fb = fb_per_inverse_gev2(params)
        self.thresholds = (float(params["m_c(m_c)"]), float(params["m_b(m_b)"]))
        self.alpha_s_gluon_scale = self._alpha_s_gluon_scale()

    def _alpha_s_gluon_scale(self) -> float:
        """α_s(2 GeV) of three flavours in the PDF set's one-loop running (module docstring, Running of C_G)."""
        conventions = contact_conventions()
        return float(self.pdf.alpha_s_flavours(conventions["gluon_operator_scale"]["value"],
                                               int(conventions["gluon_operator_flavours"]["value"]),
                                               self.thresholds))

    def with_pdf(self, pdf: PartonDistributions, clip: bool = True) -> PhiPhiJet:
        """The same process with another PDF set (and its α_s), negative PDF values clipped or kept."""
        other = copy.copy(self)
        other.pdf, other.clip_pdf = pdf, bool(clip)
        other.alpha_s_gluon_scale = other._alpha_s_gluon_scale()
        return other

    def etmiss_window(self, lo: float, hi: float) -> PhiPhiJet:
        """The process with p_T (= E_T^miss at LO) restricted to [lo, hi) GeV within the generation cuts."""
        other = copy.copy(self)
        other.pt_min = max(self.pt_min, float(lo))
        other.pt_max = None if not np.isfinite(hi) else float(hi)
        other.q_range = (2 * self.m_phi, self.sqrt_s - other.pt_min)
        if other.pt_max is not None and other.pt_max <= other.pt_min:
            raise DarkflavError(f"E_T^miss window [{lo:g}, {hi:g}) GeV lies below the generation cut "
                                f"p_T > {self.pt_min:g} GeV")
        return other

    def kinematics(self, u):
        """(TwoToTwo with 3 = jet, 4 = φφ system, dQ²/du₀ · β/(32π²))."""
        q_lo, q_hi = self.q_range
        q = q_lo + (q_hi - q_lo) * u[:, 0]
        k = two_to_two(u[:, 1:], self.sqrt_s, 0.0, q, self.pt_min, self.eta_max, self.pt_max)
        beta = np.sqrt(np.clip(1 - 4 * self.m_phi**2 / np.maximum(q, 1e-300) ** 2, 0, None))
        return k, 2 * q * (q_hi - q_lo) * beta / (32 * np.pi**2)

    def _channels(self, k, mu_f) -> dict[tuple[int, int], np.ndarray]:
        """{(parton from beam 1, parton from beam 2): x₁f_a x₂f_b Σ̄|𝓜|²/g_s²} at factorisation scale mu_f."""
        m2 = k.m4**2
        matrix_elements = gluon_operator_me if self.pair == "gg" else quark_density_me
        me, me_swapped = matrix_elements(k.shat, k.t1, k.t2, m2), matrix_elements(k.shat, k.t2, k.t1, m2)
        quarks = sorted({p for line in self.lines for p in line})
        partons = quarks + [21]
        f1 = dict(zip(partons, self.pdf.xfx(partons, k.x1, mu_f, clip=self.clip_pdf), strict=True))
        f2 = dict(zip(partons, self.pdf.xfx(partons, k.x2, mu_f, clip=self.clip_pdf), strict=True))
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
        if self.pair == "gg":  # C_G(μ_R) = C_G(2 GeV) α_s(μ_R)/α_s(2 GeV), one scheme (module docstring)
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

    def central_weights(self, u) -> np.ndarray:
        """dσ/d⁴u in fb at the central scale (= weights(u)[:, 0], one PDF evaluation instead of three)."""
        k, factor = self.kinematics(u)
        mu0 = central_scale(k)
        return self._coupling(k, factor, mu0) * sum(self._channels(k, mu0).values())

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
                               n_points: int | None = None, seed: int = 1, params=None, precision: float | None = None,
                               pdf_envelope: bool = False) -> RegionCrossSections:
    """σ × A in the ATLAS signal regions for unit coefficient of the flavour pair (or 'gg'), cached.

    Every exclusive region is its own vegas stratum (`atlas_monojet.stratified_region_cross_sections`): by default
    each reaches `precision` (relative MC 1σ, default 1 % from data/monojet_sampling.yaml), the inclusive regions
    then too; n_points alone gives a fixed n_points per region instead. `pdf`: the PDF set by name or path
    (default data/pdf_sets.yaml's). The result always has `sigma_unclipped` (σ with the set's negative PDF values
    kept: `negative_fraction`); `pdf_envelope=True` adds `pdf_sigma` for the sets of `pdf.envelope_sets()` on the
    same points (`pdf_low`, `pdf_high`)."""
    params = params or Parameters.default()
    key = (pair, float(m_phi), pdf, sqrt_shat_max, n_points, precision, bool(pdf_envelope), int(seed),
           float(params["sqrt_s_LHC"]))
    if key not in _CACHE:
        process = monojet_process(pair, m_phi, pdf=pdf, sqrt_shat_max=sqrt_shat_max, params=params)
        variations = {}
        if pdf_envelope:
            for name in envelope_sets():
                variations[name] = _reweighted(load_pdf(name, params=params))
        _CACHE[key] = stratified_region_cross_sections(
            process, precision=precision, n_points=n_points, seed=seed, variations=variations,
            unclipped=lambda p: p.with_pdf(p.pdf, clip=False))
    return _CACHE[key]


def _reweighted(pdf: PartonDistributions):
    return lambda process: process.with_pdf(pdf)


def monojet_process(pair: str, m_phi: float, *, pdf: str | None = None, sqrt_shat_max: float | None = None,
                    params=None) -> PhiPhiJet:
    """PhiPhiJet with the generation cuts of the ATLAS selection (p_T > E_T^miss threshold, |y| < leading-jet η)."""
    params = params or Parameters.default()
    cut = analysis()["selection"]
    return PhiPhiJet(pair, m_phi, load_pdf(pdf, params=params), params, cut["etmiss_min"], cut["leading_jet_eta_max"],
                     sqrt_shat_max)


_CACHE: dict = {}


def coupling_strengths(theory) -> dict[str, np.ndarray]:
    """{pair: |C^S|² + |C^P|² (|C_G|² for 'gg')} of a real-scalar DarkEFT for every quark pair (and 'gg') it has
    coefficients of, with the coefficients' shape: σ = Σ_pairs strength × σ_pair (module docstring)."""
    if theory.species != "real scalar":
        raise DarkflavError(f"pp → φφ + j is implemented for a real scalar, got {theory.species!r}")
    out = {}
    for pair in basis()["flavours"]["changing"] + basis()["flavours"]["diagonal"] + ["gg"]:
        coefficients = theory.coefficients(pair)
        if coefficients:
            out[pair] = sum(np.abs(np.asarray(c)) ** 2 for c in coefficients.values())
    return out


NO_COEFFICIENT = "the DarkEFT has no quark or gluon coefficient for pp → φφ + j"


def monojet_cross_sections(theory, **options):
    """σ × A (fb) in the ATLAS regions for a DarkEFT real scalar with one mass: Σ_pairs (|C^S|² + |C^P|²) σ_pair
    + |C_G|² σ_G (no interference for massless quarks); coefficient arrays are not supported here. options: those
    of `unit_region_cross_sections` (pdf, sqrt_shat_max, n_points, seed, params, precision, pdf_envelope)."""
    strengths = coupling_strengths(theory)
    masses = np.unique(theory.mass)
    if masses.size != 1:
        raise DarkflavError("monojet cross sections take one mass per DarkEFT (loop over masses)")
    if not strengths:
        raise DarkflavError(NO_COEFFICIENT)
    if any(np.size(c2) != 1 for c2 in strengths.values()):
        raise DarkflavError("monojet cross sections take scalar coefficients (loop over arrays)")
    # pairs whose coefficients vanish add nothing: no Monte Carlo for them (one is kept if all vanish)
    nonzero = {pair: float(c2) for pair, c2 in strengths.items() if c2 != 0} or {next(iter(strengths)): 0.0}
    parts = [unit_region_cross_sections(pair, float(masses[0]), **options).scaled(c2) for pair, c2 in nonzero.items()]
    return sum(parts[1:], parts[0])


METHODS = ("likelihood", "inclusive")


def _limit(unit: RegionCrossSections, method: str, etmiss_max, luminosity, expected, mc_error: bool = True) -> float:
    if method == "inclusive":
        return best_region_limit(unit)[0]
    return coefficient_limit(unit, etmiss_max=etmiss_max, luminosity=luminosity, expected=expected,
                             mc_error=mc_error)


def coefficient_bounds(pair: str, masses, *, method: str = "likelihood", etmiss_max: float | None = None,
                       sqrt_shat_max: float | None = None, luminosity: float | None = None,
                       expected: bool = False, n_points: int | None = None, seed: int = 1, pdf: str | None = None,
                       params=None, precision: float | None = None) -> np.ndarray:
    """95 % CL bounds on √(|C^S|² + |C^P|²) of a flavour pair (GeV⁻¹), or on |C_G| for 'gg' (GeV⁻²), per mass.

    method 'likelihood': CLs over the exclusive regions EM0–EM12 (only those below `etmiss_max`, if given), the
    MC error of each region folded into the likelihood (atlas_monojet module docstring);
    'inclusive': the inclusive region with the best expected sensitivity against its model-independent limit.
    `luminosity` (fb⁻¹, e.g. 3000 for the HL-LHC) scales yields and backgrounds (expected limits). The scale, PDF
    and MC components: `coefficient_bounds_with_uncertainties`."""
    if method not in METHODS:
        raise unknown("monojet limit method", method, list(METHODS))
    limit_regions(luminosity=luminosity, etmiss_max=etmiss_max)  # the options checked before the Monte Carlo
    out = []
    for m in np.atleast_1d(np.asarray(masses, float)):
        unit = unit_region_cross_sections(pair, m, pdf=pdf, sqrt_shat_max=sqrt_shat_max, n_points=n_points,
                                          seed=seed, params=params, precision=precision)
        out.append(_limit(unit, method, etmiss_max, luminosity, expected))
    return np.reshape(out, np.shape(masses))


@dataclass
class CoefficientBound:
    """95 % CL bound on a contact coefficient at one mass with its uncertainty components (same unit as `bound`).

    bound: with the MC error folded into the likelihood, central scale, the chosen PDF set. scale: (bound with
    every region at the upper edge of its 7-point scale band, at the lower edge) — the tighter bound first; pdf:
    the same for the PDF envelope (None without one); mc: half the spread of the bounds with σ ∓ 1σ MC in every
    region (not folded). `unit`: the region cross sections it came from."""

    mass: float
    bound: float
    scale: tuple[float, float]
    pdf: tuple[float, float] | None
    mc: float
    unit: RegionCrossSections

    def as_dict(self) -> dict:
        return {"mass": self.mass, "bound": self.bound, "scale": list(self.scale),
                "pdf": None if self.pdf is None else list(self.pdf), "mc": self.mc}


def coefficient_bounds_with_uncertainties(pair: str, masses, *, method: str = "likelihood",
                                          etmiss_max: float | None = None, sqrt_shat_max: float | None = None,
                                          luminosity: float | None = None, expected: bool = False,
                                          n_points: int | None = None, seed: int = 1, pdf: str | None = None,
                                          params=None, precision: float | None = None,
                                          pdf_envelope: bool = True) -> list[CoefficientBound]:
    """`coefficient_bounds` per mass with its scale, PDF (envelope of `pdf.envelope_sets()`, if pdf_envelope) and
    MC components (`CoefficientBound`). The components move every region together (fully correlated), as the
    scale and PDF choices do; the bound is monotonic in σ, so the edges of the bands give the edges of the
    bound's range."""
    if method not in METHODS:
        raise unknown("monojet limit method", method, list(METHODS))
    limit_regions(luminosity=luminosity, etmiss_max=etmiss_max)
    out = []
    for m in np.atleast_1d(np.asarray(masses, float)):
        unit = unit_region_cross_sections(pair, m, pdf=pdf, sqrt_shat_max=sqrt_shat_max, n_points=n_points,
                                          seed=seed, params=params, precision=precision, pdf_envelope=pdf_envelope)

        def limit(sigma, mc_error=False, unit=unit):
            return _limit(unit.with_sigma(sigma), method, etmiss_max, luminosity, expected, mc_error)

        central = _limit(unit, method, etmiss_max, luminosity, expected)
        scale = (limit(unit.scale_high), limit(unit.scale_low))
        band = None if unit.pdf_sigma is None else (limit(unit.pdf_high), limit(unit.pdf_low))
        mc = 0.5 * abs(limit(np.maximum(unit.sigma - unit.error, 0.0)) - limit(unit.sigma + unit.error))
        out.append(CoefficientBound(float(m), central, scale, band, mc, unit))
    return out


def pdf_set_names() -> list[str]:
    """The PDF sets known by name without an LHAPDF .info file (data/pdf_sets.yaml), the default first."""
    sets = known_sets()
    return [sets["default"]] + [n for n in sets["sets"] if n != sets["default"]]

