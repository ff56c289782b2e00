"""Which operators fit Belle II's published B⁺→K⁺νν̄ likelihood (arXiv:2311.14647, 2507.12393;
`published_likelihood`): for every species of `darkflav.eft.dark` and each of its b → s operators, the best mass and
coupling, their −2Δln L against the SM and the p-value of the improvement; and Δ(−2 ln L) versus the mass, profiled
over the coupling, per operator and for the two-body B⁺→K⁺X (a scalar with g_S^sb, a vector with g_V^sb).

Method, per operator (vectorised likelihood calls, `profile` of the published likelihood, 'fast' by default):

1. a grid of `n_masses` masses in [0, (m_B⁺ − m_K⁺)/2) (pairs; vectors from half a cell, their rates grow as m⁻⁴;
   the two-body X in (0, m_B⁺ − m_K⁺)) × `n_couplings` couplings log-spaced over RELATIVE_RANGE times the
   coupling scale of the mass (`fits.coupling_scale`: the coupling whose new particles alone give the SM B⁺→K⁺νν̄
   rate), in one vectorised call. Δ(−2 ln L)(m) is the minimum over the couplings, interpolated by a parabola in
   the rate (∝ C²) through the lowest grid point and its two neighbours;
2. the best grid point refined by a pattern search (`_Scanner.search`): the 8 neighbours in mass and ln C at the
   current steps (half the grid's to start), moving to the lowest, halving the steps when none is lower, down to
   MIN_MASS_STEP of the mass range and MIN_LOG_STEP; the best point is no higher than its neighbours at the
   final steps;
3. operators whose spectra have the same shape at every mass (real and complex scalars with CS, Dirac and Majorana
   fermions with CSS, CSP, CVA, real and complex vectors with CS; the scalar and vector X, both a line at q² = m²)
   share one scan in units of their coupling scales (the likelihood depends on the spectrum only).

Cost: the report's settings (24 pair masses, 32 two-body masses, 10 couplings, every species) take ~10–20 s with
the 'fast' profile (benchmarks/bench_belle2.py measures the profile itself).

`published_bins`: the 30 fit bins of the published fit (observed counts, post-fit background, SM and fitted
signal; `PublishedLikelihood.bins`, once per process) and the signal of any theory at the best-fit nuisances,
w_r × (SM signal)_r — exact, since each bin's split signal sample is its nominal count × w_r × modifiers(θ).

Δ(−2 ln L) = −2 ln L(best) − (−2 ln L(SM)), both from the published likelihood (the SM: darkflav's SM νν̄ alone,
−2Δln L = 7.75 from the published best fit). The p-value of the improvement uses Wilks' theorem with
DEGREES_OF_FREEDOM = 2 (mass and coupling); the mass is undefined at zero coupling (the hypotheses are not nested
there), so the p-value is approximate and includes no look-elsewhere effect.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import chi2

from ..eft import DarkEFT, InvisibleBoson
from ..eft.dark import SPECIES, basis
from ..errors import DarkflavError
from ..parameters import Parameters
from ..registry import Theory, predict
from .fits import coupling_scale, maximal_mass
from .published_likelihood import published

DECAY = "B+->K+"
#: the quark-flavour pair of the operators fitted
FLAVOUR = "sb"
#: the species name of the two-body hypotheses (an InvisibleBoson) and their couplings: coupling → spin
TWO_BODY, TWO_BODY_COUPLINGS = "two-body", {"gS_sb": 0, "gV_sb": 1}
#: the scan: masses, couplings log-spaced relative to the coupling scale, and the refinement of the best point
N_MASSES, N_TWO_BODY_MASSES, N_COUPLINGS, RELATIVE_RANGE = 24, 32, 10, (0.2, 5.0)
#: the pattern search of the best point: its smallest steps (in mass, relative to the mass range; in ln C) and
#: its largest number of rounds
MIN_MASS_STEP, MIN_LOG_STEP, MAX_SEARCH = 0.005, 0.03, 60
#: the published likelihood's profile of the scans (published_likelihood.PROFILES)
PROFILE = "fast"
#: Wilks' theorem for the improvement over the SM: mass and coupling
DEGREES_OF_FREEDOM = 2
#: the heaviest mass of a grid, as a fraction of the kinematic end (the rates vanish there)
END_FRACTION = 0.999
#: spectra of two operators per unit of their coupling scales that agree to this are one shape
SAME_SHAPE = 1e-6


@dataclass(frozen=True)
class OperatorFit:
    """One operator (or two-body coupling) against the published likelihood.

    The scan: `masses` [GeV] × `couplings` (masses × couplings, absolute), `values` −2Δln L there (relative to the
    published best fit). `curve`: Δ(−2 ln L) from the SM per mass, profiled over the coupling; `curve_couplings`
    the coupling of each minimum. The best point: `mass`, `coupling`, `delta` = Δ(−2 ln L) from the SM,
    `p_value` (Wilks, DEGREES_OF_FREEDOM); `edges` the grid edges the best point touches ('largest coupling',
    'smallest coupling', 'lightest mass' above zero, 'heaviest mass'); `same_as` the operator whose scan it shares."""

    species: str  # a species of eft.dark, or TWO_BODY
    operator: str  # 'CS_sb', or a two-body coupling 'gS_sb'
    masses: np.ndarray
    couplings: np.ndarray
    values: np.ndarray
    curve: np.ndarray
    curve_couplings: np.ndarray
    mass: float
    coupling: float
    delta: float
    p_value: float
    edges: tuple[str, ...] = ()
    same_as: tuple[str, str] | None = None

    def theory(self, mass: ArrayLike | None = None, coupling: ArrayLike | None = None) -> DarkEFT | InvisibleBoson:
        """The DarkEFT (or InvisibleBoson) of this operator at (mass, coupling), by default the best point."""
        return make_theory(self.species, self.operator, self.mass if mass is None else mass,
                           self.coupling if coupling is None else coupling)

    def row(self) -> dict:
        """The best point as plain numbers (predictions.json)."""
        return {"species": self.species, "operator": self.operator, "mass": self.mass, "coupling": self.coupling,
                "delta_minus_two_log_l": self.delta, "p_value": self.p_value, "edges": list(self.edges),
                "same_scan_as": list(self.same_as) if self.same_as else None}


@dataclass(frozen=True)
class OperatorFits:
    """Every operator's fit: `sm` is −2Δln L of the SM (relative to the published best fit), `published` the
    workspace's own fit (`PublishedLikelihood.published_fit`), `fits` the operators with a B⁺→K⁺ rate (species
    order of eft.dark), `two_body` the fits of TWO_BODY_COUPLINGS, `silent` the (species, operator) pairs without a
    B⁺→K⁺ rate (pseudoscalar and axial quark currents), `profile` the profile used."""

    sm: float
    published: dict
    fits: list[OperatorFit]
    two_body: list[OperatorFit]
    silent: list[tuple[str, str]] = field(default_factory=list)
    profile: str = PROFILE

    def get(self, species: str, operator: str) -> OperatorFit:
        """The fit of one operator ('real scalar', 'CS_sb'), or of a two-body coupling (TWO_BODY, 'gS_sb')."""
        for fit in (*self.fits, *self.two_body):
            if (fit.species, fit.operator) == (species, operator):
                return fit
        known = [f"{f.species} {f.operator}" for f in (*self.fits, *self.two_body)]
        raise DarkflavError(f"no fit of {species} {operator}; fitted: {', '.join(known)}")


def make_theory(species: str, operator: str, mass: ArrayLike, coupling: ArrayLike) -> DarkEFT | InvisibleBoson:
    """DarkEFT(species, mass, {operator: coupling}), or for TWO_BODY the InvisibleBoson of the coupling."""
    if species == TWO_BODY:
        if operator not in TWO_BODY_COUPLINGS:
            raise DarkflavError(f"two-body couplings: {', '.join(TWO_BODY_COUPLINGS)}; got {operator!r}")
        return InvisibleBoson(TWO_BODY_COUPLINGS[operator], mass, {operator: coupling})
    return DarkEFT(species, mass, {operator: coupling})


def operators(species: Iterable[str] = SPECIES) -> list[tuple[str, str]]:
    """(species, operator with FLAVOUR) of every b → s operator of the species, in the order of eft.dark."""
    return [(s, f"{op}_{FLAVOUR}") for s in species for op in basis()["species"][s]["operators"]]


def default_masses(species: str, n: int, params: Parameters) -> np.ndarray:
    """The scan's masses: pairs m_max·k/n for k < n (vectors k + ½: their rates diverge at m = 0), m_max =
    (m_B⁺ − m_K⁺)/2; the two-body X (k + ½)(m_B⁺ − m_K⁺)/n."""
    if species == TWO_BODY:
        return float(params["m_B+"] - params["m_K+"]) * (np.arange(n) + 0.5) / n
    offset = 0.5 if basis()["species"][species]["spin"] == 1 else 0.0
    return maximal_mass(DECAY, params) * (np.arange(n) + offset) / n


def _end(species: str, params: Parameters) -> float:
    """The heaviest mass of a scan."""
    top = float(params["m_B+"] - params["m_K+"]) if species == TWO_BODY else maximal_mass(DECAY, params)
    return END_FRACTION * top


def scale(species: str, operator: str, masses: ArrayLike, params: Parameters) -> NDArray[np.float64]:
    """The coupling per mass whose new particles alone give the SM B⁺→K⁺νν̄ rate (inf where they give none)."""
    masses = np.asarray(masses, dtype=float)
    if species != TWO_BODY:
        return np.asarray(coupling_scale(species, operator, DECAY, masses, params), dtype=float)
    per_unit = predict(f"BR({DECAY} X)", make_theory(species, operator, masses, 1.0), params)
    with np.errstate(divide="ignore"):
        return np.sqrt(predict(f"BR({DECAY} nu nu)", None, params) / per_unit)


@dataclass(frozen=True)
class _Scan:
    """A scan in units of the coupling scale: masses × relative couplings, −2Δln L, and the best point."""

    masses: np.ndarray
    relative: np.ndarray
    values: np.ndarray
    curve: np.ndarray  # profiled over the coupling, −2Δln L (parabola-interpolated)
    curve_relative: np.ndarray
    mass: float
    relative_best: float
    best: float
    edges: tuple[str, ...]


class _Scanner:
    """Grids of one operator in units of its coupling scale, evaluated with one profile."""

    def __init__(self, species, operator, params, profile):
        self.species, self.operator, self.params, self.profile = species, operator, params, profile
        self.lh = published()

    def scale(self, masses) -> np.ndarray:
        return scale(self.species, self.operator, masses, self.params)

    def unit_spectra(self, masses) -> np.ndarray:
        """The new particles' spectrum per generated-q² bin at the coupling scale (masses × bins)."""
        s = self.scale(masses)
        s = np.where(np.isfinite(s), s, 0.0)
        theory = make_theory(self.species, self.operator, masses, s)
        return self.lh.response.spectrum(theory, self.params) - self.lh.response.spectrum(None, self.params)

    def scan(self, masses, n_couplings) -> _Scan:
        relative = np.geomspace(*RELATIVE_RANGE, n_couplings)
        scales = self.scale(masses)
        usable = np.isfinite(scales) & (scales > 0)
        if not usable.any():
            raise DarkflavError(f"{self.operator} of a {self.species} gives no {DECAY} rate at the masses of the "
                                "scan")
        theory = make_theory(self.species, self.operator, masses[:, None],
                             np.where(usable, scales, 0.0)[:, None] * relative[None, :])
        values = self.lh.minus_two_delta_log_l(theory, profile=self.profile, params=self.params)
        values = np.where(usable[:, None], values, np.nan)
        curve, curve_relative = _profile(values, relative)
        i, j = np.unravel_index(np.nanargmin(values), values.shape)
        low, high = float(masses.min()), _end(self.species, self.params)
        mass_step = float(np.diff(masses).mean()) / 2 if masses.size > 1 else 0.0
        mass, rel, best = self.search(float(masses[i]), float(relative[j]), float(values[i, j]), (low, high),
                                      mass_step, float(np.log(relative[1] / relative[0])) / 2)
        edges = tuple(name for name, touched in (
            ("largest coupling", rel >= RELATIVE_RANGE[1] * (1 - 1e-9)),
            ("smallest coupling", rel <= RELATIVE_RANGE[0] * (1 + 1e-9)),
            ("lightest mass", mass <= low and low > 0),
            ("heaviest mass", mass >= high * (1 - 1e-9))) if touched)
        return _Scan(masses, relative, values, curve, curve_relative, mass, rel, best, edges)

    def search(self, mass, rel, best, bounds, mass_step, log_step) -> tuple[float, float, float]:
        """(mass, relative coupling, −2Δln L) of a pattern search from a grid point: the 8 neighbours at the
        current steps in mass and ln C; move to the lowest if it is lower, else halve the steps, until they are
        below MIN_MASS_STEP × the mass range and MIN_LOG_STEP (or MAX_SEARCH rounds)."""
        seen = {(mass, rel): best}
        smallest = MIN_MASS_STEP * _end(self.species, self.params)
        for _ in range(MAX_SEARCH):
            points = {(float(np.clip(mass + a * mass_step, *bounds)),
                       float(np.clip(rel * np.exp(b * log_step), *RELATIVE_RANGE)))
                      for a in (-1, 0, 1) for b in (-1, 0, 1)}
            new = sorted(points - set(seen))
            if new:
                m, r = (np.array(column) for column in zip(*new, strict=True))
                scales = self.scale(m)
                usable = np.isfinite(scales) & (scales > 0)
                theory = make_theory(self.species, self.operator, m, np.where(usable, scales, 0.0) * r)
                values = self.lh.minus_two_delta_log_l(theory, profile=self.profile, params=self.params)
                seen.update(zip(new, np.where(usable, values, np.inf).tolist(), strict=True))
            point = min(points, key=seen.__getitem__)
            if seen[point] < best:
                (mass, rel), best = point, seen[point]
            elif mass_step <= smallest and log_step <= MIN_LOG_STEP:
                break
            else:
                mass_step = mass_step / 2 if mass_step > smallest else mass_step
                log_step = log_step / 2 if log_step > MIN_LOG_STEP else log_step
        return mass, rel, best


