"""The report job: SM predictions, benchmark points and the B⁺→K⁺νν̄ spectrum, into a folder."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import __version__
from .eft import NeutrinoWET, benchmark_points
from .eft.neutrino import FIELDS
from .observables import predict, uncertainty
from .parameters import Parameters
from .plots.spectra import plot_nunu_spectrum

SM_OBSERVABLES = (
    "BR(B+->K+ nu nu)",
    "BR(B0->K0 nu nu)",
    "BR(B+->K*+ nu nu)",
    "BR(B0->K*0 nu nu)",
    "FL(B0->K*0 nu nu)",
    "BR(K+->pi+ nu nu)",
    "BR(KL->pi0 nu nu)",
)
BENCHMARK_OBSERVABLES = (
    "BR(B+->K+ nu nu)",
    "BR(B0->K*0 nu nu)",
    "R_K(nu nu)",
    "R_K*(nu nu)",
    "FL(B0->K*0 nu nu)",
)
SPECTRUM_OBSERVABLE = "dBR/dq2(B+->K+ nu nu)"
SPECTRUM_FILE = "spectrum_BK_nunu.png"
SM_LABEL = "SM"


def format_measurement(value: float, error: float | None = None) -> str:
    """'(4.443 ± 0.301)e-06', or '4.601 ± 0.312' for values between 10⁻³ and 10³."""
    exponent = math.floor(math.log10(abs(value))) if value else 0
    exponent = exponent if abs(exponent) >= 3 else 0
    scale = 10.0**exponent
    text = f"{value / scale:.3f}" if error is None else f"{value / scale:.3f} ± {error / scale:.3f}"
    return f"({text})e{exponent:+03d}" if exponent else text


def format_prediction(prediction: dict[str, float]) -> str:
    """format_measurement of a {'value', 'uncertainty'} entry of the report."""
    return format_measurement(prediction["value"], prediction["uncertainty"])


def is_standard_model(theory: NeutrinoWET) -> bool:
    """True if the theory has no non-zero new-physics coefficient."""
    return not any(np.any(theory.coefficient(field)) for field in FIELDS)


def step_count() -> int:
    """How often run_report calls `progress` (for the length of a progress bar)."""
    return len(SM_OBSERVABLES) + len(benchmark_points()) + 2


def _prediction(name: str, theory, params: Parameters, n_samples: int) -> dict[str, float]:
    """{'value', 'uncertainty'} of one observable, as plain floats."""
    return {"value": float(predict(name, theory, params)),
            "uncertainty": float(uncertainty(name, theory, params, n_samples))}


def run_report(out_dir, params: Parameters | None = None, n_samples: int = 400,
               progress: Callable[[str], None] | None = None) -> dict:
    """Compute the report and write predictions.json, predictions.csv, summary.md and the PNG.

    Returns the content of predictions.json. `progress(message)` is called before each step.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    params = params or Parameters.default()
    notify = progress or (lambda message: None)

    standard_model = {}
    for name in SM_OBSERVABLES:
        notify(f"SM: {name}")
        standard_model[name] = _prediction(name, None, params, n_samples)
    benchmarks = {}
    points = benchmark_points()
    for point, (description, theory) in points.items():
        notify(f"benchmark point {point}")
        benchmarks[point] = {
            "description": description,
            "predictions": {n: _prediction(n, theory, params, n_samples)
                            for n in BENCHMARK_OBSERVABLES},
        }
    notify("spectrum plot")
    new_physics = {p: theory for p, (_, theory) in points.items() if not is_standard_model(theory)}
    plot_nunu_spectrum(out / SPECTRUM_FILE, new_physics, SPECTRUM_OBSERVABLE, params,
                       n_samples=n_samples)

    notify("writing files")
    result = {
        "darkflav_version": __version__,
        "parameter_choices": params.choices,
        "n_samples": n_samples,
        "sm": standard_model,
        "benchmarks": benchmarks,
        "spectrum_plot": SPECTRUM_FILE,
    }
    (out / "predictions.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _write_csv(out / "predictions.csv", result)
    (out / "summary.md").write_text(_summary(result))
    return result


def _rows(result: dict) -> dict[tuple[str, str], dict[str, float]]:
    """(point, observable) → prediction; the SM section is the point 'SM'."""
    rows = {(SM_LABEL, name): p for name, p in result["sm"].items()}
    for point, entry in result["benchmarks"].items():
        rows.update({(point, name): p for name, p in entry["predictions"].items()})
    return rows


def _write_csv(path: Path, result: dict) -> None:
    """One line per (point, observable): point, observable, value, uncertainty."""
    with open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["point", "observable", "value", "uncertainty"])
        for (point, name), p in _rows(result).items():
            writer.writerow([point, name, repr(p["value"]), repr(p["uncertainty"])])


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _summary(result: dict) -> str:
    """summary.md: the tables, a line per benchmark point and the spectrum plot."""
    choices = ", ".join(f"{k}: {v}" for k, v in result["parameter_choices"].items())
    sm_rows = [[f"`{name}`", format_prediction(p)] for name, p in result["sm"].items()]
    point_rows = [[f"`{point}`", *(format_prediction(entry["predictions"][name])
                                   for name in BENCHMARK_OBSERVABLES)]
                  for point, entry in result["benchmarks"].items()]
    descriptions = [f"- `{point}`: {entry['description']}"
                    for point, entry in result["benchmarks"].items()]
    return "\n\n".join([
        "# darkflav report",
        f"darkflav {result['darkflav_version']}; {choices}. Uncertainties are 1σ, from "
        f"{result['n_samples']} samples of the inputs.",
        "## Standard Model",
        _markdown_table(["observable", "prediction"], sm_rows),
        "## Benchmark points",
        "\n".join(descriptions),
        _markdown_table(["point", *(f"`{n}`" for n in BENCHMARK_OBSERVABLES)], point_rows),
        "## Spectrum",
        f"![dB/dq² of B⁺→K⁺νν̄: SM and benchmark points]({result['spectrum_plot']})",
    ]) + "\n"
