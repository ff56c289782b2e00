"""Heavy colour-triplet quarks with v-dependent masses: the container read by the κ_g, κ_γ observables
(decays/higgs.py has the low-energy theorem: Ellis, Gaillard, Nanopoulos, NPB 106 (1976) 292)."""

from __future__ import annotations

import numpy as np

from ..arrays import ArrayLike
from ..errors import finite_array
from ..notebook import TableRepr

CHARGE_UP, CHARGE_DOWN = 2 / 3, -1 / 3


class HeavyQuarks(TableRepr):
    """Heavy colour-triplet fermions of one electric charge whose masses depend on v: δ = ∂ln|det ℳ|/∂ln v (array;
    0 for the SM). Read by the κ_g and κ_γ observables."""

    sector = None
    additive = False

    def __init__(self, delta: ArrayLike = 0.0, charge: float = CHARGE_DOWN) -> None:
        self.delta, self.charge = finite_array("delta", delta), float(charge)
        self.shape = self.delta.shape

    def __repr__(self) -> str:
        return f"HeavyQuarks(shape={self.shape}, charge={self.charge:.3g})"

    def named_coefficients(self) -> dict[str, np.ndarray]:
        return {"delta (h couplings)": self.delta}
