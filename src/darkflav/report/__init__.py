"""The report job, into a folder: SM predictions, νν̄ benchmark points, the likelihood of the seed
constraint set for the SM and dark benchmark points, best fits, allowed coupling ranges, the plots
of `darkflav.plots`, and an HTML page (index.html) that shows them all.

What is computed beyond the SM and the νν̄ benchmarks is set in report_settings.yaml.
"""

from __future__ import annotations

import csv
import html
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from . import __version__
from .eft import DarkEFT, InvisibleBoson, NeutrinoWET, benchmark_points
from .eft.conventions import scale_from_coefficient
from .eft.neutrino import FIELDS
from .experiments import Likelihood, presets
from .observables import predict, uncertainty
from .parameters import Parameters
from .plots.exclusion import (
    RELATIVE_COUPLINGS,
    coupling_scale,
    operator_dimension,
    plot_coupling_vs_mass,
    plot_kaon_window,
    plot_rk_plane,
)
from .plots.spectra import plot_normalised_spectra, plot_nunu_spectrum
from .report_sections import SECTIONS

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
NORMALISED_SPECTRA_FILE = "spectra_normalised_BK.png"
KAON_WINDOW_FILE = "kaon_window.png"
RK_PLANE_FILE = "rk_plane.png"
HTML_FILE = "index.html"
SM_LABEL = "SM"
#: Couplings per allowed-range scan (relative to `coupling_scale`, plus a near-zero point).
RANGE_POINTS = 600
#: GeV → TeV for displayed scales Λ.
TEV_PER_GEV = 1e-3
#: Steps of run_report besides one per SM observable, νν̄ benchmark point and coupling plot.
_FIXED_STEPS = ("spectrum plot", "dark points", "likelihood contributions", "best fits", "allowed ranges",
                "normalised spectra plot", "kaon window plot", "R_K-R_K* plot", *SECTIONS, "writing files")


@cache
def settings() -> dict:
    """The report's dark points, fits, ranges and plots (report_settings.yaml)."""
    with open(Path(__file__).with_name("report_settings.yaml")) as stream:
        return yaml.safe_load(stream)


def coupling_plot_file(species: str, operator: str) -> str:
    """'coupling_real_scalar_CS_sb.png'."""
    return f"coupling_{species.replace(' ', '_')}_{operator}.png"


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
    return (len(SM_OBSERVABLES) + len(benchmark_points()) + len(settings()["coupling_plots"])
            + len(_FIXED_STEPS))


# --- likelihoods for a νν̄ point per quark sector plus dark particles --------------------------
def constrain(names: str | Iterable[str], nunu: Mapping[str, NeutrinoWET] | None = None,
              darks: Iterable[DarkEFT | InvisibleBoson] = (), params: Parameters | None = None) -> dict:
    """Per measurement: the compared prediction and −2 ln L for the theory and for the SM; totals and
    Δ(−2 ln L) = theory − SM.

    `nunu` maps quark sectors ('sb', 'sd') to NeutrinoWET points (a measurement of a sector without
    one sees the SM νν̄); `darks` are DarkEFT points added to every invisible rate, or one
    InvisibleBoson for the two-body (mass-curve) measurements, whose SM reference is the same boson
    without couplings. `names`: presets or measurements of `darkflav.experiments`."""
    likelihood = Likelihood(names, params)
    parts = [*dict(nunu or {}).values(), *darks]
    theory = parts[0] if len(parts) == 1 else (parts or None)
    reference = InvisibleBoson(theory.spin, theory.mass, {}) if isinstance(theory, InvisibleBoson) else None
    chis, sm_chis = likelihood.contributions(theory), likelihood.contributions(reference)
    rows = {m.name: {"observable": m.observable, "compare": m.compare, "measured": m.describe(),
                     "prediction": float(likelihood.prediction(m, theory)),
                     "sm_prediction": float(likelihood.prediction(m, reference)),
                     "minus_two_log_l": float(chis[m.name]), "sm_minus_two_log_l": float(sm_chis[m.name])}
            for m in likelihood.measurements}
    total = sum(r["minus_two_log_l"] for r in rows.values())
    sm_total = sum(r["sm_minus_two_log_l"] for r in rows.values())
    return {"measurements": rows, "minus_two_log_l": total, "sm_minus_two_log_l": sm_total,
            "delta_minus_two_log_l": total - sm_total}


def _dark_scale(species: str, operator: str, mass: float, params: Parameters) -> float:
    """coupling_scale for B⁺→K⁺ (sb operators) or K⁺→π⁺ (sd) at one mass."""
    decay = "K+->pi+" if operator.endswith("_sd") else "B+->K+"
    return float(coupling_scale(species, operator, decay, mass, params))


