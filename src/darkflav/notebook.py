"""Compact HTML tables for Jupyter notebooks: the one `_repr_html_` of every theory (coefficient containers, UV
models and their matched dataclasses, through the `TableRepr` mixin) and the table of a likelihood breakdown
(`breakdown_html`). Every text is escaped; numbers are shown to 4 significant digits, arrays by their shape and
range. Imports nothing of darkflav: any floor may use it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from html import escape
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: attributes of a coefficient container shown above its coefficients (where it has them and they are not None)
ATTRIBUTES = ("species", "spin", "sector", "mass", "width", "scale", "charge")
#: arrays with at most this many entries are written out in full
MAX_LISTED = 9


def _number(x: complex) -> str:
    """A number to 4 significant digits; complex as 'a + bi' (its real part alone where the imaginary one is 0)."""
    if isinstance(x, complex):
        if x.imag == 0:
            return f"{x.real:.4g}"
        sign = "-" if x.imag < 0 else "+"
        return f"{x.real:.4g} {sign} {abs(x.imag):.4g}i"
    return f"{x:.4g}"


def _listed(arr: NDArray[Any]) -> str:
    """A small array written out: '[[1, 0], [0, 2.5 + 1i]]'."""
    if arr.ndim == 0:
        return _number(arr.item())
    return "[" + ", ".join(_listed(part) for part in arr) + "]"


def format_value(value: object) -> str:
    """A cell: text as it is, a number to 4 digits, a small array written out, a larger one as its shape and range
    (of |value| where complex)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    arr = np.asarray(value)
    if arr.dtype.kind not in "iufc":
        return str(value)
    if arr.ndim == 0:
        return _number(arr.item())
    if arr.size == 0:
        return f"empty array of shape {arr.shape}"
    if arr.size <= MAX_LISTED:
        return _listed(arr)
    magnitude = np.abs(arr) if arr.dtype.kind == "c" else arr
    what = "|value| " if arr.dtype.kind == "c" else ""
    low, high = _number(np.min(magnitude).item()), _number(np.max(magnitude).item())
    return f"array of shape {arr.shape}, {what}{low} … {high}"


def table_html(caption: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An HTML <table> with a caption, a header row and one row per item (cells through `format_value`), all
    escaped."""
    head = "".join(f'<th style="text-align:left">{escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<td style="text-align:left">{escape(format_value(cell))}</td>' for cell in row)
                   + "</tr>" for row in rows)
    return (f'<table class="darkflav"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def theory_rows(theory: object) -> list[tuple[str, object]]:
    """(name, value) rows of a theory: a coefficient container's attributes (species, mass, sector, …) and its
    non-zero coefficients (`named_coefficients`, eft/protocol.py); a dataclass of containers (a UV model matched) field
    by field; anything else (a UV model) its public attributes, mappings entry by entry."""
    if is_dataclass(theory) and not isinstance(theory, type):
        return [(f"{field.name}: {name}", value) for field in fields(theory)
                for name, value in theory_rows(getattr(theory, field.name))]
    named = getattr(theory, "named_coefficients", None)
    if callable(named):
        rows: list[tuple[str, object]] = [(a, getattr(theory, a)) for a in ATTRIBUTES
                                          if getattr(theory, a, None) is not None]
        return rows + [(name, value) for name, value in named().items() if np.any(np.asarray(value) != 0)]
    rows = []
    for key, value in vars(theory).items():
        if key.startswith("_") or key == "shape":
            continue
        if isinstance(value, Mapping):
            rows += [(f"{key} {k}", v) for k, v in value.items()]
        else:
            rows.append((key, value))
    return rows


def theory_caption(theory: object) -> str:
    """'NeutrinoWET', 'Leptoquark S1/2~', with ', shape (…)' for arrays of points."""
    name = getattr(theory, "name", None)
    kind = type(theory).__name__ + (f" {name}" if isinstance(name, str) and name != type(theory).__name__ else "")
    shape = getattr(theory, "shape", ())
    return kind + (f", shape {tuple(shape)}" if shape != () else "")


def theory_html(theory: object) -> str:
    """The HTML table of a theory (`theory_rows`); a theory without coefficients says so."""
    rows = theory_rows(theory) or [("(no coefficients)", "")]
    return table_html(theory_caption(theory), ["", "value"], rows)


class TableRepr:
    """Mixin: a theory renders as a compact HTML table in a notebook (`theory_html`)."""

    def _repr_html_(self) -> str:
        return theory_html(self)


def breakdown_html(contributions: Mapping[str, ArrayLike], pulls: Mapping[str, ArrayLike] | None = None,
                   caption: str = "likelihood breakdown") -> str:
    """The HTML table of a likelihood breakdown: −2 ln L of each measurement (`Likelihood.contributions`), its pull
    where `pulls` gives one (`Likelihood.pulls`), and the total."""
    header = ["measurement", "−2 ln L", *(["pull"] if pulls is not None else [])]
    rows: list[list[object]] = []
    for name, value in contributions.items():
        pull = [] if pulls is None else [pulls[name] if name in pulls else "—"]
        rows.append([name, value, *pull])
    total = sum((np.asarray(v, dtype=float) for v in contributions.values()), np.asarray(0.0))
    rows.append(["total", total, *([""] if pulls is not None else [])])
    return table_html(caption, header, rows)
