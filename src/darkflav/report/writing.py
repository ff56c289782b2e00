"""The report's files: predictions.json, predictions.csv, summary.md (markdown) and index.html (a self-contained
page), all written from the result of `run_report`, and the number formats of its tables."""

from __future__ import annotations

import csv
import html
import json
import math
import re
from pathlib import Path

from .config import BENCHMARK_OBSERVABLES, HTML_FILE, SM_LABEL


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


def write_files(out: Path, result: dict) -> None:
    """predictions.json, predictions.csv, summary.md and index.html in the folder `out`."""
    (out / "predictions.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _write_csv(out / "predictions.csv", result)
    (out / "summary.md").write_text(_summary(result))
    (out / HTML_FILE).write_text(_html(result))
