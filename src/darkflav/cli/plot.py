"""`darkflav plot …`: every figure of darkflav.plots as a PNG file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.text import Text

from ..collider.vlq.bounds import benchmark, yukawa_bound
from ..eft import DarkEFT
from ..errors import DarkflavError, whole_number
from ..experiments.model_fit import load_fit
from ..parameters import Parameters
from ..plots.belle2 import plot_belle2_bins
from ..plots.direct_detection import plot_dd_plane
from ..plots.exclusion import plot_coupling_vs_mass, plot_kaon_window, plot_rk_plane
from ..plots.global_plane import fit_plane, global_plane, plot_global_plane
from ..plots.leptoquark import plot_cl_cr_plane, plot_ctautau_cmutau_plane, plot_leptoquark_solutions
from ..plots.monojet import plot_yukawa_bounds
from ..plots.relic import plot_relic_coupling
from ..plots.scan import plot_scan
from ..report import coupling_plot_file
from ..theories import describe, read_theory
from .common import DEFAULT_PRESET, check_image, console, echo_json, parts, table, user_errors

plot_app = typer.Typer(help="Draw a plot (PNG): the K → πφφ window, the R_K–R_K* plane, couplings "
                            "versus mass.", no_args_is_help=True)


def draw(plot, out: Path, *args, quiet: bool = False, **kwargs) -> None:
    """Run a plot function writing `out`, report errors as one line, and print where it went (unless `quiet`: a
    --json command prints it in its JSON object)."""
    with user_errors():
        check_image(out)
        plot(out, *args, **kwargs)
    if not quiet:
        console.print(Text(f"plot written to {Path(out).resolve()}"))


@plot_app.command("kaon-window")
def plot_kaon_window_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("kaon_window.png"),
) -> None:
    """K⁺→π⁺φφ (real scalar, CS_sd) versus m_φ: the NA62 window, NA62 and KOTO exclusions."""
    draw(plot_kaon_window, out)


@plot_app.command("rk-plane")
def plot_rk_plane_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("rk_plane.png"),
) -> None:
    """R_K versus R_K* with the seed measurements, the C_R^ττ line and the νν̄ benchmark points."""
    draw(plot_rk_plane, out)


@plot_app.command("leptoquark")
def plot_leptoquark_command(
    kind: Annotated[str, typer.Option(help="Leptoquark: S0, S1/2~, S1, V1/2 or V1.")] = "S1/2~",
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("leptoquark_solutions.png"),
    points: Annotated[int, typer.Option(help="Random coupling points.")] = 20000,
) -> None:
    """R_K versus R_K* of one leptoquark from a random scan of its couplings (M = 2 TeV), side constraints applied."""
    draw(plot_leptoquark_solutions, out, kind, n_points=points)


@plot_app.command("lq-plane")
def plot_lq_plane_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("lq_plane.png"),
    pair: Annotated[str | None, typer.Option(help="Lepton pair (e.g. tautau): the C_L–C_R plane of this pair "
                                                  "instead of C_R^tautau–C_R^mutau.")] = None,
) -> None:
    """The C_R^ττ–C_R^μτ plane allowed by the seeds' νν̄ set with the LFV limits of S1/2~, V1/2 (or with --pair,
    the C_L–C_R plane of one lepton pair)."""
    if pair is None:
        draw(plot_ctautau_cmutau_plane, out)
    else:
        draw(plot_cl_cr_plane, out, pair)


@plot_app.command("coupling")
def plot_coupling_command(
    species: Annotated[str, typer.Option(help="Invisible species, e.g. 'real scalar', 'Dirac fermion'.")],
    operator: Annotated[str, typer.Option(help="Coefficient with quark flavours, e.g. CS_sb, CVV_sb.")],
    decay: Annotated[str, typer.Option(help="Decay that sets the mass range, e.g. B+->K+, "
                                            "K+->pi+.")] = "B+->K+",
    preset: Annotated[str, typer.Option(help="Preset or measurement of the likelihood.")] = DEFAULT_PRESET,
    out: Annotated[Path | None, typer.Option(help="PNG file (default: "
                                                  "coupling_<species>_<operator>.png).")] = None,
    couplings: Annotated[tuple[float, float] | None, typer.Option(
        help="|C| range LOW HIGH (default: around the coupling where the pairs give the SM νν̄ "
             "rate).")] = None,
) -> None:
    """|C| of one DarkEFT operator versus the mass, allowed at 68 % and 95 % CL (profile likelihood)."""
    with user_errors():
        out = out or Path(coupling_plot_file(species, operator))
        check_image(out)
        if couplings is not None and not 0 < couplings[0] < couplings[1]:
            raise DarkflavError(f"--couplings needs 0 < LOW < HIGH, got {couplings[0]:g} {couplings[1]:g}")
        plot_coupling_vs_mass(out, species, operator, decay, preset, couplings=couplings)
    console.print(Text(f"plot written to {out.resolve()}"))


@plot_app.command("dd-plane")
def plot_dd_plane_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("dd_plane.png"),
    mass: Annotated[float, typer.Option(help="m_φ in GeV.")] = 0.12,
    points: Annotated[int, typer.Option(help="Grid points per axis.")] = 81,
) -> None:
    """R_−–R_s plane of a real scalar allowed by direct detection, C_+ from the relic density."""
    draw(plot_dd_plane, out, mass=mass, n_points=points)


@plot_app.command("scan")
def plot_scan_command(
    folder: Annotated[Path, typer.Argument(help="A scan folder (darkflav scan … --out FOLDER).")],
    x: Annotated[str, typer.Option(help="Column on the x axis (a scan parameter or an observable).")],
    y: Annotated[str, typer.Option(help="Column on the y axis.")],
    likelihood: Annotated[str | None, typer.Option(help="Recorded likelihood (default: the first).")] = None,
    log_x: Annotated[bool, typer.Option(help="Logarithmic x axis.")] = False,
    log_y: Annotated[bool, typer.Option(help="Logarithmic y axis.")] = False,
    out: Annotated[Path | None, typer.Option(help="PNG file (default: in the scan folder).")] = None,
) -> None:
    """Points of a scan allowed at 68 % and 95 % CL in two columns, profiled over the others."""
    with user_errors():
        if out is not None:
            check_image(out)
        path = plot_scan(folder, x, y, likelihood, out, log_x=log_x, log_y=log_y)
    console.print(Text(f"plot written to {Path(path).resolve()}"))


@plot_app.command("vlq-plane")
def plot_vlq_plane_command(
    mass: Annotated[list[float] | None, typer.Option(help="m_Q = m_D in GeV (repeatable).")] = None,
    n_points: Annotated[int, typer.Option(help="Monte Carlo points per process and mass.")] = 2000,
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("vlq_plane.png"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the table of bounds as a JSON object.")] = False,
) -> None:
    """The VLQ (m_Q, y) plane along the slides' benchmark direction: 95 % CL upper bound on y versus m_Q from the
    ATLAS monojet search (139 fb⁻¹) and the HL-LHC expectation, with the benchmark point."""
    masses = np.array(mass or [1000.0, 1500.0, 2000.0, 2500.0, 3000.0], float)
    with user_errors():
        check_image(out)  # before the Monte Carlo
        hl = Parameters.default()["lumi_HL-LHC"]
        bounds = {"ATLAS 139/fb": np.array([yukawa_bound(m, n_points=n_points) for m in masses]),
                  f"HL-LHC {hl:g}/fb (expected)": np.array([yukawa_bound(m, n_points=n_points, luminosity=hl)
                                                            for m in masses])}
    point = (benchmark()["m_Q"]["value"], benchmark()["yukawa"]["value"])
    draw(plot_yukawa_bounds, out, masses, bounds, float(np.sqrt(4 * np.pi)), point, quiet=as_json)
    if as_json:
        # null: allowed up to the perturbative limit √(4π) (inf in the table)
        echo_json({"m_Q": masses, "y_bound_95": {k: [None if np.isinf(b) else float(b) for b in v]
                                                 for k, v in bounds.items()},
                   "perturbative_limit": float(np.sqrt(4 * np.pi)), "benchmark": {"m_Q": point[0], "y": point[1]},
                   "plot": str(out.resolve())})
        return
    console.print(table("95 % CL upper bound on y (0: excluded for every y; inf: allowed up to √(4π))",
                        ["m_Q (GeV)", *bounds], [[f"{m:g}", *(f"{b[i]:.3g}" for b in bounds.values())]
                                                 for i, m in enumerate(masses)]))


@plot_app.command("relic")
def plot_relic_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("relic_coupling.png"),
) -> None:
    """The coupling giving Ωh² = 0.12 versus m_φ (real scalar, flavour-diagonal scenarios), CMB-excluded dotted."""
    draw(plot_relic_coupling, out)


@plot_app.command("belle2-bins")
def plot_belle2_bins_command(
    theory: Annotated[Path | None, typer.Option(help="YAML file of a theory (DarkEFT, InvisibleBoson, NeutrinoWET or a "
                                                     "list; one point) whose signal is drawn as a line.")] = None,
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("belle2_bins.png"),
) -> None:
    """The 30 fit bins of Belle II's published B⁺→K⁺νν̄ likelihood: data, post-fit background, SM signal, the
    published fit and, with --theory, the theory's signal (its SM νν̄ included)."""
    with user_errors():
        check_image(out)
        point = None
        if theory is not None:
            point = read_theory(str(theory))
            for part in parts(point):
                if getattr(part, "shape", ()) != ():
                    raise DarkflavError(f"belle2-bins draws one theory point; {describe(part)} in {str(theory)!r} has "
                                        f"shape {part.shape}")
    draw(plot_belle2_bins, out, point, theory.stem if theory is not None else None)


