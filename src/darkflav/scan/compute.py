"""Evaluate one chunk: build the theory (an effective theory or a UV model) from the parameter arrays, record
observables and −2 ln L."""

from __future__ import annotations

import numpy as np

from ..experiments import Likelihood
from ..parameters import Parameters
from ..registry import low_energy, predict
from ..theories import read_theory, substitute
from .definition import ScanDefinition
from .points import chunk_points


def compute_chunk(definition: ScanDefinition, chunk: int, params: Parameters | None = None) -> dict:
    """Columns of one chunk: 'index', the scan parameters, the observables and '-2lnL <name>'."""
    params = params or Parameters.default()
    index, values = chunk_points(definition, chunk)
    theory = low_energy(read_theory(substitute(definition.theory, values)), params)  # a UV model is matched once
    n = len(index)
    columns = {"index": index, **values}
    for name in definition.observables:
        columns[name] = np.broadcast_to(predict(name, theory, params), (n,)).astype(float)
    for name in definition.likelihoods:
        columns[f"-2lnL {name}"] = np.broadcast_to(Likelihood(name, params).minus_two_log_l(theory),
                                                    (n,)).astype(float)
    return columns
