"""Analyses built on `Likelihood`: confronting a theory with measurements (`constrain`), best fits, allowed
coupling ranges and bands, coupling scales, and side-constraint masks of UV models.

* `constrain`: −2 ln L per measurement for a theory and for the SM (the CLI's `darkflav constrain`).
* `fit_dark_point`, `fit_nunu`, `allowed_range`: the best fits and allowed ranges of `darkflav report`.
* `coupling_scale`, `maximal_mass`, `coupling_bands`: the couplings of one DarkEFT operator allowed per mass.
* `kaon_window`: K⁺→π⁺φφ for a real scalar, (s̄d)φ² (the analogue of Fig. 1 of the seed, arXiv:2505.02031): the
  NA62 2016–2022 measurement (arXiv:2412.12015) seen through its signal regions, and KOTO 2021 K_L→π⁰φφ
  (arXiv:2411.11237).
* `passes_side_constraints`, `random_couplings`, `leptoquark_scan`: the random leptoquark scan of the seed slides
  (R_K and R_K* of couplings passing the charged-lepton side constraints); `ctautau_cmutau_plane`, `cl_cr_plane`:
  Δ(−2 ln L) of the seeds' νν̄ set on planes of C_R (and C_L) coefficients.

Every grid is one vectorised theory; the figures of `darkflav.plots` draw what these functions return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import chi2

from ..eft import ChargedLeptonWET, DarkEFT, InvisibleBoson, NeutrinoWET
from ..eft.conventions import scale_from_coefficient
from ..eft.dark import operator_dimension
from ..eft.neutrino import FLAVOURS, PAIRS
from ..errors import MAX_POINTS, DarkflavError, unknown, whole_number
from ..models import leptoquark
from ..models.leptoquark import QUARKS
from ..parameters import Parameters
from ..registry import Theory, get, low_energy, observables, predict
from . import acceptance
from .likelihood import Likelihood, check_cl

#: Confidence level of exclusions (Δ(−2 ln L) from the SM above chi2.ppf(CL, 1) = 3.84).
EXCLUSION_CL = 0.95
#: Confidence level of the band of couplings that fill a measured window (profile over the coupling).
WINDOW_CL = 0.68
#: A band "fills the window" where its best point beats the SM by at least this Δ(−2 ln L) (1σ).
WINDOW_IMPROVEMENT = 1.0
#: Default coupling grid of `coupling_bands`, relative to `coupling_scale` at each mass; a row at NEAR_ZERO times
#: the lower end stands for C → 0 (the SM), and the coupling axis ends at the upper end of the scale reached below
#: VISIBLE_MASS_FRACTION of the largest mass.
RELATIVE_COUPLINGS, NEAR_ZERO, VISIBLE_MASS_FRACTION = (0.1, 10.0), 1e-3, 0.9
#: Couplings per allowed-range scan (relative to `coupling_scale`, plus a near-zero point).
RANGE_POINTS = 600
#: GeV → TeV for displayed scales Λ.
TEV_PER_GEV = 1e-3

NA62 = "NA62 2016-2022 K+->pi+nunu"
KOTO = "KOTO 2021 KL->pi0nunu"
NA62_REGIONS = "NA62 signal regions"
KAON_SPECIES, KAON_OPERATOR = "real scalar", "CS_sd"

#: The random leptoquark scan: leptoquark mass [GeV]; couplings y_{qℓ} of q = s, b to ℓ = e, μ, τ with |y|
#: log-uniform in COUPLING_RANGE and phases uniform in [0, 2π); N_POINTS points (and N_OFF_DIAGONAL with s and b
#: coupled to two different leptons), drawn from a generator seeded by SEED.
SCAN_MASS, COUPLING_RANGE, N_POINTS, N_OFF_DIAGONAL, SEED = 2000.0, (1e-3, 3.0), 20000, 4000, 1
SCAN_QUARKS = ("s", "b")
#: Side constraints: a point passes when every measurement of the preset is within Δ(−2 ln L) ≤ chi2.ppf(CL, 1)
#: of its SM value (each limit satisfied at CL).
SIDE_PRESET, SIDE_CL = "leptoquark side constraints", 0.95
#: The νν̄ constraint set of the coefficient planes and their range (both axes).
NUNU_PRESET, COEFFICIENT_RANGE = "seeds Belle II", (-40.0, 40.0)

#: Mass parameter of a meson where it differs from "m_" + its name in the observable.
_MASS_PARAMETER = {"KL": "m_K0"}


# --- the kinematic range of a decay -------------------------------------------------------------
def decay_of(observable: str) -> tuple[str, str]:
    """(initial, final) meson of an observable such as 'dBR/dq2(B+->K+ nu nu)' → ('B+', 'K+')."""
    name = get(observable).name
    inside = name[name.index("(") + 1 : -1]
    if "->" not in inside:
        raise DarkflavError(f"{name} does not belong to a single decay, so it has no q² range")
    initial, final = inside.split("->")
    return initial, final.split()[0]


def endpoint_masses(observable: str) -> tuple[str, ...]:
    """Names of the initial and final meson masses that fix the observable's q² range."""
    return tuple(_MASS_PARAMETER.get(m, f"m_{m}") for m in decay_of(observable))