@plot_app.command("global-plane")
def plot_global_plane_command(
    dark: Annotated[Path | None, typer.Option(help="YAML file of a DarkEFT whose coefficients give the direction (its "
                                                   "mass is ignored): the plane is (m_φ, scale × these coefficients).")]
    = None,
    fit: Annotated[Path | None, typer.Option(help="Instead of --dark: a fit file with exactly two free parameters "
                                                  "(any theory or UV model; docs/fits.md): the plane of those, on "
                                                  "their ranges with its `points`, likelihood and dark-matter mode.")]
    = None,
    masses: Annotated[tuple[float, float], typer.Option(help="m_φ range LOW HIGH in GeV (--dark).")] = (0.05, 2.4),
    scales: Annotated[tuple[float, float], typer.Option(help="Range LOW HIGH of the factor on the coefficients "
                                                             "(log axis; --dark).")] = (0.01, 100.0),
    points: Annotated[int, typer.Option(help="Grid points per axis (--dark).")] = 16,
    preset: Annotated[str, typer.Option(help="Preset or measurement of the likelihood (--dark).")]
    = "dark scalar global",
    dark_matter: Annotated[str, typer.Option(help="'all' or 'at most' (see darkflav constrain; --dark).")] = "all",
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("global_plane.png"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the best point and the table of groups as a JSON "
                                                         "object.")] = False,
) -> None:
    """All constraints together on a plane: the allowed region and each group's 95 % CL boundary (B → K, K → π, relic
    density, CMB, direct detection, monojet, side constraints), the best point and what binds there. Either the
    (m_φ, coupling) plane of a DarkEFT direction (--dark) or any two parameters of a fit file (--fit)."""
    with user_errors():
        check_image(out)
        if (dark is None) == (fit is None):
            raise DarkflavError("give either --dark (a DarkEFT direction) or --fit (a fit file with two free "
                                "parameters)")
        if fit is not None:
            definition = load_fit(str(fit))
            plane = fit_plane(definition)
            preset, dark_matter = ", ".join(definition.likelihood), definition.dark_matter
            plot_global_plane(out, plane, f"{definition.name} against {preset} (dark matter: {dark_matter})")
        else:
            whole_number("points", points, 2, 200)
            if not 0 <= masses[0] < masses[1] or not 0 < scales[0] < scales[1]:
                raise DarkflavError(f"--masses needs 0 ≤ LOW < HIGH and --scales 0 < LOW < HIGH, got {masses}, "
                                    f"{scales}")
            direction = read_theory(str(dark))
            if not isinstance(direction, DarkEFT) or direction.shape != ():
                raise DarkflavError(f"global-plane takes one DarkEFT point as the direction; {str(dark)!r} holds "
                                    f"{describe(direction)}")
            plane = global_plane(direction, np.linspace(*masses, points), np.geomspace(*scales, points), preset,
                                 dark_matter)
            plot_global_plane(out, plane, f"{dark.stem} against {preset} (dark matter: {dark_matter})",
                              f"factor on the coefficients of {dark.name}")
    x, y = plane.best
    if as_json:
        names = (plane.x_label, plane.y_label) if fit is not None else ("mass", "scale")
        echo_json({"best": {names[0]: x, names[1]: y, "minus_two_log_l": float(plane.total.min())},
                   "delta_minus_two_log_l_at_best": plane.at_best(), "preset": preset, "dark_matter": dark_matter,
                   "plot": str(out.resolve())})
        return
    described = f"{plane.x_label} = {x:.3g}, {plane.y_label} = {y:.3g}" if fit is not None else \
        f"m_φ = {x:.3g} GeV, factor {y:.3g}"
    console.print(table(f"best point: {described}; −2 ln L = "
                        f"{plane.total.min():.2f}",
                        ["constraint group", "Δ(−2 ln L) at the best point (vs its own minimum)"],
                        [[g, f"{v:.2f}"] for g, v in sorted(plane.at_best().items(), key=lambda kv: -kv[1])]))
    console.print(Text(f"plot written to {out.resolve()}"))
