"""Flavour-indexed coefficient arrays, given as arrays or as named entries ({"tautau": -15, "mutau": 2})."""

from __future__ import annotations

from collections.abc import Mapping
from types import EllipsisType

import numpy as np

from ..arrays import ComplexArray, NamedOrArray
from ..errors import DarkflavError, coefficient_array, unknown


def flavour_array(name: str, value: NamedOrArray, keys: Mapping[str, tuple[int, ...]], shape: tuple[int, ...],
                  what: str, entry: str = "flavour pair") -> ComplexArray:
    """A complex array (..., *shape): `value` itself (checked for its trailing shape), or a mapping of names in
    `keys` (name → index tuple) to numbers or arrays, missing entries zero, the entries broadcast over the leading
    axes (a scan). `what` describes the indices and `entry` a name, for the error messages."""
    if isinstance(value, Mapping):
        entries: dict[tuple[int, ...], ComplexArray] = {}
        for key, v in value.items():
            if key not in keys:
                raise unknown(f"{entry} in {name}", key, keys)
            entries[keys[key]] = coefficient_array(f"{name}[{key!r}]", v)
        out: ComplexArray = np.zeros(np.broadcast_shapes(*(e.shape for e in entries.values())) + shape, dtype=complex)
        for index, v in entries.items():
            where: tuple[EllipsisType | int, ...] = (..., *index)
            out[where] = v
        return out
    out = coefficient_array(name, value)
    if out.ndim < len(shape) or out.shape[-len(shape):] != shape:
        raise DarkflavError(f"{name} must have shape (..., {', '.join(map(str, shape))}) — {what} — or be a dict "
                            f"of named entries like {{{next(iter(keys))!r}: 1.0}}; got shape {out.shape}")
    return out
