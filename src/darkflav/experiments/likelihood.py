"""Likelihoods of measurements for any theory (NeutrinoWET, DarkEFT, or a list of them), vectorised,
with best fits (iminuit) and allowed regions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from iminuit import Minuit
from scipy.stats import chi2

from ..eft import DarkEFT, InvisibleBoson
from ..errors import DarkflavError, finite_array
from ..notebook import breakdown_html
from ..parameters import Parameters
from ..registry import get as get_observable
from ..registry import low_energy, predict
from . import acceptance
from .measurements import DARK_MATTER_MODES, Measurement, _input, get, presets
from .published_likelihood import PROFILES, published


def _expand(names) -> list[Measurement]:
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise DarkflavError("measurements are a preset or measurement name, or a list of names; got "
                            f"{type(names).__name__} {names!r:.60}")
    out: list[Measurement] = []
    for name in names:
        if name in presets():
            out.extend(get(n) for n in presets()[name]["measurements"])
        else:
            out.append(get(name))
    if not out:
        raise DarkflavError("a Likelihood needs at least one measurement or preset")
    return out


def _in_sector(theory, sector: str):
    """The parts of a theory that act in a quark sector: a container of another sector (e.g. b → s coefficients
    for a K → π measurement) contributes only the SM there."""
    parts = theory if isinstance(theory, (list, tuple)) else [theory]
    kept = [t for t in parts if getattr(t, "sector", None) in (None, sector)]
    if len(kept) == len(parts):
        return theory
    return kept or None  # a list stays a list: observables pick their parts from it


def _particle_mass(m: Measurement, theory):
    """The mass a mass-dependent result is read at: the invisible boson's (mass curves) or the dark matter's
    (direct-detection limits: the DarkEFT among the theory's parts)."""
    if m.kind == "mass_curve":
        if not isinstance(theory, InvisibleBoson):
            raise DarkflavError(f"{m.name} constrains a single invisible boson: give an InvisibleBoson")
        return theory.mass
    if m.kind == "dd_limit":
        darks = [t for t in (theory if isinstance(theory, (list, tuple)) else [theory]) if isinstance(t, DarkEFT)]
        if len(darks) != 1:
            raise DarkflavError(f"{m.name} constrains one dark-matter species: give one DarkEFT")
        return darks[0].mass
    return None


def check_cl(cl) -> float:
    cl = float(finite_array("confidence level cl", cl))
    if not 0 < cl < 1:
        raise DarkflavError(f"confidence level cl = {cl} must lie in (0, 1), e.g. 0.68, 0.9, 0.95")
    return cl


@dataclass(frozen=True)
class Breakdown:
    """−2 ln L and pull per measurement (`Likelihood.breakdown`), with their total; an HTML table in a notebook."""

    contributions: dict[str, np.ndarray]
    pulls: dict[str, np.ndarray]

    @property
    def total(self) -> np.ndarray:
        return np.asarray(sum(self.contributions.values()), float)

    def _repr_html_(self) -> str:
        return breakdown_html(self.contributions, self.pulls)  # arrays shown by shape and range


class Likelihood:
    """−2 ln L = Σ_measurements −2 ln L_i(prediction_i(theory)).

    >>> lh = Likelihood("seeds Belle II")
    >>> lh.minus_two_log_l(darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 9e-8}))
    """

    def __init__(self, measurements: str | Iterable[str] = "seeds Belle II",
                 params: Parameters | None = None, profile: str = "fast", dark_matter: str = "all"):
        """dark_matter: 'all' (the invisible scalar is all of the dark matter: the relic density is a Gaussian
        measurement) or 'at most' (Ω ≤ Ω_DM: one-sided, and the direct-detection and CMB signals scale with
        ξ = min(Ω/Ω_DM, 1) and ξ², each measurement's `dark_matter_power`, as micrOMEGAs rescales them)."""
        self.measurements = _expand(measurements)
        self.params = params or Parameters.default()
        if profile not in PROFILES:
            raise DarkflavError(f"profile must be one of {PROFILES} (published likelihoods), got {profile!r}")
        if dark_matter not in DARK_MATTER_MODES:
            raise DarkflavError(f"dark_matter must be one of {DARK_MATTER_MODES}, got {dark_matter!r}")
        self.profile = profile
        self.dark_matter = dark_matter
        self._sm: dict[str, np.ndarray] = {}

    def __repr__(self) -> str:
        return f"Likelihood({[m.name for m in self.measurements]})"

    def _observed(self, m: Measurement, theory):
        """m's observable for the theory; a theory it cannot predict gives a DarkflavError naming the measurement."""
        theory = _in_sector(theory, get_observable(m.observable).sector)
        try:
            if m.kind == "published_likelihood":  # the spectrum per generated-q² bin of the response
                return published(m.numbers["likelihood"]).response.spectrum(theory, self.params)
            if m.acceptance is None:
                return predict(m.observable, theory, self.params)
            return acceptance.get(m.acceptance).effective(m.observable, theory, self.params)
        except DarkflavError as error:
            raise DarkflavError(f"measurement {m.name!r} ({m.observable}) cannot be predicted for this theory: "
                                f"{error}") from error

    def _source(self, m: Measurement, theory, matched):
        """What m's observable reads: the UV model itself where it reads the model (the VLQ monojet signal), else its
        low-energy theories."""
        return theory if isinstance(theory, get_observable(m.observable).reads) else matched

    def prediction(self, m: Measurement, theory, matched=None) -> np.ndarray:
        """The quantity measurement m constrains: the observable, its NP part or its ratio to the SM (for a
        published likelihood the branching ratio summed over its generated-q² bins). `matched`: the theory's
        low-energy theories if already known."""
        matched = low_energy(theory, self.params) if matched is None else matched
        source = self._source(m, theory, matched)
        if m.kind == "published_likelihood":
            return self._observed(m, source).sum(axis=-1)
        value = self._observed(m, source)
        if m.compare == "value":
            return value
        if m.observable not in self._sm:
            self._sm[m.observable] = predict(m.observable, None, self.params)
        sm = self._sm[m.observable]
        return value - sm if m.compare == "np" else value / sm

    def contributions(self, theory) -> dict[str, np.ndarray]:
        """−2 ln L of each measurement (a UV model is matched once)."""
        matched = low_energy(theory, self.params)
        compared = {m.name: self.prediction(m, theory, matched) for m in self.measurements
                    if m.kind != "published_likelihood"}
        fraction: np.ndarray | float = 1.0
        if any(m.numbers.get("dark_matter_power") for m in self.measurements):  # Ω h² once, from the relic term
            omega = next((compared[m.name] for m in self.measurements if m.kind == "relic_density"), None)
            fraction = self.dark_matter_fraction(matched, omega)
        out = {}
        for m in self.measurements:
            if m.kind == "published_likelihood":
                out[m.name] = m.minus_two_log_l(self._observed(m, self._source(m, theory, matched)),
                                                profile=self.profile)
                continue
            x, power = compared[m.name], m.numbers.get("dark_matter_power", 0)
            if power:  # signals of a scalar that is only part of the dark matter ('at most' mode)
                x = x * fraction**power
            out[m.name] = m.minus_two_log_l(x, _particle_mass(m, matched), params=self.params,
                                            dark_matter=self.dark_matter)
        return out

    def pulls(self, theory, contributions: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        """Per measurement ±√(−2 ln L_i) (clipped at zero), signed by prediction − measured central value where the
        measurement has one (Gaussian-like results: the usual (x − μ)/σ), + for limits and likelihood curves."""
        contributions = self.contributions(theory) if contributions is None else contributions
        matched = low_energy(theory, self.params)
        out = {}
        for m in self.measurements:
            size = np.sqrt(np.clip(contributions[m.name], 0.0, None))
            central = m.numbers.get("value")
            if central is None or m.kind in ("published_likelihood", "lhc_bins"):
                out[m.name] = size
                continue
            out[m.name] = np.where(self.prediction(m, theory, matched) < _input(central, self.params), -size, size)
        return out

    def dark_matter_fraction(self, theory, omega=None) -> np.ndarray | float:
        """ξ = min(Ω/Ω_DM, 1) in the 'at most' mode (1 in the 'all' mode): the share of the dark matter the theory's
        scalar makes up, by which direct-detection rates scale (ξ) and annihilation signals (ξ²). `omega`: Ω h² if
        already computed."""
        if self.dark_matter == "all":
            return 1.0
        if omega is None:
            omega = predict("Omega h^2", low_energy(theory, self.params), self.params)
        return np.minimum(omega / self.params["Omega_DM_h2"], 1.0)

    def plane(self, direction: DarkEFT, masses, scales) -> dict[str, np.ndarray]:
        """−2 ln L of each measurement on the (mass, scale) plane of a DarkEFT whose coefficients are `scales` times
        those of `direction` (its mass is ignored): arrays (masses, scales), one vectorised evaluation."""
        masses, scales = np.asarray(masses, float), np.asarray(scales, float)
        theory = DarkEFT(direction.species, masses[:, None],
                         {k: np.asarray(v) * scales[None, :] for k, v in direction.named_coefficients().items()})
        return {k: np.broadcast_to(v, (masses.size, scales.size)) for k, v in self.contributions(theory).items()}

    def breakdown(self, theory) -> Breakdown:
        """Each measurement's −2 ln L and pull for the theory (shown as a table in a notebook)."""
        contributions = self.contributions(theory)
        return Breakdown(contributions, self.pulls(theory, contributions))

    def minus_two_log_l(self, theory) -> np.ndarray:
        """Σ −2 ln L over the measurements, with the theory's array shape."""
        return np.asarray(sum(self.contributions(theory).values()), float)

    def best_fit(self, factory: Callable[..., object], start: Mapping[str, float],
                 limits: Mapping[str, tuple[float, float]] | None = None) -> dict:
        """Minimise −2 ln L(factory(**parameters)) with iminuit (MIGRAD, then HESSE).

        Returns {'values', 'errors', 'minus_two_log_l', 'valid'}."""
        names = list(start)

        def cost(*values):
            return float(self.minus_two_log_l(factory(**dict(zip(names, values, strict=True)))))

        minuit = Minuit(cost, *start.values(), name=names)
        minuit.errordef = Minuit.LEAST_SQUARES
        for name, bounds in (limits or {}).items():
            minuit.limits[name] = bounds
        minuit.migrad()
        minuit.hesse()
        return {"values": dict(minuit.values.to_dict()), "errors": dict(minuit.errors.to_dict()),
                "minus_two_log_l": float(minuit.fval), "valid": bool(minuit.valid)}

    def allowed_region(self, factory: Callable[[np.ndarray, np.ndarray], object], masses, couplings,
                       cl: float = 0.68, reference: str = "profile") -> np.ndarray:
        """Boolean mask (masses × couplings) of the points allowed at confidence level cl.

        Δχ² = −2 ln L − min, with the minimum over couplings at each mass ('profile', one degree
        of freedom: a band of couplings per mass) or over the whole grid ('global').
        `factory(masses[:, None], couplings[None, :])` returns a theory broadcasting to (masses, couplings)."""
        cl = check_cl(cl)
        if reference not in ("profile", "global"):
            raise DarkflavError(f"reference must be 'profile' or 'global', got {reference!r}")
        masses, couplings = np.asarray(masses, float), np.asarray(couplings, float)
        # broadcastable grids: mass-dependent kernels are computed once per mass
        values = np.broadcast_to(self.minus_two_log_l(factory(masses[:, None], couplings[None, :])),
                                 (masses.size, couplings.size))
        minimum = values.min(axis=1, keepdims=True) if reference == "profile" else values.min()
        return values - minimum <= chi2.ppf(cl, 1)
