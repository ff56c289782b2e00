"""b → s dipole coefficients C₇, C₇′, C₈, C₈′: the container read by B → X_sγ (decays/b_to_s_gamma.py has the
normalisation: Misiak et al., arXiv:1503.01789, and flavio/WCxf)."""

from __future__ import annotations

import numpy as np

from ..arrays import ArrayLike
from ..errors import finite_array
from ..notebook import TableRepr


class DipoleWET(TableRepr):
    """New-physics b → s dipole coefficients C₇, C₇′, C₈, C₈′ (flavio/WCxf normalisation, arrays broadcast) at
    `scale` (GeV, ≥ 160; one scale for all points of a scan)."""

    sector = "sb"
    additive = False

    def __init__(self, C7: ArrayLike = 0.0, C7p: ArrayLike = 0.0, C8: ArrayLike = 0.0, C8p: ArrayLike = 0.0,  # noqa: N803
                 scale: float = 160.0) -> None:  # (flavio names)
        self.C7, self.C7p, self.C8, self.C8p = (finite_array(n, v, complex) for n, v in
                                                (("C7", C7), ("C7p", C7p), ("C8", C8), ("C8p", C8p)))
        self.scale = float(finite_array("dipole scale", scale))
        self.shape = np.broadcast_shapes(*(c.shape for c in (self.C7, self.C7p, self.C8, self.C8p)))

    def __repr__(self) -> str:
        return f"DipoleWET(shape={self.shape}, scale={self.scale})"

    def named_coefficients(self) -> dict[str, np.ndarray]:
        return {"C7": self.C7, "C7p": self.C7p, "C8": self.C8, "C8p": self.C8p}
