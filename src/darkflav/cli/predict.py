"""`darkflav predict` and `darkflav list observables | parameters | measurements`."""

from __future__ import annotations

import json
import warnings
from typing import Annotated

import typer
from rich.text import Text

from ..errors import DarkflavError, UnphysicalWarning
from ..experiments import measurements
from ..parameters import Parameters
from ..registry import get, observables, predict, uncertainty
from ..theories import read_theory
from .common import console, echo_json, parts, table, user_errors

list_app = typer.Typer(help="List the observables, the input parameters or the measurements.",
                       no_args_is_help=True)


def predict_command(
    name: Annotated[str, typer.Argument(help="Observable, e.g. 'BR(B+->K+ nu nu)'.")],
    wc: Annotated[str | None, typer.Option(help="WCxf file of new-physics coefficients "
                                                "(default: the SM).")] = None,
    sector: Annotated[str | None, typer.Option(help="Sector of the WCxf coefficients, sb or sd "
                                                    "(default: the observable's).")] = None,
    dark: Annotated[str | None, typer.Option(help="YAML file of a DarkEFT (species, mass, "
                                                  "coefficients) or an InvisibleBoson.")] = None,
    q2: Annotated[float | None, typer.Option("--q2", help="q² in GeV².")] = None,
    q2min: Annotated[float | None, typer.Option(help="Lower end of the q² bin in GeV².")] = None,
    q2max: Annotated[float | None, typer.Option(help="Upper end of the q² bin in GeV².")] = None,
    with_uncertainty: Annotated[bool, typer.Option("--uncertainty/--no-uncertainty",
                                                   help="Also compute the 1σ uncertainty.")] = True,
    samples: Annotated[int, typer.Option(help="Samples of the inputs for the uncertainty.")] = 400,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Predict one observable in the SM, for a WCxf file and/or a dark-sector theory file."""
    with user_errors():
        observable = get(name)
        if sector is not None and wc is None:
            raise DarkflavError("--sector chooses the quark sector of a --wc file; give --wc or leave it out")
        sector = sector or observable.sector
        theories = parts(read_theory(wc, "WCxf file", sectors=(sector,))) if wc else []
        theories += parts(read_theory(dark)) if dark else []
        theory = theories[0] if len(theories) == 1 else (theories or None)
        given = {"q2": q2, "q2min": q2min, "q2max": q2max}
        arguments = {key: value for key, value in given.items() if value is not None}
        params = Parameters.default()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UnphysicalWarning)
            value = float(predict(name, theory, params, **arguments))
        sampled = with_uncertainty and observable.sampled
        error = float(uncertainty(name, theory, params, samples, **arguments)) if sampled else None
    if as_json:
        typer.echo(json.dumps({"observable": observable.name, "value": value,
                               "uncertainty": error, "wc_file": wc, "dark_file": dark}))
        return
    label = " ".join([observable.name, *(f"{k}={v:g}" for k, v in arguments.items())])
    theory_label = " + ".join(filter(None, [wc, dark])) or "SM"
    row = [label, theory_label, f"{value:.6g}", "—" if error is None else f"{error:.2g}",
           observable.unit]
    console.print(table("darkflav prediction", ["observable", "theory", "value", "1σ", "unit"],
                        [row]))
    for warning in caught:
        console.print(Text(f"warning: {warning.message}", style="yellow"))
    if with_uncertainty and not observable.sampled:
        console.print(Text(f"note: {observable.name} is a Monte Carlo cross section; its uncertainty (scale envelope, "
                           "Monte Carlo error) is shown by `darkflav monojet`, not by input sampling"))


@list_app.command("observables")
def list_observables(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list with every field.")] = False,
) -> None:
    """All observables with their arguments, unit and description."""
    if as_json:
        echo_json([{"name": obs.name, "sector": obs.sector, "arguments": list(obs.arguments),
                    "optional": list(obs.optional), "unit": obs.unit, "description": obs.description,
                    "reads": [kind.__name__ for kind in obs.reads], "aliases": list(obs.aliases)}
                   for obs in observables()])
        return
    rows = []
    for obs in observables():
        arguments = [*obs.arguments, *(f"[{a}]" for a in obs.optional)]
        rows.append([obs.name, ", ".join(arguments), obs.unit, obs.description])
    console.print(table("darkflav observables ([…]: optional)",
                        ["name", "arguments", "unit", "description"], rows))


@list_app.command("parameters")
def list_parameters(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list with every field.")] = False,
) -> None:
    """All input parameters with value, uncertainty, unit and source."""
    params = Parameters.default()
    if as_json:
        echo_json([{"name": name, "value": entry.value, "uncertainty": entry.uncertainty, "unit": entry.unit,
                    "source": entry.source, "description": entry.description, "domain": entry.domain}
                   for name, entry in ((name, params.entry(name)) for name in params)])
        return
    rows = []
    for name in params:
        entry = params.entry(name)
        rows.append([name, f"{entry.value:.6g}", f"{entry.uncertainty:.2g}", entry.unit,
                     entry.source])
    console.print(table("darkflav input parameters",
                        ["name", "value", "uncertainty", "unit", "source"], rows))


@list_app.command("measurements")
def list_measurements(
    wide: Annotated[bool, typer.Option("--wide", help="Also what is compared, the likelihood kind and the source "
                                                      "(wider than a terminal).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list with every field.")] = False,
) -> None:
    """All measurements: name, observable, value and status (--wide: also compare, kind, source)."""
    fields = {m.name: {"name": m.name, "observable": m.observable, "compare": m.compare, "kind": m.kind,
                       "value": m.describe(), "status": m.status, "source": m.source}
              for m in measurements().values()}
    if as_json:
        typer.echo(json.dumps(list(fields.values())))
        return
    header = ["name", "observable", "compare", "kind", "value", "status", "source"] if wide else \
        ["name", "observable", "value", "status"]
    console.print(table("darkflav measurements" + (" (compare: value, np = minus the SM, ratio = over the SM)"
                                                   if wide else " (--wide or --json for all fields)"),
                        header, [[f[h] for h in header] for f in fields.values()], first_wraps=not wide))
