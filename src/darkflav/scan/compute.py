"""Evaluate one chunk: build the theory (an effective theory or a UV model) from the parameter arrays, record
observables and −2 ln L."""

from __future__ import annotations

import numpy as np

from ..eft import DarkEFT, NeutrinoWET
from ..experiments import Likelihood
from ..models import MODELS
from ..parameters import Parameters
from ..registry import low_energy, predict
from .definition import ScanDefinition, substitute
from .points import chunk_points


def build_theory(theory: dict, values: dict[str, np.ndarray]):
    """The theory of the scan file with scan-parameter names replaced by their arrays."""

    def value(v):
        return values[v] if isinstance(v, str) else v

    if theory["type"] == "model":
        return MODELS[theory["model"]].from_mapping(substitute(theory["parameters"], values))
    if theory["type"] == "DarkEFT":
        return DarkEFT(theory["species"], value(theory["mass"]),
                       {k: value(v) for k, v in theory["coefficients"].items()})
    fields = {k: v for k, v in theory.items() if k not in ("type", "sector")}
    return NeutrinoWET(**{f: {p: value(v) for p, v in pairs.items()} for f, pairs in fields.items()},
                       sector=theory.get("sector", "sb"))


def compute_chunk(definition: ScanDefinition, chunk: int, params: Parameters | None = None) -> dict:
    """Columns of one chunk: 'index', the scan parameters, the observables and '-2lnL <name>'."""
    params = params or Parameters.default()
    index, values = chunk_points(definition, chunk)
    theory = low_energy(build_theory(definition.theory, values), params)  # a UV model is matched once
    n = len(index)
    columns = {"index": index, **values}
    for name in definition.observables:
        columns[name] = np.broadcast_to(predict(name, theory, params), (n,)).astype(float)
    for name in definition.likelihoods:
        columns[f"-2lnL {name}"] = np.broadcast_to(Likelihood(name, params).minus_two_log_l(theory),
                                                    (n,)).astype(float)
    return columns