def fit_dark_point(preset: str, species: str, operator: str, mass: float, params: Parameters) -> dict:
    """Best-fit coefficient of one operator at fixed mass: grid scan for the start, then iminuit
    (the fit parameter is C over its natural scale, so it is of order one)."""
    likelihood = Likelihood(preset, params)
    scale = _dark_scale(species, operator, mass, params)
    relative = np.geomspace(*RELATIVE_COUPLINGS, 200)
    values = likelihood.minus_two_log_l(DarkEFT(species, mass, {operator: relative * scale}))
    start = float(relative[np.argmin(values)])
    fit = likelihood.best_fit(lambda r: DarkEFT(species, mass, {operator: r * scale}), {"r": start},
                              {"r": (0.0, None)})
    return {"likelihood": preset, "parameter": f"{operator} ({species}, m = {mass:g} GeV)",
            "value": fit["values"]["r"] * scale, "error": fit["errors"]["r"] * scale,
            "minus_two_log_l": fit["minus_two_log_l"], "valid": fit["valid"],
            "delta_minus_two_log_l": fit["minus_two_log_l"] - float(likelihood.minus_two_log_l(None))}


def fit_nunu(name: str, spec: Mapping, params: Parameters) -> dict:
    """Best fit of one νν̄ coefficient (report_settings.yaml, nunu_fits)."""
    likelihood = Likelihood(spec["likelihood"], params)

    def factory(c):
        return NeutrinoWET(**{spec["field"]: {spec["pair"]: c}})

    fit = likelihood.best_fit(factory, {"c": spec["start"]}, {"c": tuple(spec["limits"])})
    return {"likelihood": spec["likelihood"], "parameter": name, "value": fit["values"]["c"],
            "error": fit["errors"]["c"], "minus_two_log_l": fit["minus_two_log_l"], "valid": fit["valid"],
            "delta_minus_two_log_l": fit["minus_two_log_l"] - float(likelihood.minus_two_log_l(None))}


def allowed_range(preset: str, species: str, operator: str, mass: float, cl: float,
                  params: Parameters) -> dict:
    """|C| allowed at confidence level cl at one mass (profile over the coupling): lower and upper
    end (lower 0 where C → 0 is allowed; 'open' if the band reaches the top of the scan), the
    best |C|, its Δ(−2 ln L) from the SM, and the displayed scale Λ = |C|^(−1/(d−4))."""
    likelihood = Likelihood(preset, params)
    scale = _dark_scale(species, operator, mass, params)
    relative = np.geomspace(*RELATIVE_COUPLINGS, RANGE_POINTS - 1)
    couplings = np.concatenate([[0.0], relative * scale])

    def factory(m, c):
        return DarkEFT(species, m, {operator: c})

    mask = likelihood.allowed_region(factory, [mass], couplings, cl=cl, reference="profile")[0]
    values = likelihood.minus_two_log_l(factory(mass, couplings))
    best = float(couplings[np.argmin(values)])
    allowed = couplings[mask]
    dimension = operator_dimension(species, operator)
    return {"species": species, "operator": operator, "mass": mass, "cl": cl, "likelihood": preset,
            "lower": float(allowed.min()), "upper": float(allowed.max()), "open": bool(mask[-1]),
            "contiguous": bool(np.all(np.diff(np.flatnonzero(mask)) == 1)), "best": best,
            "delta_minus_two_log_l": float(values.min() - likelihood.minus_two_log_l(None)),
            "dimension": dimension,
            "best_scale_tev": float(scale_from_coefficient(best, dimension)) * TEV_PER_GEV if best else None}


def _prediction(name: str, theory, params: Parameters, n_samples: int) -> dict[str, float]:
    """{'value', 'uncertainty'} of one observable, as plain floats."""
    return {"value": float(predict(name, theory, params)),
            "uncertainty": float(uncertainty(name, theory, params, n_samples))}


