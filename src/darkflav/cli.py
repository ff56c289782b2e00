"""The `darkflav` command: predict an observable, list observables and inputs, write a report."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from .eft import NeutrinoWET
from .eft.dark import load_theory
from .errors import DarkflavError
from .observables import get, observables, predict, uncertainty
from .parameters import Parameters
from .report import BENCHMARK_OBSERVABLES, format_prediction, run_report, step_count

app = typer.Typer(help="Rare meson decays with missing energy.", no_args_is_help=True,
                  add_completion=False)
list_app = typer.Typer(help="List the observables or the input parameters.", no_args_is_help=True)
app.add_typer(list_app, name="list")
console = Console()
error_console = Console(stderr=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a DarkflavError as one red line 'error: …' and exit with code 2."""
    try:
        yield
    except DarkflavError as exc:
        error_console.print(Text(f"error: {exc}", style="red"), soft_wrap=True)
        raise typer.Exit(2) from None


def table(title: str, header: list[str], rows: list[list[str]]) -> Table:
    """A rich table of plain-text cells (no markup); the first column never wraps, others fold."""
    result = Table(title=title)
    for i, name in enumerate(header):
        result.add_column(name, no_wrap=i == 0, overflow="fold")
    for row in rows:
        result.add_row(*(Text(str(cell)) for cell in row))
    return result


@app.command("predict")
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
        sector = sector or observable.sector
        theories = [NeutrinoWET.from_wcxf(wc, sector=sector)] if wc else []
        theories += [load_theory(dark)] if dark else []
        theory = theories[0] if len(theories) == 1 else (theories or None)
        given = {"q2": q2, "q2min": q2min, "q2max": q2max}
        arguments = {key: value for key, value in given.items() if value is not None}
        params = Parameters.default()
        value = float(predict(name, theory, params, **arguments))
        error = (float(uncertainty(name, theory, params, samples, **arguments))
                 if with_uncertainty else None)
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


@list_app.command("observables")
def list_observables() -> None:
    """All observables with their arguments, unit and description."""
    rows = []
    for obs in observables():
        arguments = [*obs.arguments, *(f"[{a}]" for a in obs.optional)]
        rows.append([obs.name, ", ".join(arguments), obs.unit, obs.description])
    console.print(table("darkflav observables ([…]: optional)",
                        ["name", "arguments", "unit", "description"], rows))


@list_app.command("parameters")
def list_parameters() -> None:
    """All input parameters with value, uncertainty, unit and source."""
    params = Parameters.default()
    rows = []
    for name in params:
        entry = params.entry(name)
        rows.append([name, f"{entry.value:.6g}", f"{entry.uncertainty:.2g}", entry.unit,
                     entry.source])
    console.print(table("darkflav input parameters",
                        ["name", "value", "uncertainty", "unit", "source"], rows))


@app.command("report")
def report_command(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("darkflav-report"),
    samples: Annotated[int, typer.Option(help="Samples of the inputs per uncertainty.")] = 400,
) -> None:
    """SM and benchmark-point predictions with uncertainties, and the B→Kνν̄ spectrum plot."""
    with user_errors(), Progress(console=console, transient=True) as progress:
        task = progress.add_task("report", total=step_count())
        steps_done = itertools.count()

        def show(message: str) -> None:
            progress.update(task, description=message, completed=next(steps_done))

        result = run_report(out, n_samples=samples, progress=show)
    sm_rows = [[name, format_prediction(p)] for name, p in result["sm"].items()]
    console.print(table("Standard Model", ["observable", "prediction"], sm_rows))
    point_rows = [[point if i == 0 else "", name, format_prediction(entry["predictions"][name])]
                  for point, entry in result["benchmarks"].items()
                  for i, name in enumerate(BENCHMARK_OBSERVABLES)]
    console.print(table("Benchmark points", ["point", "observable", "prediction"], point_rows))
    console.print(Text(f"report written to {out.resolve()}"))
