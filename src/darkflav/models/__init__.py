"""UV models: immutable classes with match(), side_constraints() and from_mapping() (docs/uv-models.md)."""

from .leptoquark import LEPTOQUARKS, S0, S1, V1, V12, Leptoquark, LeptoquarkEFT, S12Tilde
from .vlq import VectorLikeQuarks
from .zprime import Zprime, ZprimeEFT

MODELS = {**LEPTOQUARKS, "Zprime": Zprime, "VLQ": VectorLikeQuarks}

__all__ = ["MODELS", "Leptoquark", "LeptoquarkEFT", "S0", "S1", "S12Tilde", "V1", "V12", "VectorLikeQuarks",
           "Zprime", "ZprimeEFT"]