def kinematic_endpoint(observable: str, params: Parameters) -> float:
    """Largest q² of the observable's decay, (m_initial − m_final)² in GeV²."""
    m_initial, m_final = (params[m] for m in endpoint_masses(observable))
    return float((m_initial - m_final) ** 2)


def maximal_mass(decay: str, params: Parameters) -> float:
    """Largest mass of each invisible particle in P → M X X: (m_P − m_M)/2 in GeV."""
    return float(np.sqrt(kinematic_endpoint(f"dBR/dq2({decay} XX)", params)) / 2)


# --- likelihoods for a νν̄ point per quark sector plus dark particles --------------------------
def constrain(names: str | Iterable[str], nunu: Mapping[str, NeutrinoWET] | None = None,
              darks: Iterable[DarkEFT | InvisibleBoson] = (), params: Parameters | None = None,
              profile: str = "fast", dark_matter: str = "all") -> dict:
    """Per measurement: the compared prediction and −2 ln L for the theory and for the SM; totals and
    Δ(−2 ln L) = theory − SM.

    `nunu` maps quark sectors ('sb', 'sd') to NeutrinoWET points (a measurement of a sector without
    one sees the SM νν̄); `darks` are DarkEFT points added to every invisible rate, or one
    InvisibleBoson for the two-body (mass-curve) measurements, whose SM reference is the same boson
    without couplings. `names`: presets or measurements of `darkflav.experiments`; `profile` of the published
    likelihoods ('fast' or 'full')."""
    likelihood = Likelihood(names, params, profile, dark_matter)
    parts = [*dict(nunu or {}).values(), *darks]
    theory = parts[0] if len(parts) == 1 else (parts or None)
    reference = InvisibleBoson(theory.spin, theory.mass, {}) if isinstance(theory, InvisibleBoson) else None
    with_sm = [m for m in likelihood.measurements if get(m.observable).standard_model or reference is not None]
    sm = Likelihood([m.name for m in with_sm], likelihood.params, profile, dark_matter) if with_sm else None
    chis, sm_chis = likelihood.contributions(theory), (sm.contributions(reference) if sm else {})
    pulls = likelihood.pulls(theory, chis)
    rows = {m.name: {"observable": m.observable, "compare": m.compare, "measured": m.describe(),
                     "prediction": _number(likelihood.prediction(m, theory)),
                     "sm_prediction": (_number(sm.prediction(m, reference)) if sm is not None and m.name in sm_chis
                                       else None),
                     "minus_two_log_l": float(chis[m.name]), "pull": float(pulls[m.name]),
                     "sm_minus_two_log_l": _number(sm_chis.get(m.name))}
            for m in likelihood.measurements}
    total = sum(r["minus_two_log_l"] for r in rows.values())
    compared = [r for r in rows.values() if r["sm_minus_two_log_l"] is not None]
    sm_total = sum(r["sm_minus_two_log_l"] for r in compared)
    return {"measurements": rows, "minus_two_log_l": total, "sm_minus_two_log_l": sm_total,
            "delta_minus_two_log_l": sum(r["minus_two_log_l"] for r in compared) - sm_total,
            "compared_with_sm": len(compared)}


def _number(value):
    """A scalar prediction as a float, a binned one (LHC regions) as a list, None as None (JSON-ready)."""
    if value is None:
        return None
    value = np.asarray(value, float)
    return float(value) if value.ndim == 0 else value.tolist()


