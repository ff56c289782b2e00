"""B_s → φ form factors: GRvDV 2023 BSZ fit (arXiv:2305.06301), data/bs_to_phi_grvdv2023.yaml."""

from __future__ import annotations

from ..arrays import ArrayLike, RealArray
from ..parameters import Parameters
from .b_to_kstar import vector_form_factors

FIT = "bs_to_phi_grvdv2023.yaml"


def form_factors(q2: ArrayLike, params: Parameters) -> dict[str, RealArray]:
    """{'V', 'A0', 'A1', 'A12', 'A2', 'T1', 'T2', 'T23', 'T3'} at q² (trailing axis)."""
    return vector_form_factors(q2, params, FIT)
