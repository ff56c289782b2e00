"""How experiments see a missing-energy spectrum: signal regions and q²-dependent efficiencies.

A measurement quoted as a branching ratio assumes the SM (νν̄) spectrum. For another spectrum the
comparable quantity is the effective branching ratio
    B_eff = ∫ ε(q²) dB/dq² dq² / ⟨ε⟩_SM,   ⟨ε⟩_SM = ∫ ε dB_SM/dq² dq² / B_SM
(as used by HMV arXiv:2209.05223; docs/experiments.md, "Acceptance"). Signal regions are ε = 1 inside, 0
outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..data import package_data
from ..decays.channels import CHANNELS
from ..errors import DarkflavError, finite_array, unknown
from ..parameters import Parameters
from ..registry import Theory, predict
from .measurements import get as get_measurement


@dataclass(frozen=True)
class SignalRegions:
    """Acceptance 1 inside the q² regions, 0 outside (NA62, E949)."""

    name: str
    regions: tuple[tuple[float, float], ...]
    source: str

    def effective(self, observable: str, theory: Theory, params: Parameters) -> NDArray[Any]:
        """B_eff = B(regions)/f_SM(regions) for `BR(<decay> inv)`-type observables."""
        decay = observable[observable.index("(") + 1: observable.rindex(" ")]
        binned = f"<dBR/dq2>({decay} inv)"

        def in_regions(t):
            return sum(predict(binned, t, params, q2min=lo, q2max=hi) * (hi - lo) for lo, hi in self.regions)

        sm_fraction = in_regions(None) / predict(f"BR({decay} inv)", None, params)
        return in_regions(theory) / sm_fraction


@dataclass(frozen=True)
class Efficiency:
    """A tabulated ε(q²) (linear interpolation), e.g. Belle II's official map when available.

    With no table the efficiency is flat and B_eff = B: Belle II has not published a machine-readable
    ε(q²) for the 2023 analysis that could be found here (HEPData ins2725943/ins2947386 were not
    reachable); `Efficiency.from_csv` loads one (columns q² [GeV²], ε)."""

    name: str
    q2: tuple[float, ...] = ()
    epsilon: tuple[float, ...] = ()
    source: str = "flat efficiency (no public machine-readable map available here)"

    @classmethod
    def from_csv(cls, path: str | Path, name: str = "user efficiency") -> Efficiency:
        path = Path(path)
        if not path.exists():
            raise DarkflavError(f"efficiency table {str(path)!r} does not exist")
        data = np.loadtxt(path, delimiter=",", comments="#")
        if data.ndim != 2 or data.shape[1] != 2:
            raise DarkflavError(f"efficiency table {path} must have two columns: q2 [GeV^2], efficiency")
        q2, eps = finite_array("q2", data[:, 0]), finite_array("efficiency", data[:, 1])
        if np.any(np.diff(q2) <= 0) or np.any(eps < 0):
            raise DarkflavError(f"efficiency table {path}: q2 must increase and efficiencies be ≥ 0")
        return cls(name, tuple(q2), tuple(eps), f"table {path}")

    def effective(self, observable: str, theory: Theory, params: Parameters, n_bins: int = 64) -> NDArray[Any]:
        if not self.q2:
            return predict(observable, theory, params)
        decay = observable[observable.index("(") + 1: observable.rindex(" ")]
        edges = np.linspace(0.0, float(np.max(_endpoint(decay, params))), n_bins + 1)
        centres = 0.5 * (edges[1:] + edges[:-1])
        weights = np.interp(centres, self.q2, self.epsilon, left=0.0, right=0.0) * np.diff(edges)

        def folded(t):
            return sum(w * predict(f"<dBR/dq2>({decay} inv)", t, params, q2min=lo, q2max=hi)
                       for w, lo, hi in zip(weights, edges[:-1], edges[1:], strict=True))

        return folded(theory) / (folded(None) / predict(observable, None, params))


def _endpoint(decay, params):
    return CHANNELS[decay].q2_max(params)


@cache
def acceptances() -> dict[str, SignalRegions | Efficiency]:
    """All named acceptance models."""
    data = package_data(__package__, "acceptance.yaml")
    out: dict = {name: SignalRegions(name, tuple(tuple(r) for r in d["regions"]),
                                     " ".join(d["source"].split())) for name, d in data.items() if "regions" in d}
    out.update({name: _from_mass_curve(name, d) for name, d in data.items() if "from_mass_curve" in d})
    out["Belle II 2023 efficiency"] = Efficiency("Belle II 2023 efficiency")
    return out


def _from_mass_curve(name: str, entry: dict) -> Efficiency:
    """ε(q² = m²) = limit(0)/limit(m) from a two-body upper-limit curve (0 beyond its last mass)."""
    curve = get_measurement(entry["from_mass_curve"]).numbers
    mass, limit = np.asarray(curve["mass"]), np.asarray(curve["upper"])
    q2 = np.append(mass**2, mass[-1] ** 2 * (1 + 1e-9))  # the step to zero after the last point
    epsilon = np.append(limit[0] / limit, 0.0)
    return Efficiency(name, tuple(q2), tuple(epsilon), " ".join(entry["source"].split()))


def get(name: str) -> Any:  # SignalRegions | Efficiency: callers know which their name gives
    if name not in acceptances():
        raise unknown("acceptance model", name, acceptances())
    return acceptances()[name]