# --- coupling scales, best fits and allowed ranges of one dark operator -------------------------
def coupling_scale(species: str, operator: str, decay: str, masses: ArrayLike,
                   params: Parameters | None = None) -> NDArray[np.float64]:
    """Per mass, the |coefficient| at which the pairs alone give the SM νν̄ branching ratio of
    `decay` (rates are quadratic in one coefficient): the natural scale of a coupling axis."""
    params = params or Parameters.default()
    per_unit = predict(f"BR({decay} XX)", DarkEFT(species, masses, {operator: 1.0}), params)
    if not np.any(per_unit > 0):
        raise DarkflavError(f"{operator} of a {species} does not contribute to {decay} "
                            "(wrong quark flavours, or masses above the kinematic limit)")
    if f"BR({decay} nu nu)" not in {o.name for o in observables()}:
        raise DarkflavError(f"no SM νν̄ prediction for {decay} sets the coupling scale; give the coupling "
                            "range explicitly (couplings=(low, high), CLI: --couplings LOW HIGH)")
    target = predict(f"BR({decay} nu nu)", None, params)
    with np.errstate(divide="ignore"):
        return np.sqrt(target / per_unit)


def _dark_scale(species: str, operator: str, mass: float, params: Parameters) -> float:
    """coupling_scale for B⁺→K⁺ (sb operators) or K⁺→π⁺ (sd) at one mass."""
    decay = "K+->pi+" if operator.endswith("_sd") else "B+->K+"
    return float(coupling_scale(species, operator, decay, mass, params))


def fit_dark_point(preset: str, species: str, operator: str, mass: float, params: Parameters) -> dict:
    """Best-fit coefficient of one operator at fixed mass: grid scan for the start, then iminuit
    (the fit parameter is C over its natural scale, so it is of order one)."""
    likelihood = Likelihood(preset, params)
    scale = _dark_scale(species, operator, mass, params)
    relative = np.geomspace(*RELATIVE_COUPLINGS, 200)
    values = likelihood.minus_two_log_l(DarkEFT(species, mass, {operator: relative * scale}))
    start = float(relative[np.argmin(values)])
    limits: dict[str, Any] = {"r": (0.0, None)}  # None: no upper bound (iminuit)
    fit = likelihood.best_fit(lambda r: DarkEFT(species, mass, {operator: r * scale}), {"r": start}, limits)
    return {"likelihood": preset, "parameter": f"{operator} ({species}, m = {mass:g} GeV)",
            "value": fit["values"]["r"] * scale, "error": fit["errors"]["r"] * scale,
            "minus_two_log_l": fit["minus_two_log_l"], "valid": fit["valid"],
            "delta_minus_two_log_l": fit["minus_two_log_l"] - float(likelihood.minus_two_log_l(None))}


def fit_nunu(name: str, spec: Mapping, params: Parameters) -> dict:
    """Best fit of one νν̄ coefficient C_field^pair: `spec` has the likelihood, field, pair, start and limits (the
    report's settings, nunu_fits)."""
    likelihood = Likelihood(spec["likelihood"], params)

    def factory(c):
        return NeutrinoWET(**{spec["field"]: {spec["pair"]: c}})

    fit = likelihood.best_fit(factory, {"c": spec["start"]}, {"c": tuple(spec["limits"])})
    return {"likelihood": spec["likelihood"], "parameter": name, "value": fit["values"]["c"],
            "error": fit["errors"]["c"], "minus_two_log_l": fit["minus_two_log_l"], "valid": fit["valid"],
            "delta_minus_two_log_l": fit["minus_two_log_l"] - float(likelihood.minus_two_log_l(None))}


def allowed_range(preset: str, species: str, operator: str, mass: float, cl: float,
                  params: Parameters) -> dict:
    """|C| allowed at confidence level cl at one mass (profile over the coupling): lower and upper
    end (lower 0 where C → 0 is allowed; 'open' if the band reaches the top of the scan), the
    best |C|, its Δ(−2 ln L) from the SM, and the displayed scale Λ = |C|^(−1/(d−4))."""
    likelihood = Likelihood(preset, params)
    scale = _dark_scale(species, operator, mass, params)
    relative = np.geomspace(*RELATIVE_COUPLINGS, RANGE_POINTS - 1)
    couplings = np.concatenate([[0.0], relative * scale])

    values = likelihood.minus_two_log_l(DarkEFT(species, mass, {operator: couplings}))
    mask = values - values.min() <= chi2.ppf(check_cl(cl), 1)  # Likelihood.allowed_region at one mass
    best = float(couplings[np.argmin(values)])
    allowed = couplings[mask]
    dimension = operator_dimension(species, operator)
    return {"species": species, "operator": operator, "mass": mass, "cl": cl, "likelihood": preset,
            "lower": float(allowed.min()), "upper": float(allowed.max()), "open": bool(mask[-1]),
            "contiguous": bool(np.all(np.diff(np.flatnonzero(mask)) == 1)), "best": best,
            "delta_minus_two_log_l": float(values.min() - likelihood.minus_two_log_l(None)),
            "dimension": dimension,
            "best_scale_tev": float(scale_from_coefficient(best, dimension)) * TEV_PER_GEV if best else None}


