"""Errors a physicist understands, and the input checks that raise them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray


class DarkflavError(ValueError):
    """Invalid input to darkflav: the message names the quantity and what is allowed."""


class UnphysicalWarning(UserWarning):
    """A result outside its physical range (a branching ratio above 1): the inputs are beyond the validity of the
    effective theory."""


def suggest(name: str, allowed: Iterable[str]) -> str:
    """' Did you mean …?' for the closest allowed names, or ''."""
    close = difflib.get_close_matches(name, list(allowed), n=3, cutoff=0.5)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def unknown(kind: str, name: str, allowed: Iterable[str]) -> DarkflavError:
    """Error for a name that is not among the allowed ones, with a suggestion."""
    allowed = sorted(allowed)
    listing = ", ".join(allowed) if len(allowed) <= 30 else f"{len(allowed)} names, see the docs"
    return DarkflavError(f"unknown {kind} {name!r}.{suggest(name, allowed)} Allowed: {listing}.")


def finite_array(name: str, value: ArrayLike, dtype: DTypeLike = float) -> NDArray[Any]:
    """`value` as an array of `dtype`, or DarkflavError if it is not numeric and finite."""
    if dtype is float and np.iscomplexobj(value):
        raise DarkflavError(f"{name} must be real, got the complex {value!r}")
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise DarkflavError(f"{name} must be numeric, got {value!r}") from exc
    if not np.isfinite(arr).all():
        raise DarkflavError(f"{name} must be finite (no NaN or inf), got {value!r}")
    return arr


#: the largest |coefficient| or |coupling| accepted: rates are quadratic in the coefficients, and (10¹⁰⁰)² times
#: any kernel stays a finite double
MAX_COEFFICIENT = 1e100


#: the most random or Monte Carlo points one call draws: the collider regions hold 26 × 7 doubles per point
#: (1.5 GB at 10⁶)
MAX_POINTS = 10**6


def coefficient_array(name: str, value: ArrayLike) -> NDArray[np.complex128]:
    """A finite complex array with |value| ≤ MAX_COEFFICIENT, else DarkflavError naming the bound."""
    arr = finite_array(name, value, complex)
    if arr.size and np.abs(arr).max() > MAX_COEFFICIENT:
        raise DarkflavError(f"{name} = {value!r} is outside the accepted |value| ≤ {MAX_COEFFICIENT:g} (rates are "
                            "quadratic in it and would overflow)")
    return arr


def whole_number(name: str, value: object, low: int, high: float) -> int:
    """`value` as an int if it is a whole number (not a bool) in [low, high], else DarkflavError naming the range:
    sample counts, Monte Carlo points, grid sizes."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise DarkflavError(f"{name} must be a whole number in [{low:g}, {high:g}], got {value!r}")
    return int(value)


#: random seeds are whole numbers in [0, MAX_SEED] (numpy's SeedSequence takes any non-negative integer)
MAX_SEED = 2**63 - 1


def in_range(name: str, value: ArrayLike, low: float, high: float, unit: str = "") -> NDArray[np.float64]:
    """Finite array within [low, high], else DarkflavError naming the range."""
    arr = finite_array(name, value)
    if arr.size and (arr.min() < low or arr.max() > high):
        u = f" {unit}" if unit else ""
        raise DarkflavError(
            f"{name} = {value} is outside the allowed range [{low:.6g}, {high:.6g}]{u}"
        )
    return arr
