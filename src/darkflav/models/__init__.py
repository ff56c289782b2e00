"""UV models: immutable classes with match(), side_constraints() and from_mapping() (docs/uv-models.md)."""

import importlib
import pkgutil

import numpy as np

from ..errors import DarkflavError
from ..registry import low_energy
from .leptoquark import S0, S1, V1, V12, Leptoquark, LeptoquarkEFT, S12Tilde
from .vlq import VectorLikeQuarks
from .zprime import Zprime, ZprimeEFT

#: every UV model by name: the MODELS of each module of this package, so that a new model is its module (and its
#: data) and nothing else (docs/architecture.md)
MODELS = {name: cls for module in pkgutil.iter_modules(__path__)
          for name, cls in importlib.import_module(f"{__name__}.{module.name}").MODELS.items()}

__all__ = ["MODELS", "low_energy_coefficients", "Leptoquark", "LeptoquarkEFT", "S0", "S1",
           "S12Tilde", "V1", "V12", "VectorLikeQuarks",
           "Zprime", "ZprimeEFT"]


def low_energy_coefficients(model, params=None) -> dict[str, complex]:
    """The non-zero coefficients of the theories a single model point matches onto, by readable name
    ('C_R^tautau', 'C9_prime^mutau', 'C_VL^tau', 'DeltaF2 sb VLL', 'CS_sb', 'C7'): each container's
    `named_coefficients` (eft/protocol.py)."""
    if np.shape(getattr(model, "shape", ())) and np.prod(model.shape) != 1:
        raise DarkflavError(f"low_energy_coefficients needs a single model point; this one has shape {model.shape}")
    parts = low_energy(model, params)
    out = {name: complex(np.ravel(value)[0]) for part in (parts if isinstance(parts, list | tuple) else [parts])
           for name, value in part.named_coefficients().items()}
    return {k: v for k, v in out.items() if v != 0}