# --- allowed bands versus the mass ---------------------------------------------------------------
@dataclass(frozen=True)
class CouplingBands:
    """|C| of one operator per mass cell (`edges`, centres `masses` [GeV]) on the grid `couplings` (masses ×
    couplings): per CL name ('68', '95') the field chi2.ppf(CL, 1) − Δ(−2 ln L) (≥ 0 inside, continuous for smooth
    contours); regions '68', '95' and 'no gain' (masses where no coupling beats the SM by WINDOW_IMPROVEMENT) as
    boolean grids; `coupling_range` the |C| axis to show."""

    edges: np.ndarray
    masses: np.ndarray
    couplings: np.ndarray
    fields: dict[str, np.ndarray]
    regions: dict[str, np.ndarray]
    coupling_range: tuple[float, float]


def coupling_bands(species: str, operator: str, decay: str = "B+->K+", preset: str = "seeds Belle II",
                   params: Parameters | None = None, n_masses: int = 100, n_couplings: int = 200,
                   couplings: tuple[float, float] | None = None) -> CouplingBands:
    """|C| of one DarkEFT operator versus the mass, allowed at 68 % and 95 % CL by `preset` (a preset or
    measurement name), profiled over the coupling at each mass.

    Masses span (0, (m_P − m_M)/2) of `decay`. Without `couplings` (|C| range) the grid follows the mass:
    RELATIVE_COUPLINGS times `coupling_scale`, plus one near-zero row, so bands stay smooth where rates change by
    decades (vectors: ∝ 1/m⁴)."""
    params = params or Parameters.default()
    likelihood = Likelihood(preset, params)
    m_max = maximal_mass(decay, params)
    edges = np.linspace(0.0, m_max, n_masses + 1)
    masses = 0.5 * (edges[1:] + edges[:-1])  # cell centres: no m = 0 (vectors) and no end point
    if couplings is None:
        scale = coupling_scale(species, operator, decay, masses, params)
        scale = np.where(np.isfinite(scale), scale, np.nanmax(np.where(np.isfinite(scale), scale, np.nan)))
        relative = np.concatenate([[RELATIVE_COUPLINGS[0] * NEAR_ZERO],
                                   np.geomspace(*RELATIVE_COUPLINGS, n_couplings - 1)])
        reach = scale[masses <= VISIBLE_MASS_FRACTION * m_max]
        y_range = (RELATIVE_COUPLINGS[0] * scale.min(), RELATIVE_COUPLINGS[1] * reach.max())
    else:
        scale, relative, y_range = np.ones_like(masses), np.geomspace(*couplings, n_couplings), couplings
    column = scale[:, None]

    def factory(m, r):
        return DarkEFT(species, m, {operator: r * column})

    values = likelihood.minus_two_log_l(factory(masses[:, None], relative[None, :]))
    profile = values.min(axis=1, keepdims=True)
    levels = {f"{100 * cl:.0f}": cl for cl in (EXCLUSION_CL, WINDOW_CL)}
    fields = {name: chi2.ppf(cl, 1) - (values - profile) for name, cl in levels.items()}
    regions = {name: field >= 0 for name, field in fields.items()}  # Likelihood.allowed_region, values reused
    gain = profile[:, 0] <= likelihood.minus_two_log_l(None) - WINDOW_IMPROVEMENT
    regions["no gain"] = np.repeat(~gain[:, None], relative.size, axis=1)
    return CouplingBands(edges, masses, column * relative[None, :], fields, regions, y_range)


@dataclass(frozen=True)
class KaonWindow:
    """The K⁺→π⁺φφ grid masses [GeV] × couplings: continuous `fields` (≥ 0 inside) and boolean `regions` by name,
    and the mass `r2_closes` where the pairs leave NA62's region 2."""

    masses: np.ndarray
    couplings: np.ndarray
    fields: dict[str, np.ndarray]
    regions: dict[str, np.ndarray]
    r2_closes: float


