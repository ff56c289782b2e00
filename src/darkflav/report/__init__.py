"""The report job, into a folder: SM predictions, νν̄ benchmark points, the likelihood of the seed
constraint set for the SM and dark benchmark points, best fits, allowed coupling ranges, the plots
of `darkflav.plots`, and an HTML page (index.html) that shows them all.

What is computed beyond the SM and the νν̄ benchmarks is set in data/settings.yaml (`config.settings`); the
sections beyond rare decays are built in `sections`, the files written by `writing`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from .. import __version__
from ..eft import DarkEFT, NeutrinoWET, benchmark_points
from ..eft.neutrino import FIELDS
from ..errors import DarkflavError, whole_number
from ..experiments import presets
from ..experiments.fits import allowed_range, constrain, fit_dark_point, fit_nunu
from ..parameters import Parameters
from ..plots.exclusion import plot_coupling_vs_mass, plot_kaon_window, plot_rk_plane
from ..plots.spectra import plot_normalised_spectra, plot_nunu_spectrum
from ..registry import MAX_SAMPLES, predict, uncertainty
from .config import (
    BENCHMARK_OBSERVABLES,
    HTML_FILE,
    KAON_WINDOW_FILE,
    NORMALISED_SPECTRA_FILE,
    RK_PLANE_FILE,
    SM_LABEL,
    SM_OBSERVABLES,
    SPECTRUM_FILE,
    SPECTRUM_OBSERVABLE,
    coupling_plot_file,
    settings,
)
from .sections import SECTIONS
from .writing import format_measurement, format_prediction, write_files

__all__ = ["BENCHMARK_OBSERVABLES", "HTML_FILE", "SM_OBSERVABLES", "coupling_plot_file", "format_measurement",
           "format_prediction", "is_standard_model", "run_report", "settings", "step_count"]

#: Steps of run_report besides one per SM observable, νν̄ benchmark point and coupling plot.
_FIXED_STEPS = ("spectrum plot", "dark points", "likelihood contributions", "best fits", "allowed ranges",
                "normalised spectra plot", "kaon window plot", "R_K-R_K* plot", *SECTIONS, "writing files")


def is_standard_model(theory: NeutrinoWET) -> bool:
    """True if the theory has no non-zero new-physics coefficient."""
    return not any(np.any(theory.coefficient(field)) for field in FIELDS)


def step_count() -> int:
    """How often run_report calls `progress` (for the length of a progress bar)."""
    return (len(SM_OBSERVABLES) + len(benchmark_points()) + len(settings()["coupling_plots"])
            + len(_FIXED_STEPS))


def _prediction(name: str, theory, params: Parameters, n_samples: int) -> dict[str, float]:
    """{'value', 'uncertainty'} of one observable, as plain floats."""
    return {"value": float(predict(name, theory, params)),
            "uncertainty": float(uncertainty(name, theory, params, n_samples))}


def run_report(out_dir, params: Parameters | None = None, n_samples: int = 400,
               progress: Callable[[str], None] | None = None, workers: int | None = None) -> dict:
    """Compute the report and write predictions.json, predictions.csv, summary.md, the PNG plots
    and index.html (an HTML page with every table and plot).

    Returns the content of predictions.json. `progress(message)` is called before each step
    (`step_count()` times). The sections beyond rare decays (`sections.SECTIONS`) are computed in `workers`
    processes (default: one per processor, at most their number) while this process computes the rest;
    workers=0 computes everything here, one step after the other. The results do not depend on it.
    """
    whole_number("n_samples", n_samples, 2, MAX_SAMPLES)  # before any work
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        links = sorted(p.name for p in out.iterdir() if p.is_symlink())
    except OSError as exc:
        raise DarkflavError(f"the report folder {str(out)!r} cannot be created or read: {exc.strerror}") from exc
    if links:
        raise DarkflavError(f"the report folder {str(out)!r} holds symbolic links ({', '.join(links)}): the report "
                            "does not write through them; remove them or choose another --out")
    params = params or Parameters.default()
    notify = progress or (lambda message: None)
    config = settings()
    preset = config["preset"]
    workers = min(os.cpu_count() or 1, len(SECTIONS)) if workers is None else int(workers)
    if workers < 0:
        raise DarkflavError(f"workers must be 0 (no worker processes) or more, got {workers}")
    with ExitStack() as stack:
        pending = {}
        if workers:  # spawned, not forked: JAX and BLAS threads do not survive a fork
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=get_context("spawn")))
            # the LHC sections, listed last, cost most (tens of seconds): they start first
            pending = {name: pool.submit(SECTIONS[name], config[name], out, params) for name in reversed(SECTIONS)}
        result = _rare_decays(out, params, n_samples, notify, config, preset)
        sections = {}
        for name, build in SECTIONS.items():
            notify(name.replace("_", " "))
            section = pending[name].result() if pending else build(config[name], out, params)
            sections[name] = {"title": section.title, "tables": section.tables, "figures": section.figures,
                              "data": section.data}
    notify("writing files")
    result["sections"] = sections
    write_files(out, result)
    return result


def _rare_decays(out: Path, params: Parameters, n_samples: int, notify: Callable[[str], None], config: dict,
                 preset: str) -> dict:
    """The report's rare-decay part: SM and benchmark predictions, dark points, likelihoods, fits, ranges, plots."""

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

    notify("dark points")
    dark_points, dark_theories = {}, {}
    for name, spec in config["dark_points"].items():
        entry = {k: spec[k] for k in ("description", "species", "mass", "operator")}
        entry["fitted"] = spec["coefficient"] == "fit"
        if entry["fitted"]:
            fit = fit_dark_point(preset, spec["species"], spec["operator"], spec["mass"], params)
            entry["coefficient"], entry["fit"] = fit["value"], fit
        else:
            entry["coefficient"] = float(spec["coefficient"])
        dark_points[name] = entry
        dark_theories[name] = DarkEFT(spec["species"], spec["mass"], {spec["operator"]: entry["coefficient"]})

    notify("likelihood contributions")
    nunu_point = config["nunu_point"]
    likelihood = {SM_LABEL: constrain(preset, params=params),
                  nunu_point: constrain(preset, {"sb": points[nunu_point][1]}, params=params)}
    likelihood.update({name: constrain(preset, darks=[theory], params=params)
                       for name, theory in dark_theories.items()})

    notify("best fits")
    best_fits = [fit_nunu(name, spec, params) for name, spec in config["nunu_fits"].items()]
    best_fits += [p.get("fit") or fit_dark_point(preset, p["species"], p["operator"], p["mass"], params)
                  for p in dark_points.values()]

    notify("allowed ranges")
    ranges = config["allowed_ranges"]
    allowed = [allowed_range(preset, species, operator, ranges["mass"], ranges["cl"], params)
               for species, operator in ranges["operators"]]

    notify("normalised spectra plot")
    shapes = {_nunu_label(nunu_point): points[nunu_point][1]}
    shapes.update({_dark_label(p): dark_theories[name] for name, p in dark_points.items()})
    plot_normalised_spectra(out / NORMALISED_SPECTRA_FILE, shapes, "B+->K+", params)
    notify("kaon window plot")
    plot_kaon_window(out / KAON_WINDOW_FILE, params)
    notify("R_K-R_K* plot")
    plot_rk_plane(out / RK_PLANE_FILE, params)
    coupling_plots = []
    for species, operator in config["coupling_plots"]:
        notify(f"coupling plot: {species} {operator}")
        file = coupling_plot_file(species, operator)
        plot_coupling_vs_mass(out / file, species, operator, "B+->K+", preset, params)
        coupling_plots.append({"species": species, "operator": operator, "file": file})

    result = {
        "darkflav_version": __version__,
        "parameter_choices": params.choices,
        "n_samples": n_samples,
        "sm": standard_model,
        "benchmarks": benchmarks,
        "spectrum_plot": SPECTRUM_FILE,
        "preset": {"name": preset, "description": presets().get(preset, {}).get("description", preset)},
        "dark_points": dark_points,
        "likelihood": likelihood,
        "best_fits": best_fits,
        "allowed_ranges": allowed,
        "plots": {"spectrum": SPECTRUM_FILE, "normalised_spectra": NORMALISED_SPECTRA_FILE,
                  "kaon_window": KAON_WINDOW_FILE, "rk_plane": RK_PLANE_FILE, "couplings": coupling_plots},
        "html": HTML_FILE,
    }
    return result


def _nunu_label(point: str) -> str:
    """Legend label of a νν̄ benchmark point (mathtext)."""
    return rf"$\nu\bar\nu$ point {point}"


def _dark_label(point: Mapping) -> str:
    """'real scalar, m = 1 GeV, CS_sb' for legends."""
    return f"{point['species']}, m = {point['mass']:g} GeV, {point['operator']}"
