"""Inference for a whole model from a fit file (`darkflav fit FILE`): a theory template with named free parameters
(start, range, prior), a likelihood (presets or measurements of every kind: flavour, dark matter, LHC) and its
dark-matter mode. The best fit and profile likelihoods in one and two parameters by iminuit (MIGRAD); posterior
samples by nested sampling (dynesty, Speagle 2020, arXiv:1904.02180) with the priors of the file.

    name: dark scalar
    theory: {type: DarkEFT, species: real scalar, mass: m, coefficients: {CS_ss: c_ss, CS_sb: c_sb}}
    parameters:
      m: {start: 0.3, range: [0.05, 2.0]}                          # prior uniform (default)
      c_ss: {start: 2.0e-4, range: [1.0e-6, 1.0e-2], prior: log-uniform}
    likelihood: [dark scalar global]          # presets and/or measurements
    dark_matter: at most                      # or all (default)
    profiles: [[c_ss], [m, c_ss]]             # 1D and 2D profile likelihoods (default: none)
    points: 21                                # grid points per profile axis
    sample: {live_points: 100, dlogz: 0.5}    # nested sampling (omit: none)

Log-uniform parameters are fitted, profiled and sampled in log10; the results are given in the parameters
themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from iminuit import Minuit
from scipy.stats import chi2

from ..data import parse_yaml, read_text
from ..errors import MAX_SEED, DarkflavError, suggest, whole_number
from ..parameters import Parameters
from ..registry import get as get_observable
from ..theories import read_theory, substitute
from .likelihood import Likelihood
from .measurements import DARK_MATTER_MODES

PRIORS = ("uniform", "log-uniform")
KEYS = ("name", "theory", "parameters", "likelihood", "dark_matter", "profiles", "points", "sample")
#: grid points per profile axis and live points of the sampler: bounds on the work one file can ask for
MAX_PROFILE_POINTS = 201
MAX_LIVE_POINTS = 5000


@dataclass(frozen=True)
class Free:
    """A free parameter: start value, range [low, high], prior, and its own number of grid points (None: the fit
    file's `points`)."""

    start: float
    low: float
    high: float
    prior: str = "uniform"
    points: int | None = None

    @property
    def log(self) -> bool:
        return self.prior == "log-uniform"

    def to_internal(self, value):
        return np.log10(value) if self.log else value

    def to_physical(self, value):
        return 10.0**value if self.log else value


@dataclass(frozen=True)
class FitDefinition:
    """A validated fit file."""

    name: str
    theory: dict
    parameters: dict[str, Free]
    likelihood: tuple[str, ...]
    dark_matter: str = "all"
    profiles: tuple[tuple[str, ...], ...] = ()
    points: int = 21
    sample: dict = field(default_factory=dict)


def load_fit(source) -> FitDefinition:
    """A FitDefinition from a YAML file path or a mapping; DarkflavError naming the key and the problem."""
    where = f"fit file {str(source)!r}" if not isinstance(source, dict) else "fit definition"
    data = source if isinstance(source, dict) else parse_yaml(read_text(source, "fit file"), where)
    if not isinstance(data, dict):
        raise DarkflavError(f"{where}: a fit file is a mapping with the keys {', '.join(KEYS)}")
    for key in data:
        if key not in KEYS:
            raise DarkflavError(f"{where}: unknown key {key!r}.{suggest(str(key), KEYS)} Allowed: {', '.join(KEYS)}")
    for key in ("theory", "parameters", "likelihood"):
        if key not in data:
            raise DarkflavError(f"{where}: give {key!r}")
    if not isinstance(data["theory"], dict):
        raise DarkflavError(f"{where}: theory must be a mapping (a theory file's content with parameter names)")
    if not isinstance(data["parameters"], dict) or not data["parameters"]:
        raise DarkflavError(f"{where}: parameters must map names to {{start, range, prior}}")
    parameters = {str(name): _free(where, str(name), spec) for name, spec in data["parameters"].items()}
    likelihood = data["likelihood"]
    likelihood = (likelihood,) if isinstance(likelihood, str) else likelihood
    if not isinstance(likelihood, list | tuple) or not likelihood or not all(isinstance(n, str) for n in likelihood):
        raise DarkflavError(f"{where}: likelihood must be a preset or measurement name, or a list of them")
    dark_matter = data.get("dark_matter", "all")
    if dark_matter not in DARK_MATTER_MODES:
        raise DarkflavError(f"{where}: dark_matter must be one of {DARK_MATTER_MODES}, got {dark_matter!r}")
    profiles = tuple(tuple([p] if isinstance(p, str) else p) for p in data.get("profiles", []))
    for profile in profiles:
        if not 1 <= len(profile) <= 2 or any(p not in parameters for p in profile) or len(set(profile)) < len(profile):
            raise DarkflavError(f"{where}: a profile is one or two distinct free parameters "
                                f"({', '.join(parameters)}), got {list(profile)}")
    points = whole_number("points", data.get("points", 21), 3, MAX_PROFILE_POINTS)
    sample = data.get("sample") or {}
    if not isinstance(sample, dict) or set(sample) - {"live_points", "dlogz", "seed"}:
        raise DarkflavError(f"{where}: sample takes live_points, dlogz and seed, got {sample!r}")
    whole_number("sample.live_points", sample.get("live_points", 100), 10, MAX_LIVE_POINTS)
    whole_number("sample.seed", sample.get("seed", 1), 0, MAX_SEED)
    definition = FitDefinition(str(data.get("name", "fit")), data["theory"], parameters, tuple(likelihood),
                               dark_matter, profiles, points, dict(sample))
    ModelFit(definition).theory({n: f.start for n, f in parameters.items()})  # the template builds at the start
    Likelihood(list(likelihood), dark_matter=dark_matter)  # the names exist
    return definition


def _free(where: str, name: str, spec) -> Free:
    if not isinstance(spec, dict) or set(spec) - {"start", "range", "prior", "points"} or "range" not in spec:
        raise DarkflavError(f"{where}: parameter {name!r} takes {{start, range: [low, high], prior, points}}, got "
                            f"{spec!r}")
    rng = spec["range"]
    if not isinstance(rng, list) or len(rng) != 2 or not all(isinstance(v, int | float) for v in rng) \
            or not np.all(np.isfinite(rng)) or not rng[0] < rng[1]:
        raise DarkflavError(f"{where}: parameter {name!r}: range must be [low, high] with low < high, got {rng!r}")
    prior = spec.get("prior", "uniform")
    if prior not in PRIORS:
        raise DarkflavError(f"{where}: parameter {name!r}: prior must be one of {PRIORS}, got {prior!r}")
    if prior == "log-uniform" and rng[0] <= 0:
        raise DarkflavError(f"{where}: parameter {name!r}: a log-uniform range must be positive, got {rng!r}")
    start = spec.get("start", float(np.sqrt(rng[0] * rng[1])) if prior == "log-uniform" else sum(rng) / 2)
    if not isinstance(start, int | float) or not rng[0] <= start <= rng[1]:
        raise DarkflavError(f"{where}: parameter {name!r}: start must be a number in its range {rng}, got {start!r}")
    points = spec.get("points")
    if points is not None:
        points = whole_number(f"parameter {name!r}: points", points, 3, MAX_PROFILE_POINTS)
    return Free(float(start), float(rng[0]), float(rng[1]), prior, points)


class ModelFit:
    """−2 ln L of a fit definition as a function of its free parameters, and the inference on it."""

    def __init__(self, definition: FitDefinition, params: Parameters | None = None):
        self.definition = definition
        self.names = list(definition.parameters)
        self.free = definition.parameters
        self.likelihood = Likelihood(list(definition.likelihood), params, dark_matter=definition.dark_matter)

    def theory(self, values: dict):
        """The theory at parameter values (physical units)."""
        return read_theory(substitute(self.definition.theory, values))

    def minus_two_log_l(self, values: dict) -> float:
        return float(self.likelihood.minus_two_log_l(self.theory(values)))

    def minus_two_log_l_many(self, values: dict[str, np.ndarray]) -> np.ndarray:
        """−2 ln L at many points (arrays of equal length), from `contributions_many`."""
        n = len(next(iter(values.values())))
        return np.broadcast_to(sum(self.contributions_many(values).values()), (n,)).astype(float)

    def contributions_many(self, values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """−2 ln L of each measurement at many points (arrays of equal length): one vectorised call, or one call per
        point where a measurement reads a UV model itself (its own Monte Carlo, e.g. the VLQ monojet signal)."""
        n = len(next(iter(values.values())))
        first = self.theory({k: float(v[0]) for k, v in values.items()})
        if not any(isinstance(first, get_observable(m.observable).reads) for m in self.likelihood.measurements):
            return {k: np.broadcast_to(v, (n,)) for k, v in self.likelihood.contributions(self.theory(values)).items()}
        points = [self.likelihood.contributions(self.theory({k: float(v[i]) for k, v in values.items()}))
                  for i in range(n)]
        return {m.name: np.array([float(p[m.name]) for p in points]) for m in self.likelihood.measurements}

    def _cost(self, fixed: dict):
        """−2 ln L of the parameters not in `fixed` (internal units: log10 for log-uniform ones)."""
        names = [n for n in self.names if n not in fixed]

        def cost(*internal):
            values = {**fixed, **{n: self.free[n].to_physical(v) for n, v in zip(names, internal, strict=True)}}
            return self.minus_two_log_l(values)
        return names, cost

    def _minimise(self, fixed: dict, start: dict) -> tuple[Minuit | None, dict, float]:
        names, cost = self._cost(fixed)
        if not names:
            return None, dict(fixed), cost()
        minuit = Minuit(cost, *(self.free[n].to_internal(start[n]) for n in names), name=names)
        minuit.errordef = Minuit.LEAST_SQUARES
        for n in names:
            minuit.limits[n] = (self.free[n].to_internal(self.free[n].low), self.free[n].to_internal(self.free[n].high))
        minuit.migrad()
        values = {**fixed, **{n: float(self.free[n].to_physical(minuit.values[n])) for n in names}}
        return minuit, values, float(minuit.fval)

    def best_fit(self, start: dict | None = None) -> dict:
        """MIGRAD and HESSE from the start values (default: the file's): best values, errors (MINOS-free; log10
        errors for log-uniform parameters as 'errors_log10'), −2 ln L, validity, and each measurement's −2 ln L at
        the best fit."""
        minuit, values, fval = self._minimise({}, start or {n: f.start for n, f in self.free.items()})
        assert minuit is not None  # a fit file has at least one free parameter (load_fit)
        minuit.hesse()
        errors = {n: float(minuit.errors[n]) for n in self.names}
        return {"values": values, "minus_two_log_l": fval, "valid": bool(minuit.valid),
                "errors": {n: errors[n] for n in self.names if not self.free[n].log},
                "errors_log10": {n: errors[n] for n in self.names if self.free[n].log},
                "contributions": self.breakdown(values)}

    def breakdown(self, values: dict) -> dict[str, float]:
        """−2 ln L of each measurement at the parameter values."""
        return {k: float(v) for k, v in self.likelihood.contributions(self.theory(values)).items()}

    def grid(self, name: str) -> np.ndarray:
        free = self.free[name]
        axis = np.linspace(free.to_internal(free.low), free.to_internal(free.high),
                           free.points or self.definition.points)
        return free.to_physical(axis)

    def profile(self, names: tuple[str, ...], best: dict) -> dict:
        """The profile likelihood over a grid of one or two parameters (the others minimised from the best fit at
        every grid point): {'axes': {name: grid}, 'minus_two_log_l': array, 'delta': array − global minimum}."""
        axes = [self.grid(n) for n in names]
        mesh = np.meshgrid(*axes, indexing="ij")
        values, points = np.empty(mesh[0].shape), {}
        for index in np.ndindex(values.shape):
            fixed = {n: float(m[index]) for n, m in zip(names, mesh, strict=True)}
            _, points[index], values[index] = self._minimise(fixed, best)
        minimum = min(float(values.min()), self.minus_two_log_l(best))
        return {"axes": {n: a.tolist() for n, a in zip(names, axes, strict=True)}, "minus_two_log_l": values,
                "delta": values - minimum, "lowest": points[np.unravel_index(np.argmin(values), values.shape)]}

    def sample(self) -> dict:
        """Posterior samples by static nested sampling (dynesty) with the file's priors: equally weighted samples
        (resampled), the evidence ln Z and its error, the number of likelihood calls."""
        import dynesty  # a fit-only dependency, imported where sampling is asked for

        options = {"live_points": 100, "dlogz": 0.5, "seed": 1, **self.definition.sample}
        lows = np.array([self.free[n].to_internal(self.free[n].low) for n in self.names])
        highs = np.array([self.free[n].to_internal(self.free[n].high) for n in self.names])

        def log_likelihood(internal):
            return -0.5 * self.minus_two_log_l({n: self.free[n].to_physical(v)
                                                for n, v in zip(self.names, internal, strict=True)})

        def log_likelihood_many(internal):  # (points, parameters) → (points,)
            return -0.5 * self.minus_two_log_l_many({n: self.free[n].to_physical(internal[:, k])
                                                     for k, n in enumerate(self.names)})

        rng = np.random.default_rng(options["seed"])
        sampler = dynesty.NestedSampler(log_likelihood, lambda u: lows + u * (highs - lows), len(self.names),
                                        nlive=options["live_points"], rstate=rng, pool=_Batches(log_likelihood_many),
                                        queue_size=BATCH, use_pool={"loglikelihood": True, "prior_transform": False,
                                                                    "propose_point": False, "update_bound": False})
        sampler.run_nested(dlogz=options["dlogz"], print_progress=False)
        result = sampler.results
        weights = np.exp(result.logwt - result.logz[-1])
        equal = dynesty.utils.resample_equal(result.samples, weights / weights.sum(), rstate=rng)
        physical = {n: self.free[n].to_physical(equal[:, k]) for k, n in enumerate(self.names)}
        return {"samples": physical, "log_evidence": float(result.logz[-1]),
                "log_evidence_error": float(result.logzerr[-1]), "calls": int(np.sum(result.ncall))}


#: points proposed and evaluated together by the sampler (one vectorised likelihood call)
BATCH = 64


class _Batches:
    """A 'pool' for dynesty whose map evaluates the points dynesty proposes in one vectorised likelihood call when
    it maps its per-point wrapper of the same log-likelihood (dynesty.utils.LogLikelihood); anything else it maps is
    mapped point by point."""

    def __init__(self, function):
        self.function = function

    def map(self, function, points):
        from dynesty.utils import LogLikelihood, LoglOutput

        if not isinstance(function, LogLikelihood):
            return list(map(function, points))
        return [LoglOutput(float(v), False) for v in self.function(np.array(list(points), float))]


def credible_interval(samples: np.ndarray, level: float = 0.68) -> tuple[float, float, float]:
    """(median, low, high) of the central `level` interval of equally weighted samples."""
    low, median, high = np.quantile(samples, [(1 - level) / 2, 0.5, (1 + level) / 2])
    return float(median), float(low), float(high)


def profile_interval(grid: np.ndarray, delta: np.ndarray, cl: float = 0.68) -> list[float]:
    """The grid points of a 1D profile with Δ(−2 ln L) ≤ χ²₁ quantile of cl (the allowed set on the grid)."""
    return [float(g) for g, d in zip(grid, delta, strict=True) if d <= chi2.ppf(cl, 1)]
