"""`darkflav scan SCAN.yaml --out DIR [--dask ADDRESS] [--workers N]` and `darkflav scan status DIR`."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..errors import DarkflavError
from ..scan import ScanStore, load, run_scan
from .common import console, echo_json, error_console, user_errors


def scan_command(
    target: Annotated[str, typer.Argument(help="A scan file (YAML), or 'status' followed by a scan folder.")],
    folder: Annotated[str | None, typer.Argument(help="With 'status': the scan folder.")] = None,
    out: Annotated[str | None, typer.Option(help="Output folder (Parquet chunks); resumes if it exists.")] = None,
    dask: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes (1: in process).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object (no progress bar; notices on "
                                                         "stderr).")] = False,
) -> None:
    """Run (or resume) a scan, or show the status of a scan folder."""
    with user_errors():
        if target == "status":
            if folder is None:
                raise DarkflavError("darkflav scan status needs the scan folder")
            _status(folder, as_json)
            return
        definition = load(target)
        if out is None:
            raise DarkflavError("give the output folder with --out DIR")
        backend = "dask" if dask else ("processes" if workers > 1 else "local")
        start = time.perf_counter()
        columns = (TextColumn("{task.description}", markup=False, style="bold"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("chunks · {task.fields[rate]} points/s"), TimeRemainingColumn())
        notices = error_console if as_json else console
        with Progress(*columns, console=console, disable=as_json) as progress:
            task = progress.add_task(definition.name, total=definition.n_chunks, rate="–")
            first = {}

            def update(done, total):
                first.setdefault("done", done)
                elapsed = time.perf_counter() - start
                points = (done - first["done"]) * definition.chunk_size
                progress.update(task, completed=done, rate=f"{points / elapsed:.3g}" if elapsed > 0 else "–")

            run_scan(definition, out, backend=backend, workers=workers, address=dask, progress=update,
                     notice=lambda message: notices.print(Text(message, style="yellow")))
    if as_json:
        echo_json({"name": definition.name, "folder": out, "n_points": definition.n_points,
                   "n_chunks": definition.n_chunks, "chunk_size": definition.chunk_size})
        return
    console.print(f"scan '{definition.name}': {definition.n_points} points in {out}")


def _status(folder: str, as_json: bool = False) -> None:
    """The chunks and points done of the scan in `folder`, and every damaged or foreign chunk file."""
    store = ScanStore(folder)
    definition = store.definition
    check = store.check()
    done = len(check.committed)
    if as_json:
        echo_json({"name": definition.name, "folder": folder, "chunks_done": done, "n_chunks": definition.n_chunks,
                   "points_done": min(done * definition.chunk_size, definition.n_points),
                   "n_points": definition.n_points, "complete": not check.missing, "rejected": check.rejected})
        return
    console.print(f"scan '{definition.name}' in {folder}: {done}/{definition.n_chunks} chunks "
                  f"({min(done * definition.chunk_size, definition.n_points)}/{definition.n_points} points)"
                  + ("" if check.missing else " — complete"), markup=False)
    for name, reason in check.rejected.items():
        console.print(Text(f"{name}: {reason} (running the scan again sets it aside and recomputes what is "
                           "missing)", style="yellow"))
