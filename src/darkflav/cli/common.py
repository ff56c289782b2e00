"""What the commands share: the consoles, the error context, tables, theories as lists, writable output files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import typer
from matplotlib.backend_bases import FigureCanvasBase
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import DarkflavError

DEFAULT_PRESET = "seeds Belle II"
console = Console(markup=False)  # user text (scan names, paths, errors) is printed literally
error_console = Console(stderr=True, markup=False)


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a DarkflavError as one red line "error: …" and exit with code 1 (2 is left to usage errors: unknown
    options, missing arguments, which typer reports); with DARKFLAV_DEBUG=1 the error propagates with its traceback."""
    try:
        yield
    except DarkflavError as exc:
        if os.environ.get("DARKFLAV_DEBUG") == "1":
            raise
        error_console.print(Text(f"error: {exc}", style="red"), soft_wrap=True)
        raise typer.Exit(1) from None


def table(title: str, header: list[str], rows: list[list[str]], first_wraps: bool = False) -> Table:
    """A rich table of plain-text cells (no markup); the first column never wraps (unless `first_wraps`: then at
    spaces, so that a table of long names fits the terminal), others fold."""
    result = Table(title=title)
    for i, name in enumerate(header):
        result.add_column(name, no_wrap=i == 0 and not first_wraps, overflow="fold",
                          ratio=(2 if i == 0 else 1) if first_wraps else None)
    for row in rows:
        result.add_row(*(Text(str(cell)) for cell in row))
    return result


def _plain(value: object) -> object:
    """A numpy array or number as a list or Python number, a complex number as [real, imaginary] (json.dumps)."""
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()  # complex entries come back through here as Python complex numbers
    if isinstance(value, complex):
        return [value.real, value.imag]
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def echo_json(data: object) -> None:
    """Print `data` as one line of JSON on stdout (the --json option of every command that prints numbers): numpy
    arrays and numbers as lists and numbers, complex numbers as [real, imaginary]."""
    typer.echo(json.dumps(data, default=_plain))


def parts(theory) -> list:
    """A theory or list of theories (darkflav.theories.read_theory) as a list."""
    return theory if isinstance(theory, list) else [theory]


def check_writable(path: Path, what: str) -> None:
    """DarkflavError unless the file `path` (`what`, e.g. 'LHE file') can be written; checked before the work
    that produces it. A symbolic link is never written through."""
    path = Path(path)
    problem = ("it is a symbolic link (not written through)" if path.is_symlink() else
               "it is a folder" if path.is_dir() else
               f"the folder {str(path.parent)!r} does not exist" if not path.parent.is_dir() else
               "no write permission" if not os.access(path if path.exists() else path.parent, os.W_OK) else None)
    if problem:
        raise DarkflavError(f"cannot write the {what} {str(path)!r}: {problem}")


def check_image(path: Path) -> None:
    """check_writable for a figure, whose extension must be a format matplotlib writes (png, pdf, svg, …)."""
    check_writable(Path(path), "figure")
    formats = FigureCanvasBase.get_supported_filetypes()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        raise DarkflavError(f"cannot write the figure {str(path)!r}: unknown image format {suffix!r}; allowed: "
                            f"{', '.join(sorted(formats))}")