def kaon_window(params: Parameters | None = None, n_masses: int = 120, n_couplings: int = 300,
                couplings: tuple[float, float] = (1e-13, 1e-8)) -> KaonWindow:
    """C^{S,sd}_{dφ} versus m_φ for K⁺→π⁺φφ (real scalar, ½C(s̄d)φ², GeV⁻¹). Regions:

    * 'na62 excluded': NA62 2016–2022 (through its signal regions) excludes the point at 95 % CL,
      Δ(−2 ln L) from the SM > 3.84 with the prediction above the measured value;
    * 'na62 window': the 68 % CL band (profile over the coupling) at masses where the best point
      beats the SM by Δ(−2 ln L) ≥ 1, i.e. the pairs fill the NA62 excess;
    * 'koto excluded': KOTO 2021 K_L→π⁰φφ (∝ Re C; acceptance in m_miss from KOTO's two-body limits) at 95 % CL.
    `r2_closes`: √(q²_max(R2))/2."""
    params = params or Parameters.default()
    masses = np.linspace(0.0, maximal_mass("K+->pi+", params), n_masses)
    grid = np.geomspace(*couplings, n_couplings)

    def factory(m, c):
        return DarkEFT(KAON_SPECIES, m, {KAON_OPERATOR: c})

    theory = factory(masses[:, None], grid[None, :])
    threshold, window_threshold = chi2.ppf(EXCLUSION_CL, 1), chi2.ppf(WINDOW_CL, 1)
    na62 = Likelihood(NA62, params)
    measurement = na62.measurements[0]
    values, sm = na62.minus_two_log_l(theory), na62.minus_two_log_l(None)
    above = na62.prediction(measurement, theory) > measurement.numbers["value"]
    fields = {"na62 excluded": np.where(above, values - sm - threshold, -threshold)}
    profile = values.min(axis=1, keepdims=True)
    fills = profile <= sm - WINDOW_IMPROVEMENT
    fields["na62 window"] = np.where(fills, window_threshold - (values - profile), -window_threshold)
    koto = Likelihood(KOTO, params)
    fields["koto excluded"] = koto.minus_two_log_l(theory) - koto.minus_two_log_l(None) - threshold
    regions = {name: field >= 0 for name, field in fields.items()}
    regions["na62 window"] = fills & na62.allowed_region(factory, masses, grid, cl=WINDOW_CL, reference="profile")
    closing = float(np.sqrt(max(hi for _, hi in acceptance.get(NA62_REGIONS).regions)) / 2)
    return KaonWindow(masses, grid, fields, regions, closing)


# --- leptoquarks: the random scan with side constraints, and the νν̄ coefficient planes ---------
def random_couplings(n: int, rng: np.random.Generator, off_diagonal: bool = False) -> np.ndarray:
    """Couplings (n, 3, 3) of the scan (see SCAN_MASS): s and b to e, μ, τ, or with `off_diagonal` s to one
    lepton and b to another (random pair per point)."""
    low, high = np.log(COUPLING_RANGE[0]), np.log(COUPLING_RANGE[1])
    shape = (n, len(SCAN_QUARKS), len(FLAVOURS))
    values = np.exp(rng.uniform(low, high, shape)) * np.exp(2j * np.pi * rng.random(shape))
    if off_diagonal:  # lepton of s, and a different lepton of b
        lepton_s = rng.integers(0, len(FLAVOURS), n)
        lepton_b = (lepton_s + rng.integers(1, len(FLAVOURS), n)) % len(FLAVOURS)
        values = values * (np.arange(len(FLAVOURS)) == np.stack([lepton_s, lepton_b], axis=-1)[..., None])
    y = np.zeros((n, len(QUARKS), len(FLAVOURS)), dtype=complex)
    y[:, [QUARKS.index(q) for q in SCAN_QUARKS], :] = values
    return y


def passes_side_constraints(model: Theory, params: Parameters | None = None) -> NDArray[np.bool_]:
    """Boolean mask of model points whose every measurement of SIDE_PRESET lies within Δ(−2 ln L) ≤
    chi2.ppf(SIDE_CL, 1) of its SM value (the same model with zero couplings)."""
    params = params or Parameters.default()
    likelihood = Likelihood(SIDE_PRESET, params)
    point = likelihood.contributions(model)
    sm = likelihood.contributions(type(model)(model.mass, np.zeros((3, 3))))
    threshold = chi2.ppf(SIDE_CL, 1)
    mask = np.ones(model.shape, dtype=bool)
    for name, value in point.items():
        mask &= np.broadcast_to(value - sm[name], model.shape) <= threshold
    return mask


