"""The protocol every coefficient container follows: what the observable registry and the printing code read."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Coefficients(Protocol):
    """A set of effective coefficients (arrays broadcasting to `shape`).

    `sector`: the quark sector they act in ('sb', 'sd', 'db'), or None where they act in several or none; an
    observable of another sector reads the SM instead. `additive`: True where several instances add up (species of
    invisible particles), False where a theory holds one (the SM when absent)."""

    sector: str | None
    additive: ClassVar[bool]
    shape: tuple[int, ...]

    def named_coefficients(self) -> dict[str, np.ndarray]:
        """{readable name: array} of the coefficients given (e.g. 'C_R^tautau', 'CS_sb', 'DeltaF2 sb VLL')."""
        ...
