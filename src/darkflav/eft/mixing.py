"""ΔF = 2 coefficients: the container read by the meson-mixing observables (decays/meson_mixing.py has the basis
and the physics: Buras, Misiak, Urban, hep-ph/0005183, eqs. 2.1–2.4)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..arrays import ArrayLike
from ..errors import unknown
from ..notebook import TableRepr

#: the operators Q_k of H_eff = Σ C_k Q_k (decays/meson_mixing.py)
OPERATORS = ("VLL", "VRR", "LR1", "LR2", "SLL1", "SLL2", "SRR1", "SRR2")
#: the neutral meson of each sector
MESON_OF = {"sb": "Bs", "db": "B0", "sd": "K0"}


class DeltaF2(TableRepr):
    """New-physics ΔF = 2 coefficients of one sector ('sb', 'db', 'sd') at a scale (GeV), H_eff = Σ C_k Q_k.

    >>> DeltaF2("sb", {"VLL": 1e-12}, scale=1000.0)
    """

    additive = False

    def __init__(self, sector: str, coefficients: Mapping[str, ArrayLike] | None = None,
                 scale: float = 160.0) -> None:
        if sector not in MESON_OF:
            raise unknown("ΔF = 2 sector", sector, MESON_OF)
        self.sector, self.scale = sector, float(scale)
        self.coefficients = dict(coefficients or {})
        extra = set(self.coefficients) - set(OPERATORS)
        if extra:
            raise unknown("ΔF = 2 operator", sorted(extra)[0], OPERATORS)
        self.shape = np.broadcast_shapes(*(np.shape(v) for v in self.coefficients.values()))

    def __repr__(self) -> str:
        return f"DeltaF2({self.sector!r}, {sorted(self.coefficients)}, scale={self.scale})"

    def named_coefficients(self) -> dict[str, np.ndarray]:
        return {f"DeltaF2 {self.sector} {k}": np.asarray(v) for k, v in self.coefficients.items()}