@dataclass(frozen=True)
class LeptoquarkScan:
    """R_K, R_K* and the side-constraint mask of the general sample and of the lepton-flavour off-diagonal sample
    (s and b to different leptons) of one leptoquark at M = SCAN_MASS."""

    r_k: np.ndarray
    r_kstar: np.ndarray
    passes: np.ndarray
    r_k_off_diagonal: np.ndarray
    r_kstar_off_diagonal: np.ndarray
    passes_off_diagonal: np.ndarray


def _ratios(model, params) -> tuple[np.ndarray, np.ndarray]:
    parts = low_energy(model, params)
    return predict("R_K(nu nu)", parts, params), predict("R_K*(nu nu)", parts, params)


def leptoquark_scan(kind: str, params: Parameters | None = None, n_points: int = N_POINTS,
                    seed: int = SEED) -> LeptoquarkScan:
    """The random scan of leptoquark `kind` ("S0", "S1/2~", "S1", "V1/2", "V1") at M = SCAN_MASS: n_points couplings
    (`random_couplings`) plus n_points·N_OFF_DIAGONAL/N_POINTS with s and b coupled to two different leptons
    (C^{ii} = 0), each with R_K, R_K* and `passes_side_constraints`."""
    if kind not in leptoquark.MODELS:
        raise unknown("leptoquark", kind, leptoquark.MODELS)
    whole_number("n_points", n_points, 1, MAX_POINTS)
    params = params or Parameters.default()
    rng = np.random.default_rng(seed)
    model_class = leptoquark.MODELS[kind]
    general = model_class(SCAN_MASS, random_couplings(n_points, rng))
    off_diagonal = model_class(SCAN_MASS, random_couplings(max(1, n_points * N_OFF_DIAGONAL // N_POINTS), rng,
                                                           off_diagonal=True))
    r_k, r_kstar = _ratios(general, params)
    r_k_off, r_kstar_off = _ratios(off_diagonal, params)
    passes, passes_off = passes_side_constraints(general, params), passes_side_constraints(off_diagonal, params)
    return LeptoquarkScan(r_k, r_kstar, passes, r_k_off, r_kstar_off, passes_off)


def ctautau_cmutau_plane(params: Parameters | None = None,
                         n_points: int = 161) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(c, Δ, Δ_side) on the grid C_R^ττ = c[i], C_R^μτ = C_R^τμ = c[j] (NeutrinoWET, real; c spans
    COEFFICIENT_RANGE): Δ(−2 ln L) of NUNU_PRESET from the plane's minimum, and Δ(−2 ln L) from the SM of
    SIDE_PRESET for C9′ = −C10′ = C_R, the b → sℓℓ′ coefficients of S̃_{1/2} and V_{1/2} (models.leptoquark
    matching table)."""
    params = params or Parameters.default()
    c = np.linspace(*COEFFICIENT_RANGE, n_points)
    tautau, mutau = np.broadcast_arrays(c[:, None], c[None, :])
    entries = {"tautau": tautau, "mutau": mutau, "taumu": mutau}
    values = Likelihood(NUNU_PRESET, params).minus_two_log_l(NeutrinoWET(C_R=entries))
    side = Likelihood(SIDE_PRESET, params)
    charged = ChargedLeptonWET(C9_prime=entries, C10_prime={k: -v for k, v in entries.items()})
    side_delta = side.minus_two_log_l(charged) - side.minus_two_log_l(ChargedLeptonWET())
    return c, values - values.min(), side_delta


def cl_cr_plane(pair: str = "tautau", params: Parameters | None = None,
                n_points: int = 161) -> tuple[np.ndarray, np.ndarray]:
    """(c, Δ) on the grid C_L^ij = c[i], C_R^ij = c[j] of one lepton pair (NeutrinoWET, real; c spans
    COEFFICIENT_RANGE): Δ(−2 ln L) of NUNU_PRESET from the plane's minimum."""
    if pair not in PAIRS:
        raise unknown("lepton flavour pair", pair, PAIRS)
    params = params or Parameters.default()
    c = np.linspace(*COEFFICIENT_RANGE, n_points)
    values = Likelihood(NUNU_PRESET, params).minus_two_log_l(NeutrinoWET(C_L={pair: c[:, None]},
                                                                       C_R={pair: c[None, :]}))
    return c, np.broadcast_to(values - values.min(), (n_points, n_points))
