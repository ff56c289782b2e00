"""`darkflav scan SCAN.yaml --out DIR [--dask ADDRESS] [--workers N]` and `darkflav scan status DIR`."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..errors import DarkflavError
from ..scan import ScanStore, load, run_scan
from .common import console, user_errors


def scan_command(
    target: Annotated[str, typer.Argument(help="A scan file (YAML), or 'status' followed by a scan folder.")],
    folder: Annotated[str | None, typer.Argument(help="With 'status': the scan folder.")] = None,
    out: Annotated[str | None, typer.Option(help="Output folder (Parquet chunks); resumes if it exists.")] = None,
    dask: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes (1: in process).")] = 1,
) -> None:
    """Run (or resume) a scan, or show the status of a scan folder."""
    with user_errors():
        if target == "status":
            if folder is None:
                raise DarkflavError("darkflav scan status needs the scan folder")
            _status(folder)
            return
        definition = load(target)
        if out is None:
            raise DarkflavError("give the output folder with --out DIR")
        backend = "dask" if dask else ("processes" if workers > 1 else "local")
        start = time.perf_counter()
        columns = (TextColumn("{task.description}", markup=False, style="bold"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("chunks · {task.fields[rate]} points/s"), TimeRemainingColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task(definition.name, total=definition.n_chunks, rate="–")
            first = {}

            def update(done, total):
                first.setdefault("done", done)
                elapsed = time.perf_counter() - start
                points = (done - first["done"]) * definition.chunk_size
                progress.update(task, completed=done, rate=f"{points / elapsed:.3g}" if elapsed > 0 else "–")

            run_scan(definition, out, backend=backend, workers=workers, address=dask, progress=update,
                     notice=lambda message: console.print(Text(message, style="yellow")))
        console.print(f"scan '{definition.name}': {definition.n_points} points in {out}")


def _status(folder: str) -> None:
    """The chunks and points done of the scan in `folder`, and every damaged or foreign chunk file."""
    store = ScanStore(folder)
    definition = store.definition
    check = store.check()
    done = len(check.committed)
    console.print(f"scan '{definition.name}' in {folder}: {done}/{definition.n_chunks} chunks "
                  f"({min(done * definition.chunk_size, definition.n_points)}/{definition.n_points} points)"
                  + ("" if check.missing else " — complete"), markup=False)
    for name, reason in check.rejected.items():
        console.print(Text(f"{name}: {reason} (running the scan again sets it aside and recomputes what is "
                           "missing)", style="yellow"))
