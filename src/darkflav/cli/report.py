"""`darkflav report`: the built-in analysis, printed and written to a folder."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.text import Text

from ..report import BENCHMARK_OBSERVABLES, HTML_FILE, format_prediction, run_report, step_count
from .common import console, echo_json, table, user_errors


def report_command(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("darkflav-report"),
    samples: Annotated[int, typer.Option(help="Samples of the inputs per uncertainty.")] = 400,
    workers: Annotated[int | None, typer.Option(
        help="Processes computing the sections beyond rare decays beside the main one (default: one per "
             "processor; 0: none).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report's numbers (predictions.json) as one "
                                                         "JSON object instead of the tables.")] = False,
) -> None:
    """SM and benchmark-point predictions, likelihoods, fits, allowed couplings, plots and index.html."""
    with user_errors(), Progress(console=console, transient=True, disable=as_json) as progress:
        task = progress.add_task("report", total=step_count())
        steps_done = itertools.count()

        def show(message: str) -> None:
            progress.update(task, description=message, completed=next(steps_done))

        result = run_report(out, n_samples=samples, progress=show, workers=workers)
    if as_json:
        echo_json(result)
        return
    sm_rows = [[name, format_prediction(p)] for name, p in result["sm"].items()]
    console.print(table("Standard Model", ["observable", "prediction"], sm_rows))
    point_rows = [[point if i == 0 else "", name, format_prediction(entry["predictions"][name])]
                  for point, entry in result["benchmarks"].items()
                  for i, name in enumerate(BENCHMARK_OBSERVABLES)]
    console.print(table("Benchmark points", ["point", "observable", "prediction"], point_rows))
    for section in result["sections"].values():
        for title, _, header, rows in section["tables"]:
            console.print(table(title, header, rows))
    console.print(Text(f"report written to {out.resolve()} (open {out.resolve() / HTML_FILE})"))
