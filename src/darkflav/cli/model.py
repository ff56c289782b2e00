"""`darkflav model`: match a UV model and print its low-energy coefficients and side constraints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from ..data import parse_yaml
from ..errors import DarkflavError
from ..models import MODELS, low_energy_coefficients
from ..theories import describe, model_name, read_theory
from .common import console, table, user_errors


def _model_parameters(assignments: list[str]) -> dict:
    """['mass=1500', 'couplings.btau=0.8', 'y_q=[0, 1, 0.2]'] → nested dict (values read as YAML)."""
    out: dict = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise DarkflavError(f"--set expects KEY=VALUE (dots for nested keys, e.g. couplings.btau=0.8), "
                                f"got {item!r}")
        *path, last = key.split(".")
        target = out
        for k in path:
            target = target.setdefault(k, {})
            if not isinstance(target, dict):
                raise DarkflavError(f"--set {item!r}: {k!r} is already set to a value, not a mapping")
        target[last] = parse_yaml(value, f"--set {item!r}: the value")
    return out


def model_command(
    name: Annotated[str | None, typer.Argument(help="Model name ('S1/2~', 'Zprime', 'VLQ', …) or --file.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="KEY=VALUE parameter (repeatable).")] = None,
    file: Annotated[Path | None, typer.Option(help="YAML file {model: NAME, <parameters>}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Match a UV model (leptoquarks, Z′, vector-like quarks) and print its low-energy coefficients and the
    predictions of its side constraints."""
    with user_errors():
        parameters = _model_parameters(set_ or [])
        if file is not None:
            model = read_theory(file, "model file", parameters=parameters)
        elif name is None:
            raise DarkflavError(f"give a model name ({', '.join(MODELS)}) or --file")
        else:
            model = read_theory({"model": name}, parameters=parameters)
        name = model_name(model)
        if name is None:
            raise DarkflavError(f"darkflav model takes a UV model {{model: NAME, …}} ({', '.join(MODELS)}); "
                                f"{str(file)!r} holds {describe(model)}")
        # every part the model matches onto (νν̄, charged leptons, dipoles, ΔF = 2, dark pairs, …), one point
        coefficients = {k: complex(np.ravel(v)[0]) for k, v in low_energy_coefficients(model).items()}
        constraints = {k: float(np.ravel(v)[0]) for k, v in model.side_constraints().items()}
    if as_json:
        typer.echo(json.dumps({"model": name,
                               "coefficients": {k: [v.real, v.imag] for k, v in coefficients.items()},
                               "side_constraints": constraints}))
        return
    console.print(table(f"{name}: low-energy coefficients (darkflav normalisation)",
                        ["coefficient", "value"], [[k, f"{v:.4g}"] for k, v in coefficients.items()]))
    console.print(table("side constraints", ["observable", "prediction"],
                        [[k, f"{v:.4g}"] for k, v in constraints.items()]))