def run_report(out_dir, params: Parameters | None = None, n_samples: int = 400,
               progress: Callable[[str], None] | None = None) -> dict:
    """Compute the report and write predictions.json, predictions.csv, summary.md, the PNG plots
    and index.html (an HTML page with every table and plot).

    Returns the content of predictions.json. `progress(message)` is called before each step
    (`step_count()` times).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    params = params or Parameters.default()
    notify = progress or (lambda message: None)
    config = settings()
    preset = config["preset"]

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

    sections = {}
    for name, build in SECTIONS.items():
        notify(name.replace("_", " "))
        section = build(config[name], out, params)
        sections[name] = {"title": section.title, "tables": section.tables, "figures": section.figures,
                          "data": section.data}

    notify("writing files")
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
        "sections": sections,
        "html": HTML_FILE,
    }
    (out / "predictions.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _write_csv(out / "predictions.csv", result)
    (out / "summary.md").write_text(_summary(result))
    (out / HTML_FILE).write_text(_html(result))
    return result


def _nunu_label(point: str) -> str:
    """Legend label of a νν̄ benchmark point (mathtext)."""
    return rf"$\nu\bar\nu$ point {point}"


def _dark_label(point: Mapping) -> str:
    """'real scalar, m = 1 GeV, CS_sb' for legends."""
    return f"{point['species']}, m = {point['mass']:g} GeV, {point['operator']}"


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


def _chi(value: float) -> str:
    """−2 ln L with two decimals."""
    return f"{value:.2f}"


def _coupling(value: float | None) -> str:
    """A coefficient such as 9.00e-08 (or '0')."""
    return "0" if not value else f"{value:.3g}"


def _tables(result: dict) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(title, note, header, rows) of every table of the report, as plain text cells."""
    sm_rows = [[name, format_prediction(p)] for name, p in result["sm"].items()]
    point_rows = [[point, *(format_prediction(entry["predictions"][name]) for name in BENCHMARK_OBSERVABLES)]
                  for point, entry in result["benchmarks"].items()]
    preset = result["preset"]["name"]
    theories = list(result["likelihood"])
    first = result["likelihood"][theories[0]]["measurements"]
    chi_rows = [[name, first[name]["measured"],
                 *(_chi(result["likelihood"][t]["measurements"][name]["minus_two_log_l"]) for t in theories)]
                for name in first]
    chi_rows.append(["total", "", *(_chi(result["likelihood"][t]["minus_two_log_l"]) for t in theories)])
    chi_rows.append(["Δ(−2 ln L) vs SM", "",
                     *(_chi(result["likelihood"][t]["delta_minus_two_log_l"]) for t in theories)])
    dark_rows = [[name, p["species"], f"{p['mass']:g}", p["operator"],
                  _coupling(p["coefficient"]) + (" (fitted)" if p["fitted"] else ""), p["description"]]
                 for name, p in result["dark_points"].items()]
    fit_rows = [[f["parameter"], f["likelihood"], format_measurement(f["value"], f["error"]),
                 _chi(f["minus_two_log_l"]), _chi(f["delta_minus_two_log_l"]), "yes" if f["valid"] else "no"]
                for f in result["best_fits"]]
    range_rows = []
    for r in result["allowed_ranges"]:
        upper = _coupling(r["upper"]) + (" (open)" if r["open"] else "")
        scale = "—" if r["best_scale_tev"] is None else f"{r['best_scale_tev']:.3g}"
        range_rows.append([r["species"], r["operator"], f"GeV^{4 - r['dimension']}", _coupling(r["lower"]),
                           upper, _coupling(r["best"]), _chi(r["delta_minus_two_log_l"]), scale])
    first_range = result["allowed_ranges"][0] if result["allowed_ranges"] else {"mass": "", "cl": 0}
    return [
        ("Standard Model", "Central values with the default inputs; 1σ from sampled inputs.",
         ["observable", "prediction"], sm_rows),
        ("νν̄ benchmark points", "New-physics coefficients of the νν̄ effective theory (descriptions below).",
         ["point", *BENCHMARK_OBSERVABLES], point_rows),
        ("Dark benchmark points", "Pairs of invisible particles; coefficients in darkflav's normalisation.",
         ["point", "species", "mass [GeV]", "operator", "coefficient", "description"], dark_rows),
        (f"Likelihood: {preset}", f"−2 ln L per measurement ({result['preset']['description']}).",
         ["measurement", "measured", *theories], chi_rows),
        ("Best fits", "iminuit (MIGRAD, HESSE); Δ(−2 ln L) relative to the SM.",
         ["parameter", "likelihood", "best fit ± 1σ", "−2 ln L", "Δ(−2 ln L) vs SM", "valid"], fit_rows),
        (f"Allowed couplings at m = {first_range['mass']} GeV",
         f"|C| allowed at {100 * first_range['cl']:.0f} % CL by {preset} (profile over the coupling); "
         "Λ = |C|^(−1/(d−4)) of the best point.",
         ["species", "operator", "unit", "lower", "upper", "best", "Δ(−2 ln L) vs SM", "Λ [TeV]"],
         range_rows),
    ] + [tuple(t) for section in result.get("sections", {}).values() for t in section["tables"]]


