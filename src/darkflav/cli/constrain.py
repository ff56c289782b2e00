"""`darkflav constrain`: a theory against measurements or a preset, per measurement and in total."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.text import Text

from ..eft import NeutrinoWET
from ..errors import DarkflavError
from ..experiments import Likelihood
from ..experiments.fits import constrain
from ..registry import get
from ..theories import read_theory
from .common import DEFAULT_PRESET, console, parts, table, user_errors


def _sectors(names: list[str]) -> set[str]:
    """Quark sectors ('sb', 'sd') of the observables of these measurements or presets."""
    return {get(m.observable).sector for m in Likelihood(names).measurements}


def constrain_command(
    preset: Annotated[str | None, typer.Option(help="Preset of measurements (default: "
                                                    f"{DEFAULT_PRESET!r}).")] = None,
    measurement: Annotated[list[str] | None, typer.Option(help="A measurement (repeat the option for more); "
                                                                "see `darkflav list measurements`.")] = None,
    wc: Annotated[str | None, typer.Option(help="WCxf file of νν̄ coefficients, read for every quark sector "
                                                "the measurements need (default: the SM).")] = None,
    dark: Annotated[str | None, typer.Option(help="YAML file of a DarkEFT (species, mass, coefficients), "
                                                  "or of an InvisibleBoson for two-body results.")] = None,
    profile: Annotated[str, typer.Option(help="Nuisance parameters of a published likelihood: 'fast' (linearised, "
                                              "vectorised) or 'full' (a pyhf fit).")] = "fast",
    dark_matter: Annotated[str, typer.Option(help="The scalar is 'all' of the dark matter (relic density a "
                                                  "measurement) or 'at most' all of it (direct detection and CMB "
                                                  "rescaled by Ω/Ω_DM).")] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Per measurement: prediction and −2 ln L for the theory and the SM; total and Δ(−2 ln L) vs the SM."""
    with user_errors():
        if preset and measurement:
            raise DarkflavError("give either --preset or --measurement, not both")
        names = list(measurement) if measurement else [DEFAULT_PRESET if preset is None else preset]
        given = parts(read_theory(wc, "WCxf file", sectors=sorted(_sectors(names)))) if wc else []
        given += parts(read_theory(dark)) if dark else []
        for theory in given:
            if getattr(theory, "shape", ()) != ():
                raise DarkflavError(f"constrain needs one point; the {type(theory).__name__} has shape "
                                    f"{theory.shape}")
        nunu = {t.sector: t for t in given if isinstance(t, NeutrinoWET)}
        if len(nunu) < sum(isinstance(t, NeutrinoWET) for t in given):
            raise DarkflavError("constrain takes one NeutrinoWET per quark sector")
        result = constrain(names, nunu, [t for t in given if not isinstance(t, NeutrinoWET)], profile=profile,
                           dark_matter=dark_matter)
    if as_json:
        typer.echo(json.dumps({"likelihood": names, "profile": profile, "wc_file": wc, "dark_file": dark, **result}))
        return
    rows = [[name, r["observable"] + ("" if r["compare"] == "value" else f" [{r['compare']}]"), r["measured"],
             _cell(r["prediction"], ".4g"), _cell(r["sm_prediction"], ".4g"), f"{r['minus_two_log_l']:.3f}",
             f"{r['pull']:+.2f}", _cell(r["sm_minus_two_log_l"], ".3f")] for name, r in result["measurements"].items()]
    rows.append(["total", "", "", "", "", f"{result['minus_two_log_l']:.3f}", "",
                 f"{result['sm_minus_two_log_l']:.3f}"])
    theory_label = " + ".join(filter(None, [wc, dark])) or "SM"
    console.print(table(f"darkflav constrain: {theory_label} against {', '.join(names)}",
                        ["measurement", "compared quantity", "measured", "prediction", "SM", "−2 ln L", "pull",
                         "−2 ln L (SM)"], rows))
    n_all, n_sm = len(result["measurements"]), result["compared_with_sm"]
    over = "" if n_sm == n_all else f" over the {n_sm} measurements the SM predicts (— : no SM value)"
    console.print(Text(f"Δ(−2 ln L) relative to the SM{over}: {result['delta_minus_two_log_l']:+.3f}"))


def _cell(value, spec: str) -> str:
    """A table cell: a number, a binned prediction (its sum, marked Σ) or — for none."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return f"Σ {sum(value):{spec}}"
    return f"{value:{spec}}"
