"""Build-time pages of the documentation site (run by mkdocs-gen-files, mkdocs.yml): every registered observable
and every measurement and preset, read from darkflav itself, so that these lists cannot drift from the code.

The rows are those of `darkflav list observables` and `darkflav list measurements --wide` (src/darkflav/cli/predict.py):
the observable registry (darkflav.registry) and the measurement database (darkflav.experiments.measurements).
"""

from __future__ import annotations

import mkdocs_gen_files

import darkflav
from darkflav.experiments import measurements, presets
from darkflav.registry import observables


def cell(text) -> str:
    """Markdown table cell: one line, with the characters Markdown would read as markup escaped."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\|*_[]`":
        text = text.replace(char, "\\" + char)
    return text


def code(text) -> str:
    """A name as inline code (names contain *, <, > and |-free text only)."""
    return f"`{text}`"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows), ""]


def observables_page() -> str:
    every = observables()
    groups: dict[tuple[str, ...], list] = {}
    for obs in every:
        groups.setdefault(tuple(kind.__name__ for kind in obs.reads), []).append(obs)
    lines = ["# Observables", "",
             f"All {len(every)} observables of darkflav {darkflav.__version__}, generated from the observable registry "
             "when the site is built (`darkflav list observables` prints the same). `darkflav.predict(name, theory, "
             "params, **arguments)` computes any of them; arguments in brackets are optional. Grouped by the theory "
             "containers each observable reads (a theory lacking one is the Standard Model there).", ""]
    for reads, group in groups.items():
        lines += [f"## {' + '.join(reads)}", ""]
        rows = []
        for obs in group:
            arguments = [*obs.arguments, *(f"[{a}]" for a in obs.optional)]
            aliases = ", ".join(code(a) for a in obs.aliases)
            rows.append([code(obs.name), cell(", ".join(arguments)), cell(obs.unit), cell(obs.sector),
                         cell(obs.description) + (f" (aliases: {aliases})" if aliases else "")])
        lines += table(["name", "arguments", "unit", "sector", "description"], rows)
    return "\n".join(lines)


def measurements_page() -> str:
    every = measurements()
    lines = ["# Measurements", "",
             f"All {len(every)} measurements of darkflav {darkflav.__version__}, generated from the measurement "
             "database (`src/darkflav/experiments/data/measurements.yaml`) when the site is built (`darkflav list "
             "measurements --wide` prints the same). *compare*: the observable (`value`), its new-physics part "
             "(`np`) or its ratio to the SM (`ratio`); *kind*: the likelihood; *status*: how far the number was "
             "checked against its publication ([Measurements and likelihoods](../experiments.md) for both); the "
             "sources are listed below the table.", ""]
    rows = [[code(m.name), code(m.observable), cell(m.compare), cell(m.kind), cell(m.describe()), cell(m.status)]
            for m in every.values()]
    lines += table(["name", "observable", "compare", "kind", "value", "status"], rows)
    lines += ["## Sources", ""]
    lines += [f"* {code(m.name)}: {cell(m.source)}" for m in every.values()] + [""]
    lines += ["## Presets", "", "Named sets of measurements (`src/darkflav/experiments/data/presets.yaml`), for "
              "`darkflav.experiments.Likelihood(name)` and `darkflav constrain --preset NAME`.", ""]
    rows = [[code(name), cell(preset.get("description", "")), ", ".join(code(m) for m in preset["measurements"])]
            for name, preset in presets().items()]
    lines += table(["preset", "description", "measurements"], rows)
    return "\n".join(lines)


with mkdocs_gen_files.open("reference/observables.md", "w") as page:
    page.write(observables_page())
with mkdocs_gen_files.open("reference/measurements.md", "w") as page:
    page.write(measurements_page())