def _figures(result: dict) -> list[tuple[str, str]]:
    """(file, caption) of every plot of the report."""
    plots = result["plots"]
    figures = [
        (plots["spectrum"], "dB/dq² of B⁺→K⁺νν̄: the SM with its 1σ band and the νν̄ benchmark points."),
        (plots["normalised_spectra"], "Normalised q² spectra (1/Γ)dΓ/dq² of B⁺→K⁺ + invisible: SM νν̄, a νν̄ "
                                      "benchmark point (for B → K every νν̄ point has the SM shape) and the "
                                      "dark benchmark points."),
        (plots["kaon_window"], "K⁺→π⁺φφ for a real scalar: the couplings that fill the NA62 window, the NA62 "
                               "and KOTO exclusions, and the mass where NA62's region 2 closes."),
        (plots["rk_plane"], "R_K versus R_K*: seed measurements, the SM, the C_R^ττ line and the νν̄ "
                            "benchmark points."),
    ]
    preset = result["preset"]["name"]
    figures += [(c["file"], f"{c['species']}, {c['operator']}: couplings allowed by {preset} versus the "
                            "mass (B⁺→K⁺XX).") for c in plots["couplings"]]
    return figures + [tuple(f) for section in result.get("sections", {}).values() for f in section["figures"]]


def _summary(result: dict) -> str:
    """summary.md: the tables, a line per benchmark point and the plots."""
    choices = ", ".join(f"{k}: {v}" for k, v in result["parameter_choices"].items())
    descriptions = [f"- `{point}`: {entry['description']}" for point, entry in result["benchmarks"].items()]
    parts = ["# darkflav report",
             f"darkflav {result['darkflav_version']}; {choices}. Uncertainties are 1σ, from "
             f"{result['n_samples']} samples of the inputs. The same content as a web page: "
             f"`{result['html']}`."]
    for title, note, header, rows in _tables(result):
        parts += [f"## {title}", note]
        if title == "νν̄ benchmark points":
            parts.append("\n".join(descriptions))
        parts.append(_markdown_table(header, rows))
    parts.append("## Plots")
    parts += [f"![{caption}]({file})" for file, caption in _figures(result)]
    return "\n\n".join(parts) + "\n"


_CSS = """
body { font-family: "Helvetica Neue", Arial, sans-serif; margin: 2em auto; max-width: 72em; color: #222;
       line-height: 1.45; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } tr:nth-child(even) td { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.note, figcaption { color: #555; font-size: 0.92em; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(30em, 1fr)); gap: 1em; }
"""

#: Sets data-loaded="true" on <body> once every image has loaded (checked by the browser test).
_LOADED_SCRIPT = """
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var ok = images.every(function (img) { return img.complete && img.naturalWidth > 0; });
  document.body.setAttribute("data-loaded", ok ? "true" : "false");
  document.body.setAttribute("data-images", String(images.length));
});
"""


#: A number as the tables print it: '-15.834 ± 1.036', '(4.520 ± 0.406)e-06', '5.37e-08 (fitted)'.
_NUMBER = re.compile(r"^[−-]?\(?[0-9.]+( ± [0-9.]+)?\)?(e[+-]?[0-9]+)?( \((fitted|open)\))?$")


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table; cells that look numeric are right-aligned."""
    def cell(text: str) -> str:
        numeric = _NUMBER.match(text) is not None
        return f"<td class=\"num\">{html.escape(text)}</td>" if numeric else f"<td>{html.escape(text)}</td>"

    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _html(result: dict) -> str:
    """index.html: a self-contained page (inline style) with every table and the plots (relative paths)."""
    choices = ", ".join(f"{k}: {v}" for k, v in result["parameter_choices"].items())
    sections = []
    for title, note, header, rows in _tables(result):
        extra = ""
        if title == "νν̄ benchmark points":
            items = [f"<li><code>{html.escape(p)}</code>: {html.escape(e['description'])}</li>"
                     for p, e in result["benchmarks"].items()]
            extra = "<ul>" + "".join(items) + "</ul>"
        sections.append(f"<h2>{html.escape(title)}</h2>\n<p class=\"note\">{html.escape(note)}</p>\n"
                        f"{extra}\n{_html_table(header, rows)}")
    figures = "\n".join(
        f"<figure><img src=\"{html.escape(file)}\" alt=\"{html.escape(caption)}\" loading=\"eager\">"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>" for file, caption in _figures(result))
    intro = (f"Predictions of rare meson decays with missing energy (B → K(*) + invisible, K → π + "
             f"invisible) by darkflav {result['darkflav_version']} ({choices}): Standard Model and νν̄ "
             f"benchmark points with uncertainties, the likelihood of the constraint set "
             f"“{result['preset']['name']}” for dark benchmark points, best fits, allowed coupling ranges, "
             "and plots. Machine-readable numbers: predictions.json, predictions.csv.")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>darkflav report</title>
<style>{_CSS}</style>
<script>{_LOADED_SCRIPT}</script>
</head>
<body>
<h1>darkflav report</h1>
<p>{html.escape(intro)}</p>
{chr(10).join(sections)}
<h2>Plots</h2>
<div class="grid">
{figures}
</div>
</body>
</html>
"""
