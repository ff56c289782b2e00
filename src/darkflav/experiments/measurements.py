"""Measurements as data (data/measurements.yaml) and their likelihoods, vectorised."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
from scipy.stats import norm

from ..data import package_data
from ..errors import DarkflavError, unknown
from .published_likelihood import published

KINDS = ("gaussian", "asymmetric", "upper_limit", "profile", "mass_curve", "published_likelihood")
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

    def minus_two_log_l(self, x, mass=None, profile: str = "fast") -> np.ndarray:
        """−2 ln L(x) (up to a constant) of the compared quantity x (array); `mass` (of the invisible
        boson) for mass-dependent results, which constrain nothing outside their mass range. For a published
        likelihood x is the spectrum per generated-q² bin (trailing axis) and `profile` 'fast' or 'full'."""
        x, n = np.asarray(x, dtype=float), self.numbers
        if self.kind == "published_likelihood":
            return published(n["likelihood"]).minus_two_delta_log_l(spectrum=x, profile=profile)
        if self.kind == "mass_curve":
            if mass is None:
                raise DarkflavError(f"{self.name} depends on the mass of the invisible boson")
            grid = np.asarray(n["mass"])
            central, lower, upper = (np.interp(mass, grid, n[k]) for k in ("central", "lower", "upper"))
            limit = central <= 0
            sigma = np.where(limit, upper / norm.ppf(n["cl"]),
                             np.where(x > central, upper - central, central - lower))
            value = np.where(limit, (np.clip(x, 0.0, None) / sigma) ** 2, ((x - central) / sigma) ** 2)
            return np.where((mass >= grid[0]) & (mass <= grid[-1]), value, 0.0)
        if self.kind == "gaussian":
            return ((x - n["value"]) / n["sigma"]) ** 2
        if self.kind == "asymmetric":
            sigma = np.where(x > n["value"], n["sigma_up"], n["sigma_down"])
            return ((x - n["value"]) / sigma) ** 2
        if self.kind == "upper_limit":
            sigma = n["limit"] / norm.ppf(n["cl"])  # one-sided Gaussian with its mode at zero
            return (np.clip(x, 0.0, None) / sigma) ** 2
        mu, curve = np.asarray(n["mu"]), np.asarray(n["minus_two_delta_log_l"])
        m = x / n["normalisation"]
        inside = np.interp(m, mu, curve)
        slope_lo = (curve[1] - curve[0]) / (mu[1] - mu[0])
        slope_hi = (curve[-1] - curve[-2]) / (mu[-1] - mu[-2])
        return np.where(m < mu[0], curve[0] + slope_lo * (m - mu[0]),
                        np.where(m > mu[-1], curve[-1] + slope_hi * (m - mu[-1]), inside))

    def describe(self) -> str:
        n = self.numbers
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
        return f"−2ΔlnL curve in μ = x/{n['normalisation']:.3g}"


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
