"""`darkflav fit`: a fit file (a whole model against any measurements: best fit, profile likelihoods, nested
sampling; fit.json and figures), or the best fit of one or two coefficients (and the mass) of a theory point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.text import Text

from ..errors import DarkflavError
from ..experiments.model_fit import ModelFit, credible_interval, load_fit, profile_interval
from ..experiments.parameter_fit import fit_parameters
from ..plots.fit import plot_corner, plot_profile
from ..theories import read_theory
from .common import DEFAULT_PRESET, check_writable, console, table, user_errors


def fit_command(
    file: Annotated[str | None, typer.Argument(help="A fit file (YAML): theory with named free parameters, their "
                                                    "ranges and priors, likelihood, profiles, sampling "
                                                    "(docs/fits.md).")] = None,
    out: Annotated[Path, typer.Option(help="With a fit file: the folder for fit.json and the figures.")]
    = Path("darkflav-fit"),
    theory: Annotated[str | None, typer.Option(help="Without a fit file: YAML file of one DarkEFT or InvisibleBoson "
                                                    "point, the start values and the fixed parameters.")] = None,
    vary: Annotated[list[str] | None, typer.Option(help="With --theory: a parameter to fit, a coefficient or "
                                                        "coupling name such as CS_sb or gS_sb, or 'mass' (repeat "
                                                        "the option for more).")] = None,
    preset: Annotated[str | None, typer.Option(help=f"Preset of measurements (default: {DEFAULT_PRESET!r}).")] = None,
    measurement: Annotated[list[str] | None, typer.Option(help="A measurement (repeat for more), e.g. "
                                                               "'Belle II 2023 B+->K+nunu (published likelihood)'.")
                           ] = None,
    profile: Annotated[str, typer.Option(help="Nuisance parameters of a published likelihood: 'fast' "
                                              "(linearised, vectorised) or 'full' (pyhf fits).")] = "fast",
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """A fit file: best fit, profile likelihoods and posterior samples, written to --out. With --theory and --vary:
    best-fit values and Hesse errors, −2 ln L against the SM and the p-value of the improvement."""
    if file is not None:
        _fit_file(file, out, as_json)
        return
    with user_errors():
        if theory is None or not vary:
            raise DarkflavError("give a fit file (darkflav fit FILE), or --theory FILE with one or more --vary NAME")
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


def _fit_file(file: str, out: Path, as_json: bool) -> None:
    """`darkflav fit FILE --out DIR`: fit.json (best fit, each measurement's −2 ln L there and the one that binds
    most, 1D profile intervals, posterior medians and 68 % intervals, ln Z) and profile_*.png, corner.png."""
    with user_errors():
        definition = load_fit(file)
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise DarkflavError(f"cannot write the fit into {str(out)!r}: it is not a folder (or a symbolic link)")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DarkflavError(f"cannot create the fit folder {str(out)!r}: {exc.strerror}") from None
        for name in ("fit.json", "samples.npz", "corner.png"):
            check_writable(out / name, "fit output")
        fit = ModelFit(definition)
        best = fit.best_fit()
        log = {n: f.log for n, f in definition.parameters.items()}
        result = {"name": definition.name, "file": file, "likelihood": list(definition.likelihood),
                  "dark_matter": definition.dark_matter, "best_fit": best,
                  "binding": max(best["contributions"], key=best["contributions"].get), "profiles": [],
                  "figures": []}
        profiles = {names: fit.profile(names, best["values"]) for names in definition.profiles}
        lowest = min(profiles.values(), key=lambda p: p["minus_two_log_l"].min(), default=None)
        if lowest is not None and lowest["minus_two_log_l"].min() < best["minus_two_log_l"] - 1e-6:
            # MIGRAD stopped in a local minimum: start again from the lowest profile point
            result["restarted_from"] = lowest["lowest"]
            best = result["best_fit"] = fit.best_fit(lowest["lowest"])
            result["binding"] = max(best["contributions"], key=best["contributions"].get)
        for names, profile in profiles.items():
            profile["delta"] = profile["minus_two_log_l"] - min(profile["minus_two_log_l"].min(),
                                                                 best["minus_two_log_l"])
            figure = f"profile_{'_'.join(names)}.png"
            plot_profile(out / figure, profile, best["values"], log, definition.name)
            entry = {"parameters": list(names), "axes": profile["axes"], "delta": profile["delta"].tolist(),
                     "figure": figure}
            if len(names) == 1:
                entry["allowed_68"] = _span(profile_interval(profile["axes"][names[0]], profile["delta"]))
                entry["allowed_95"] = _span(profile_interval(profile["axes"][names[0]], profile["delta"], 0.95))
            result["profiles"].append(entry)
            result["figures"].append(figure)
        if definition.sample:
            posterior = fit.sample()
            plot_corner(out / "corner.png", posterior["samples"], log, definition.name)
            result["sample"] = {"log_evidence": posterior["log_evidence"],
                                "log_evidence_error": posterior["log_evidence_error"], "calls": posterior["calls"],
                                "n_samples": len(next(iter(posterior["samples"].values()))),
                                "credible_68": {n: credible_interval(v) for n, v in posterior["samples"].items()}}
            np.savez(out / "samples.npz", **posterior["samples"])
            result["figures"].append("corner.png")
        (out / "fit.json").write_text(json.dumps(result, indent=1))
    if as_json:
        typer.echo(json.dumps(result))
        return
    rows = [[n, f"{v:.5g}", f"{best['errors'].get(n, best['errors_log10'].get(n, float('nan'))):.2g}"
             + (" (log10)" if n in best["errors_log10"] else "")] for n, v in best["values"].items()]
    console.print(table(f"darkflav fit {definition.name}: best fit", ["parameter", "value", "Hesse error"], rows))
    parts = sorted(best["contributions"].items(), key=lambda kv: -kv[1])
    console.print(table("−2 ln L at the best fit, by measurement", ["measurement", "−2 ln L"],
                        [[k, f"{v:.3f}"] for k, v in parts]))
    for entry in result["profiles"]:
        if "allowed_68" in entry:
            console.print(Text(f"{entry['parameters'][0]}: 68 % CL {entry['allowed_68']}, 95 % CL "
                               f"{entry['allowed_95']} (profile, grid of {definition.points})"))
    if "sample" in result:
        sample = result["sample"]
        for n, (median, low, high) in sample["credible_68"].items():
            console.print(Text(f"{n}: median {median:.4g}, 68 % credible [{low:.4g}, {high:.4g}]"))
        console.print(Text(f"ln Z = {sample['log_evidence']:.3f} ± {sample['log_evidence_error']:.3f} "
                           f"({sample['calls']} likelihood calls)"))
    validity = "" if best["valid"] else " — the best fit is NOT valid (MIGRAD did not converge)"
    if "restarted_from" in result:
        validity += " (MIGRAD restarted from the lowest profile point: the first minimum was local)"
    console.print(Text(f"−2 ln L at the best fit {best['minus_two_log_l']:.3f}; binds most: {result['binding']}"
                       f"{validity}; written to {out.resolve()}"))


def _span(points: list[float]) -> list[float] | None:
    """[min, max] of the allowed grid points (None if none)."""
    return [min(points), max(points)] if points else None
