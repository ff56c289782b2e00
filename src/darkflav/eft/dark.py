"""Effective theory of a pair of light invisible particles X coupled to quark bilinears.

    L = ½ Σ_ij C^{ij} (d̄_i Γ_q d_j) D + …,   C^{ji} = C^{ij*}

for every operator of data/dark_operators.yaml (quark bilinear Γ_q ∈ {1, iγ₅, γ^μ, γ^μγ₅} times a
hermitian dark bilinear D of the chosen species). For the real scalar this is the normalisation of
He, Ma, Schmidt, Valencia, Venugopal, JHEP 07 (2024) 168 (arXiv:2403.12485), ½ C^{S,P}_{dφ} φ².
Conversions to the other normalisations of the literature are in `darkflav.eft.conventions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from ..errors import DarkflavError, finite_array, unknown


@cache
def basis() -> dict:
    """The operator basis (species, operators, flavours) from data/dark_operators.yaml."""
    with open(Path(__file__).parent / "data" / "dark_operators.yaml") as stream:
        return yaml.safe_load(stream)


SPECIES = tuple(basis()["species"])


class DarkEFT:
    """An invisible species with its mass and operator coefficients (arrays broadcast).

    >>> DarkEFT(species="real scalar", mass=1.0, coefficients={"CS_sb": 5e-8})
    >>> DarkEFT("Dirac fermion", mass=np.linspace(0, 2, 100), coefficients={"CVV_sb": 1e-7})

    Coefficient names are operator_flavour, e.g. "CS_sb", "CVA_sd", "CS_ss"; units GeV^(4−d) for
    an operator of mass dimension d (GeV⁻¹ for CS of a real scalar, GeV⁻² for fermion operators).
    """

    def __init__(self, species: str, mass, coefficients: Mapping[str, object]):
        if species not in SPECIES:
            raise unknown("invisible species", species, SPECIES)
        self.species = species
        self.mass = finite_array("mass", mass)
        if np.any(self.mass < 0):
            raise DarkflavError(f"mass = {mass} GeV must be ≥ 0")
        spec = basis()["species"][species]
        flavours = basis()["flavours"]
        self._c: dict[str, dict[str, np.ndarray]] = {}
        for key, value in coefficients.items():
            operator, _, flavour = key.partition("_")
            if operator in spec["vanishing"]:
                raise DarkflavError(f"operator {operator} is not allowed for a {species}: "
                                    f"{spec['vanishing'][operator]}. Allowed: {', '.join(spec['operators'])}")
            if operator not in spec["operators"]:
                raise unknown(f"operator for a {species}", operator, spec["operators"])
            if flavour[::-1] in flavours["changing"]:
                raise DarkflavError(f"write {key!r} as '{operator}_{flavour[::-1]}' with the complex "
                                    f"conjugate value (C^{{ji}} = C^{{ij}}*)")
            if flavour not in flavours["changing"] + flavours["diagonal"]:
                raise unknown("quark-flavour pair", flavour, flavours["changing"] + flavours["diagonal"])
            arr = finite_array(f"coefficient {key}", value, complex)
            if flavour in flavours["diagonal"] and np.any(arr.imag != 0):
                raise DarkflavError(f"coefficient {key} is flavour diagonal and must be real "
                                    f"(C^{{ii}} = C^{{ii}}*), got {value}")
            self._c.setdefault(flavour, {})[operator] = arr
        try:
            self.shape = np.broadcast_shapes(self.mass.shape,
                                             *(a.shape for d in self._c.values() for a in d.values()))
        except ValueError:
            raise DarkflavError("mass and coefficient arrays do not broadcast together") from None

    def __repr__(self) -> str:
        names = [f"{op}_{fl}" for fl, d in self._c.items() for op in d]
        return f"DarkEFT({self.species!r}, shape={self.shape}, coefficients={names})"

    @property
    def spin(self) -> float:
        return basis()["species"][self.species]["spin"]

    def coefficients(self, flavour: str) -> dict[str, np.ndarray]:
        """{operator: coefficient array} for a quark-flavour pair such as 'sb' (empty if none)."""
        return dict(self._c.get(flavour, {}))

    def operators(self) -> dict[str, tuple[str, str]]:
        """{operator: (quark bilinear, dark bilinear)} of this species."""
        return {k: tuple(v) for k, v in basis()["species"][self.species]["operators"].items()}
