"""Measurements as data (data/measurements.yaml) and their likelihoods, vectorised."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import norm

from ..collider.atlas_monojet import EXCLUSIVE, signal_deviance
from ..darkmatter import direct_detection
from ..data import package_data
from ..errors import DarkflavError, unknown
from ..parameters import Parameters
from .published_likelihood import published

KINDS = ("gaussian", "asymmetric", "upper_limit", "profile", "mass_curve", "published_likelihood", "relic_density",
         "dd_limit", "lhc_bins")
#: Ω h² is compared within [RELIC_FLOOR, 1/RELIC_FLOOR] (no annihilation: Ω = inf gives a large finite −2 ln L)
RELIC_FLOOR = 1e-30
#: the dark-matter modes of a likelihood: φ is all of the dark matter, or at most all of it (signals rescaled)
DARK_MATTER_MODES = ("all", "at most")
COMPARE = ("value", "np", "ratio")


@dataclass(frozen=True)
class Measurement:
    """One published result and the quantity of a theory it constrains."""

    name: str
    observable: str
    compare: str
    kind: str
    source: str
    status: str
    numbers: dict = field(default_factory=dict)
    acceptance: str | None = None

    def minus_two_log_l(self, x: ArrayLike, mass: float | NDArray[Any] | None = None, profile: str = "fast",
                        params: Parameters | None = None, dark_matter: str = "all") -> NDArray[np.float64]:
        """−2 ln L(x) (up to a constant) of the compared quantity x (array); `mass` (of the invisible
        boson, or of the dark matter for direct detection) for mass-dependent results, which constrain nothing outside
        their mass range. For a published likelihood x is the spectrum per generated-q² bin (trailing axis) and
        `profile` 'fast' or 'full'; for LHC bins, σ × A per region (trailing axis). Numbers given by the name of an
        input (e.g. `limit: p_ann_Planck2018`) are read from `params`; `dark_matter` is the mode of the relic
        density (DARK_MATTER_MODES)."""
        x, n = np.asarray(x, dtype=float), self.numbers
        if self.kind == "published_likelihood":
            return published(n["likelihood"]).minus_two_delta_log_l(spectrum=x, profile=profile)
        if self.kind == "relic_density":
            # log-normal in Ω: the measurement's relative error and the relative theory error ln(1 + f) in quadrature
            # (a Gaussian to O(σ²) near the value, without a cap far from it); 'at most': zero below the value
            value, error = _input(n["value"], params), _input(n["value"], params, "uncertainty")
            log_ratio = np.log(np.clip(x, RELIC_FLOOR, 1 / RELIC_FLOOR) / value)
            pull2 = log_ratio**2 / ((error / value) ** 2 + np.log1p(n["theory_fraction"]) ** 2)
            return pull2 if dark_matter == "all" else np.where(x > value, pull2, 0.0)
        if self.kind == "dd_limit":
            # the published limit σ_lim(m) (90 % CL) as a half-Gaussian at zero, as an upper_limit: Φ⁻¹(cl)² at σ_lim
            limit = direct_detection.limit(n["experiment"], _required_mass(self, mass))
            return np.where(np.isfinite(limit), upper_limit(x, limit, n["cl"]), 0.0)
        if self.kind == "lhc_bins":  # Poisson counts with profiled background, relative to no signal
            return signal_deviance(x, EXCLUSIVE) - signal_deviance(np.zeros(len(EXCLUSIVE)), EXCLUSIVE)
        if self.kind == "mass_curve":
            mass = _required_mass(self, mass)
            grid = np.asarray(n["mass"])
            central, lower, upper = (np.interp(mass, grid, n[k]) for k in ("central", "lower", "upper"))
            sigma = np.where(x > central, upper - central, central - lower)
            value = np.where(central <= 0, upper_limit(x, upper, n["cl"]), ((x - central) / sigma) ** 2)
            return np.where((mass >= grid[0]) & (mass <= grid[-1]), value, 0.0)
        if self.kind == "gaussian":
            return ((x - n["value"]) / n["sigma"]) ** 2
        if self.kind == "asymmetric":
            sigma = np.where(x > n["value"], n["sigma_up"], n["sigma_down"])
            return ((x - n["value"]) / sigma) ** 2
        if self.kind == "upper_limit":
            return upper_limit(x, _input(n["limit"], params), n["cl"])
        mu, curve = np.asarray(n["mu"]), np.asarray(n["minus_two_delta_log_l"])
        m = x / n["normalisation"]
        inside = np.interp(m, mu, curve)
        slope_lo = (curve[1] - curve[0]) / (mu[1] - mu[0])
        slope_hi = (curve[-1] - curve[-2]) / (mu[-1] - mu[-2])
        return np.where(m < mu[0], curve[0] + slope_lo * (m - mu[0]),
                        np.where(m > mu[-1], curve[-1] + slope_hi * (m - mu[-1]), inside))

    def describe(self) -> str:
        n = {k: _input(v, None) if k in ("value", "limit") and isinstance(v, str) else v
             for k, v in self.numbers.items()}
        if self.kind == "gaussian":
            return f"{n['value']:.3g} ± {n['sigma']:.2g}"
        if self.kind == "asymmetric":
            return f"{n['value']:.3g} +{n['sigma_up']:.2g} −{n['sigma_down']:.2g}"
        if self.kind == "upper_limit":
            return f"< {n['limit']:.3g} ({100 * n['cl']:.0f} % CL)"
        if self.kind == "published_likelihood":
            return f"published likelihood (pyhf workspace and q² response of {n['likelihood']})"
        if self.kind == "mass_curve":
            return f"versus m_X in [{n['mass'][0]:.3g}, {n['mass'][-1]:.3g}] GeV"
        if self.kind == "relic_density":
            error = _input(self.numbers["value"], None, "uncertainty")
            return f"{n['value']:.4g} ± {error:.2g} (± {100 * n['theory_fraction']:.0f} % theory)"
        if self.kind == "dd_limit":
            return f"{n['experiment']} limit on σ_n versus m ({100 * n['cl']:.0f} % CL)"
        if self.kind == "lhc_bins":
            return "observed counts of EM0–EM12, background profiled"
        return f"−2ΔlnL curve in μ = x/{n['normalisation']:.3g}"


def upper_limit(x: ArrayLike, limit: ArrayLike, cl: float) -> NDArray[np.float64]:
    """−2 ln L of a quantity x ≥ 0 with a published upper limit at confidence level cl: a half-Gaussian with its
    mode at zero and σ = limit/Φ⁻¹(cl), so Φ⁻¹(cl)² at the limit (1.64 at 90 %, 2.71 at 95 %). Every limit of
    darkflav (branching ratios, limit curves, direct detection, the CMB) uses it."""
    return (np.clip(x, 0.0, None) * norm.ppf(cl) / limit) ** 2


def _input(value, params: Parameters | None, field: str = "value"):
    """A number of a measurement, or the value (or 1σ uncertainty) of the input it names (e.g. 'Omega_DM_h2')."""
    if not isinstance(value, str):
        return value
    params = params or Parameters.default()
    return params[value] if field == "value" else params.entry(value).uncertainty


def _required_mass(m: Measurement, mass):
    if mass is None:
        raise DarkflavError(f"{m.name} depends on the mass of the invisible particle")
    return mass


@cache
def _load() -> dict[str, Measurement]:
    data = package_data(__package__, "measurements.yaml")
    out = {}
    for name, d in data.items():
        if d["kind"] not in KINDS or d["compare"] not in COMPARE:
            raise DarkflavError(f"measurement {name!r}: kind must be one of {KINDS}, "
                                f"compare one of {COMPARE}")
        numbers = {k: v for k, v in d.items()
                   if k not in ("observable", "compare", "kind", "source", "status", "acceptance")}
        out[name] = Measurement(name, d["observable"], d["compare"], d["kind"], " ".join(d["source"].split()),
                                d["status"], numbers, d.get("acceptance"))
    return out


def measurements() -> dict[str, Measurement]:
    """All measurements by name."""
    return dict(_load())


@cache
def presets() -> dict[str, dict]:
    """Named measurement sets (data/presets.yaml)."""
    return package_data(__package__, "presets.yaml")


def get(name: str) -> Measurement:
    if name not in _load():
        raise unknown("measurement", name, list(_load()) + list(presets()))
    return _load()[name]
