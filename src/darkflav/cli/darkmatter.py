"""`darkflav relic` (relic density and CMB) and `darkflav dd` (direct detection)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.text import Text

from ..darkmatter import direct_detection as dd
from ..darkmatter import relic_density_of, relic_scale
from ..darkmatter.cmb import p_ann
from ..eft import DarkEFT
from ..errors import DarkflavError
from ..parameters import Parameters
from ..theories import read_theory
from .common import console, table, user_errors


def relic_command(
    dark: Annotated[Path, typer.Option(help="YAML file of a real-scalar DarkEFT (species, mass, coefficients).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Relic density Ωh² by freeze-out (φφ → mesons), the factor on all coefficients that gives 0.120, and the
    CMB energy injection p_ann against Planck 2018, at the given couplings and at the relic ones (p_ann ∝ k²)."""
    with user_errors():
        theory = read_theory(dark)
        if not isinstance(theory, DarkEFT):
            raise DarkflavError("darkflav relic needs a DarkEFT file (species, mass, coefficients)")
        omega = np.atleast_1d(relic_density_of(theory))
        scale = np.atleast_1d(relic_scale(theory))
        injection = np.broadcast_to(np.atleast_1d(p_ann(theory)), omega.shape)
    bound = Parameters.default()["p_ann_Planck2018"]
    masses = np.broadcast_to(np.atleast_1d(theory.mass), omega.shape)
    if as_json:
        typer.echo(json.dumps({"mass": masses.tolist(), "Omega_h2": omega.tolist(), "scale_for_0.12": scale.tolist(),
                               "p_ann": injection.tolist(), "p_ann_bound": bound,
                               "cmb_excluded": (injection > bound).tolist(),
                               "cmb_excluded_at_scale": (injection * scale**2 > bound).tolist()}))
        return

    def verdict(value):
        return "excluded" if value > bound else "allowed"

    rows = [[f"{m:.4g}", f"{o:.4g}", f"{k:.4g}", f"{p:.3g}", verdict(p), verdict(p * k**2)]
            for m, o, k, p in zip(masses, omega, scale, injection, strict=True)]
    console.print(table("relic density and CMB", ["mass [GeV]", "Ωh²", "coefficients × k give 0.120: k",
                                                  "p_ann [cm³ s⁻¹ GeV⁻¹]", "CMB", "CMB at k"], rows))
    console.print(Text(f"CMB: Planck 2018 bound p_ann < {bound:.2g} cm³ s⁻¹ GeV⁻¹ (95 % CL)"))


def dd_command(
    dark: Annotated[Path | None, typer.Option(help="YAML file of a real-scalar DarkEFT.")] = None,
    species: Annotated[str, typer.Option(help="Species, if no --dark file.")] = "real scalar",
    mass: Annotated[float | None, typer.Option(help="Mass in GeV, if no --dark file.")] = None,
    coefficient: Annotated[list[str] | None, typer.Option(help="NAME=VALUE, e.g. CS_ss=1.5e-4 (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Direct detection: σ_SI(p), σ_SI(n), the isospin-corrected σ_eff per target and each limit's verdict."""
    with user_errors():
        if dark is not None and (mass is not None or coefficient):
            raise DarkflavError("give either --dark FILE or --mass with --coefficient, not both")
        if dark is not None:
            theory = read_theory(dark)
        elif mass is not None and coefficient:
            pairs = [c.partition("=") for c in coefficient]
            if any(not sep for _, sep, _ in pairs):
                raise DarkflavError(f"--coefficient takes NAME=VALUE, got {coefficient}")
            try:
                values = {name: float(value) for name, _, value in pairs}
            except ValueError as exc:
                raise DarkflavError(f"--coefficient values must be numbers: {exc}") from None
            theory = DarkEFT(species, mass, values)
        else:
            raise DarkflavError("darkflav dd needs --dark FILE, or --mass and at least one --coefficient")
        if not isinstance(theory, DarkEFT) or theory.shape != ():
            raise DarkflavError("darkflav dd takes one DarkEFT point (scalar mass and coefficients)")
        sigma = {n: float(dd.sigma_SI(theory, n)) for n in dd.NUCLEONS}
        effective = {t: float(dd.effective_cross_section(theory, t)) for t in dd.TARGETS}
        ratios = {name: float(r) for name, r in dd.limit_ratios(theory).items()}
    verdicts = {}
    for name, r in ratios.items():
        bound = float(dd.limit(name, theory.mass))
        verdicts[name] = {"target": dd.limits()[name]["target"], "limit": bound if np.isfinite(bound) else None,
                          "ratio": r, "verdict": "excluded" if r > 1 else "allowed" if np.isfinite(bound)
                          else "not probed"}
    if as_json:
        typer.echo(json.dumps({"mass": float(theory.mass), "sigma_SI(p)": sigma["p"], "sigma_SI(n)": sigma["n"],
                               "sigma_eff": effective, "limits": verdicts}))
        return
    console.print(table(f"direct detection, m = {float(theory.mass):.4g} GeV", ["quantity", "cm²"],
                        [[f"σ_SI({n})", f"{v:.4g}"] for n, v in sigma.items()]
                        + [[f"σ_eff({t})", f"{v:.4g}"] for t, v in effective.items()]))
    rows = [[name, v["target"], "–" if v["limit"] is None else f"{v['limit']:.4g}", f"{v['ratio']:.3g}",
             v["verdict"]] for name, v in verdicts.items()]
    console.print(table("limits (90 % CL)", ["experiment", "target", "limit [cm²]", "σ_eff/limit", "verdict"],
                        rows))
