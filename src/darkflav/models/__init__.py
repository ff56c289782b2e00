"""UV models: immutable classes with match(), side_constraints() and from_mapping() (docs/uv-models.md)."""

import numpy as np

from ..errors import DarkflavError
from .leptoquark import LEPTOQUARKS, S0, S1, V1, V12, Leptoquark, LeptoquarkEFT, S12Tilde
from .vlq import VectorLikeQuarks
from .zprime import Zprime, ZprimeEFT

MODELS = {**LEPTOQUARKS, "Zprime": Zprime, "VLQ": VectorLikeQuarks}

__all__ = ["MODELS", "low_energy_coefficients", "Leptoquark", "LeptoquarkEFT", "S0", "S1",
           "S12Tilde", "V1", "V12", "VectorLikeQuarks",
           "Zprime", "ZprimeEFT"]


def low_energy_coefficients(model, params=None) -> dict[str, complex]:
    """The non-zero coefficients of the theories a single model point matches onto, by readable name
    ('C_R^tautau', 'C9_prime^mutau', 'C_VL^tau', 'DeltaF2 sb VLL', 'CS_sb')."""
    from ..decays.meson_mixing import DeltaF2
    from ..eft import ChargedLeptonWET, DarkEFT, NeutrinoWET
    from ..eft.charged_lepton import BC_FIELDS
    from ..eft.charged_lepton import FIELDS as CHARGED_FIELDS
    from ..eft.neutrino import FIELDS, FLAVOURS, PAIRS
    from ..observables import low_energy

    if np.shape(getattr(model, "shape", ())) and np.prod(model.shape) != 1:
        raise DarkflavError(f"low_energy_coefficients needs a single model point; this one has shape {model.shape}")
    parts = low_energy(model, params)
    out: dict[str, complex] = {}
    for part in parts if isinstance(parts, list | tuple) else [parts]:
        if isinstance(part, NeutrinoWET | ChargedLeptonWET):
            fields = FIELDS if isinstance(part, NeutrinoWET) else CHARGED_FIELDS
            for field in fields:
                c = part.coefficient(field)
                if c is None:
                    continue
                if field in BC_FIELDS and isinstance(part, ChargedLeptonWET):
                    out.update({f"{field}^{f}": complex(np.ravel(c[..., k])[0]) for k, f in enumerate(FLAVOURS)})
                else:
                    out.update({f"{field}^{pair}": complex(np.ravel(c[..., i, j])[0])
                                for pair, (i, j) in PAIRS.items()})
        elif isinstance(part, DeltaF2):
            out.update({f"DeltaF2 {part.sector} {k}": complex(np.ravel(v)[0]) for k, v in part.coefficients.items()})
        elif isinstance(part, DarkEFT):
            out.update({k: complex(np.ravel(v)[0]) for k, v in part.as_dict().items()})
    return {k: v for k, v in out.items() if v != 0}
