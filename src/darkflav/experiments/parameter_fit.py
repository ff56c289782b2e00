"""Best fit of a few named parameters of one theory point (coefficients, couplings, the mass) against measurements,
the others fixed: what `darkflav fit` runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy.stats import chi2

from ..eft import DarkEFT, InvisibleBoson
from ..eft.dark import basis
from ..errors import DarkflavError, unknown
from ..parameters import Parameters
from ..registry import Theory
from .fits import maximal_mass
from .likelihood import Likelihood


def _rebuilt(theory, values: dict):
    """The theory with the named parameters replaced (real values)."""
    mass = values.get("mass", theory.mass)
    named = {**theory.named_coefficients(), **{k: v for k, v in values.items() if k != "mass"}}
    if isinstance(theory, DarkEFT):
        return DarkEFT(theory.species, mass, named)
    return InvisibleBoson(theory.spin, mass, named, theory.width)


def fit_parameters(theory: Theory, vary: Sequence[str], measurements: str | Iterable[str] = "seeds Belle II",
                   profile: str = "fast", params: Parameters | None = None) -> dict[str, Any]:
    """Minimise −2 ln L over the parameters `vary` of one DarkEFT or InvisibleBoson point (coefficient or coupling
    names such as 'CS_sb', 'gS_sb', and 'mass'), starting from the point's values (iminuit, MIGRAD and HESSE; each
    coefficient is fitted in units of its starting value). Returns the best values and Hesse errors, −2 ln L at
    the best fit and for the SM, Δ(−2 ln L) = best − SM and its p-value by Wilks' theorem with one degree of
    freedom per parameter (the SM as the null hypothesis; the mass counts although it is undefined at zero
    coupling, so the p-value is approximate)."""
    if not isinstance(theory, DarkEFT | InvisibleBoson) or theory.shape != ():
        raise DarkflavError(f"fit varies the parameters of one DarkEFT or InvisibleBoson point, got {theory!r}")
    if not vary or len(set(vary)) != len(vary):
        raise DarkflavError(f"give one or more distinct parameters to vary, got {list(vary)}")
    params = params or Parameters.default()
    current = {k: complex(np.asarray(v)) for k, v in theory.named_coefficients().items()}
    flavours = basis()["flavours"]
    if isinstance(theory, DarkEFT):
        allowed = [f"{op}_{f}" for op in theory.operators() for f in flavours["changing"] + flavours["diagonal"]]
    else:
        allowed = [f"{g}_{f}" for g in (("gS", "gP") if theory.spin == 0 else ("gV", "gA"))
                   for f in flavours["changing"]]
    allowed.append("mass")
    for name in vary:
        if name not in allowed:
            raise unknown(f"parameter of this {type(theory).__name__}", name, allowed)
    scales, start, limits = {}, {}, {}
    for name in vary:
        if name == "mass":
            top = maximal_mass("B+->K+", params) if isinstance(theory, DarkEFT) else float(
                params["m_B+"] - params["m_K+"])
            start[name], limits[name] = float(theory.mass), (0.0, top)
        else:
            if current.get(name, 0) == 0:
                raise DarkflavError(f"{name} starts at zero: give a non-zero starting value in the theory")
            scales[name], start[name] = current[name].real, 1.0

    def factory(**values):
        return _rebuilt(theory, {k: v * scales[k] if k in scales else v for k, v in values.items()})

    likelihood = Likelihood(measurements, params, profile)
    fit = likelihood.best_fit(factory, start, limits)
    sm = float(likelihood.minus_two_log_l(None))
    delta = fit["minus_two_log_l"] - sm
    return {"values": {k: v * scales.get(k, 1.0) for k, v in fit["values"].items()},
            "errors": {k: abs(v * scales.get(k, 1.0)) for k, v in fit["errors"].items()},
            "minus_two_log_l": fit["minus_two_log_l"], "sm_minus_two_log_l": sm, "delta_minus_two_log_l": delta,
            "p_value": float(chi2.sf(max(-delta, 0.0), len(vary))), "valid": fit["valid"],
            "measurements": [m.name for m in likelihood.measurements], "profile": profile}
