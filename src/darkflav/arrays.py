"""Type aliases of the numbers and arrays darkflav passes around (annotations only; mypy checks them, `py.typed`).

Inputs that any array-like may be (lists, numbers, arrays) are `ArrayLike`; the vectorised rates take `Real` (a
number or a float array: their arithmetic works on both) and return float or complex arrays."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: an array of floats
RealArray: TypeAlias = NDArray[np.float64]
#: an array of complex numbers (coefficients, couplings)
ComplexArray: TypeAlias = NDArray[np.complex128]
#: a number or an array of numbers, which broadcast: the arguments of the vectorised rates
Real: TypeAlias = float | NDArray[Any]
#: a complex number or an array (of complex or real numbers): coefficients as the rates take them
Complex: TypeAlias = complex | NDArray[Any]

#: coefficients as the containers take them: an array (..., *shape), or named entries {"tautau": -15.4}
NamedOrArray: TypeAlias = ArrayLike | Mapping[str, ArrayLike]

__all__ = ["ArrayLike", "Complex", "ComplexArray", "NDArray", "NamedOrArray", "Real", "RealArray"]
