"""`darkflav fit`: the best fit of one or two coefficients (and the mass) of a theory point against measurements."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.text import Text

from ..errors import DarkflavError
from ..experiments.parameter_fit import fit_parameters
from ..theories import read_theory
from .common import DEFAULT_PRESET, console, table, user_errors


def fit_command(
    theory: Annotated[str, typer.Option(help="YAML file of one DarkEFT or InvisibleBoson point: the start values "
                                             "and the fixed parameters.")],
    vary: Annotated[list[str], typer.Option(help="A parameter to fit: a coefficient or coupling name such as "
                                                 "CS_sb or gS_sb, or 'mass' (repeat the option for more).")],
    preset: Annotated[str | None, typer.Option(help=f"Preset of measurements (default: {DEFAULT_PRESET!r}).")] = None,
    measurement: Annotated[list[str] | None, typer.Option(help="A measurement (repeat for more), e.g. "
                                                               "'Belle II 2023 B+->K+nunu (published likelihood)'.")
                           ] = None,
    profile: Annotated[str, typer.Option(help="Nuisance parameters of a published likelihood: 'fast' "
                                              "(linearised, vectorised) or 'full' (pyhf fits).")] = "fast",
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Best-fit values and Hesse errors, −2 ln L against the SM and the p-value of the improvement."""
    with user_errors():
        if preset and measurement:
            raise DarkflavError("give either --preset or --measurement, not both")
        names = list(measurement) if measurement else [DEFAULT_PRESET if preset is None else preset]
        result = fit_parameters(read_theory(theory), vary, names, profile)
    if as_json:
        typer.echo(json.dumps({"theory_file": theory, **result}))
        return
    rows = [[name, f"{value:.5g}", f"{result['errors'][name]:.2g}"] for name, value in result["values"].items()]
    console.print(table(f"darkflav fit: {theory} against {', '.join(names)} ({profile} profile)",
                        ["parameter", "best fit", "Hesse error"], rows))
    validity = "" if result["valid"] else "; the fit is NOT valid (MIGRAD did not converge)"
    console.print(Text(f"−2 ln L: {result['minus_two_log_l']:.3f} (SM {result['sm_minus_two_log_l']:.3f}); "
                       f"Δ(−2 ln L) = {result['delta_minus_two_log_l']:+.3f}, p-value of the improvement "
                       f"{result['p_value']:.3g} ({len(vary)} parameters){validity}"))
