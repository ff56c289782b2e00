"""The decays with missing energy, by name: which rate module computes each, its charge state, its νν̄
observable and the CP projection of K_L → π⁰ (k_to_pi module docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np
from numpy.typing import NDArray

from ..parameters import Parameters
from . import b_to_k, b_to_kstar, bs_to_phi, k_to_pi


@dataclass(frozen=True)
class Channel:
    """P → M + invisible: `module` (b_to_k, b_to_kstar, bs_to_phi, k_to_pi) in charge state `mode`."""

    module: ModuleType
    mode: str
    nunu: str  # the name of its νν̄ observable
    project: object = None  # CP projection of the coefficients (K_L), or None

    @property
    def flavour(self) -> str:
        return self.module.FLAVOUR

    def q2_max(self, params: Parameters) -> NDArray[np.float64]:
        return self.module.q2_max(params, self.mode)

    def tau_over_hbar(self, params: Parameters) -> NDArray[np.float64]:
        """Lifetime of the decaying meson over ħ (GeV⁻¹ / (GeV s) → width to branching ratio)."""
        return np.asarray(params[self.module.MODES[self.mode][2]]) / params["hbar"]


CHANNELS = {
    "B+->K+": Channel(b_to_k, "B+", "B+->K+ nu nu"),
    "B0->K0": Channel(b_to_k, "B0", "B0->K0 nu nu"),
    "B+->K*+": Channel(b_to_kstar, "B+", "B+->K*+ nu nu"),
    "B0->K*0": Channel(b_to_kstar, "B0", "B0->K*0 nu nu"),
    "K+->pi+": Channel(k_to_pi, "K+", "K+->pi+ nu nu"),
    "KL->pi0": Channel(k_to_pi, "KL", "KL->pi0 nu nu", k_to_pi.cp_projection),
    "Bs->phi": Channel(bs_to_phi, "Bs", "Bs->phi nu nu"),
}