def _profile(values, relative) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the minimum over the columns (relative couplings C) and where it lies, by a parabola in the rate
    (∝ C²) through the lowest point and its neighbours (the grid minimum at an edge)."""
    x = relative**2
    filled = np.where(np.isnan(values), np.inf, values)
    lowest = filled.argmin(axis=1)
    j = np.clip(lowest, 1, x.size - 2)
    rows = np.arange(values.shape[0])
    (x0, x1, x2), (y0, y1, y2) = (x[j - 1], x[j], x[j + 1]), (filled[rows, j - 1], filled[rows, j], filled[rows, j + 1])
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        a = ((y2 - y1) / (x2 - x1) - (y1 - y0) / (x1 - x0)) / (x2 - x0)
        b = (y1 - y0) / (x1 - x0) - a * (x0 + x1)
        top = -b / (2 * a)
        inside = (lowest == j) & np.isfinite(top) & (a > 0) & (top >= x0) & (top <= x2)
        vertex = np.where(inside, y1 + a * (top - x1) ** 2 + b * (top - x1) + 2 * a * x1 * (top - x1), np.nan)
    vertex = np.where(inside, vertex, filled.min(axis=1))
    where = np.where(inside, np.sqrt(np.where(inside, top, 1.0)), relative[lowest])
    empty = np.all(np.isnan(values), axis=1)
    return np.where(empty, np.nan, vertex), np.where(empty, np.nan, where)


def _finish(species, operator, scan: _Scan, sm, params, same_as=None) -> OperatorFit:
    """An OperatorFit of one operator from a scan in units of the coupling scale (its own or a shared one)."""
    scales = scale(species, operator, scan.masses, params)
    scales = np.where(np.isfinite(scales), scales, np.nan)
    coupling = scan.relative_best * float(scale(species, operator, np.array([scan.mass]), params)[0])
    delta = scan.best - sm
    return OperatorFit(species, operator, scan.masses, scales[:, None] * scan.relative[None, :], scan.values,
                       scan.curve - sm, scales * scan.curve_relative, scan.mass, coupling, float(delta),
                       float(chi2.sf(max(-delta, 0.0), DEGREES_OF_FREEDOM)), scan.edges, same_as)


def _sm(params: Parameters, profile: str) -> float:
    """−2Δln L of the SM (darkflav's SM νν̄) relative to the published best fit."""
    return float(published().minus_two_delta_log_l(None, profile=profile, params=params))


def fit_operator(species: str, operator: str, params: Parameters | None = None, *, masses: ArrayLike | None = None,
                 n_couplings: int = N_COUPLINGS, profile: str = PROFILE) -> OperatorFit:
    """The scan, the best point and the Δ(−2 ln L)-versus-mass curve of one operator (module docstring), e.g.
    ('real scalar', 'CS_sb'), or of a two-body coupling (TWO_BODY, 'gS_sb' or 'gV_sb'). `masses` default to
    `default_masses` with N_MASSES (pairs) or N_TWO_BODY_MASSES points."""
    params = params or Parameters.default()
    make_theory(species, operator, 1.0, 0.0)  # unknown species or operators are errors here
    if masses is None:
        masses = default_masses(species, N_TWO_BODY_MASSES if species == TWO_BODY else N_MASSES, params)
    masses = np.asarray(masses, dtype=float)
    scanner = _Scanner(species, operator, params, profile)
    return _finish(species, operator, scanner.scan(masses, n_couplings), _sm(params, profile), params)


def fit_operators(species: Iterable[str] = SPECIES, params: Parameters | None = None, *,
                  n_masses: int = N_MASSES, n_two_body_masses: int = N_TWO_BODY_MASSES,
                  n_couplings: int = N_COUPLINGS, profile: str = PROFILE, two_body: bool = True) -> OperatorFits:
    """Which operators fit: `fit_operator` for every b → s operator of `species` that gives a B⁺→K⁺ rate and, with
    `two_body`, for the couplings of TWO_BODY_COUPLINGS; operators with the same spectral shape share one scan
    (module docstring)."""
    params = params or Parameters.default()
    sm = _sm(params, profile)
    done: list[tuple[tuple[str, str], np.ndarray, _Scan]] = []  # (operator, unit spectra, scan)
    fits: list[OperatorFit] = []
    bosons: list[OperatorFit] = []
    silent: list[tuple[str, str]] = []
    pairs = operators(species) + ([(TWO_BODY, c) for c in TWO_BODY_COUPLINGS] if two_body else [])
    for s, operator in pairs:
        masses = default_masses(s, n_two_body_masses if s == TWO_BODY else n_masses, params)
        scanner = _Scanner(s, operator, params, profile)
        try:
            spectra = scanner.unit_spectra(masses)
        except DarkflavError as exc:  # coupling_scale: no B⁺→K⁺ rate at any mass
            if "does not contribute" not in str(exc):
                raise
            silent.append((s, operator))
            continue
        shared = next(((key, scan) for key, unit, scan in done
                       if unit.shape == spectra.shape and np.allclose(unit, spectra, rtol=SAME_SHAPE, atol=0.0)),
                      None)
        if shared is None:
            scan = scanner.scan(masses, n_couplings)
            done.append(((s, operator), spectra, scan))
            fit = _finish(s, operator, scan, sm, params)
        else:
            fit = _finish(s, operator, shared[1], sm, params, same_as=shared[0])
        (bosons if s == TWO_BODY else fits).append(fit)
    return OperatorFits(sm, published().published_fit(), fits, bosons, silent, profile)


def channel_labels(channels: Iterable[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """(channel, label, number of bins) of fit channels [(channel, bins)] (labels from the likelihood's data file)."""
    settings = published().response.settings
    labels = {**settings.get("labels", {}), **{c: entry["label"] for c, entry in settings["signal"].items()}}
    return [(c, labels.get(c, c), n) for c, n in channels]


@cache
def _base_bins() -> dict:
    """The theory-independent part of `PublishedLikelihood.bins` (from its cached tables; once per process)."""
    return published().bins()


def published_bins(theory: Theory = None, params: Parameters | None = None) -> dict[str, Any]:
    """Per fit bin (30, channels in the workspace's order): 'observed' counts, post-fit 'background', 'sm_signal'
    (μ = 1), 'fitted_signal' (μ̂ × the SM template) and, for a theory (one point), 'theory_signal' (everything
    invisible it predicts, the SM νν̄ included) — as `PublishedLikelihood.bins`, all at the published best-fit
    nuisances; 'channels' [(name, bins)] and 'labels' [(name, label, bins)]."""
    base = _base_bins()
    out = {**{k: v.copy() for k, v in base.items() if k != "channels"}, "channels": list(base["channels"]),
           "labels": channel_labels(base["channels"])}
    if theory is not None:
        lh = published()
        spectrum = lh.response.spectrum(theory, params)
        if spectrum.ndim != 1:
            raise DarkflavError("published_bins takes one theory point")
        weights = lh.response.weights(spectrum)
        w = np.concatenate([weights[c] if c in weights else np.zeros(n) for c, n in out["channels"]])
        out["theory_signal"] = w * out["sm_signal"]
    return out
