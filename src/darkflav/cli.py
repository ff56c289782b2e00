"""The `darkflav` command: predict an observable, list observables, inputs and measurements, confront a
theory with measurements, draw plots, write a report."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from .eft import DarkEFT, NeutrinoWET
from .eft.dark import load_theory
from .errors import DarkflavError
from .experiments import Likelihood, measurements
from .experiments.fits import constrain
from .observables import get, observables, predict, uncertainty
from .parameters import Parameters
from .report import BENCHMARK_OBSERVABLES, HTML_FILE, format_prediction, run_report, step_count
from .scan.cli import scan_command

app = typer.Typer(help="Rare meson decays with missing energy.", no_args_is_help=True,
                  add_completion=False)
list_app = typer.Typer(help="List the observables, the input parameters or the measurements.",
                       no_args_is_help=True)
app.add_typer(list_app, name="list")
plot_app = typer.Typer(help="Draw a plot (PNG): the K → πφφ window, the R_K–R_K* plane, couplings "
                            "versus mass.", no_args_is_help=True)
app.add_typer(plot_app, name="plot")
DEFAULT_PRESET = "seeds Belle II"
console = Console()
error_console = Console(stderr=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a DarkflavError as one red line 'error: …' and exit with code 2."""
    try:
        yield
    except DarkflavError as exc:
        error_console.print(Text(f"error: {exc}", style="red"), soft_wrap=True)
        raise typer.Exit(2) from None


def table(title: str, header: list[str], rows: list[list[str]]) -> Table:
    """A rich table of plain-text cells (no markup); the first column never wraps, others fold."""
    result = Table(title=title)
    for i, name in enumerate(header):
        result.add_column(name, no_wrap=i == 0, overflow="fold")
    for row in rows:
        result.add_row(*(Text(str(cell)) for cell in row))
    return result


@app.command("predict")
def predict_command(
    name: Annotated[str, typer.Argument(help="Observable, e.g. 'BR(B+->K+ nu nu)'.")],
    wc: Annotated[str | None, typer.Option(help="WCxf file of new-physics coefficients "
                                                "(default: the SM).")] = None,
    sector: Annotated[str | None, typer.Option(help="Sector of the WCxf coefficients, sb or sd "
                                                    "(default: the observable's).")] = None,
    dark: Annotated[str | None, typer.Option(help="YAML file of a DarkEFT (species, mass, "
                                                  "coefficients) or an InvisibleBoson.")] = None,
    q2: Annotated[float | None, typer.Option("--q2", help="q² in GeV².")] = None,
    q2min: Annotated[float | None, typer.Option(help="Lower end of the q² bin in GeV².")] = None,
    q2max: Annotated[float | None, typer.Option(help="Upper end of the q² bin in GeV².")] = None,
    with_uncertainty: Annotated[bool, typer.Option("--uncertainty/--no-uncertainty",
                                                   help="Also compute the 1σ uncertainty.")] = True,
    samples: Annotated[int, typer.Option(help="Samples of the inputs for the uncertainty.")] = 400,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Predict one observable in the SM, for a WCxf file and/or a dark-sector theory file."""
    with user_errors():
        observable = get(name)
        sector = sector or observable.sector
        theories = [NeutrinoWET.from_wcxf(wc, sector=sector)] if wc else []
        theories += [load_theory(dark)] if dark else []
        theory = theories[0] if len(theories) == 1 else (theories or None)
        given = {"q2": q2, "q2min": q2min, "q2max": q2max}
        arguments = {key: value for key, value in given.items() if value is not None}
        params = Parameters.default()
        value = float(predict(name, theory, params, **arguments))
        error = (float(uncertainty(name, theory, params, samples, **arguments))
                 if with_uncertainty else None)
    if as_json:
        typer.echo(json.dumps({"observable": observable.name, "value": value,
                               "uncertainty": error, "wc_file": wc, "dark_file": dark}))
        return
    label = " ".join([observable.name, *(f"{k}={v:g}" for k, v in arguments.items())])
    theory_label = " + ".join(filter(None, [wc, dark])) or "SM"
    row = [label, theory_label, f"{value:.6g}", "—" if error is None else f"{error:.2g}",
           observable.unit]
    console.print(table("darkflav prediction", ["observable", "theory", "value", "1σ", "unit"],
                        [row]))


@list_app.command("observables")
def list_observables() -> None:
    """All observables with their arguments, unit and description."""
    rows = []
    for obs in observables():
        arguments = [*obs.arguments, *(f"[{a}]" for a in obs.optional)]
        rows.append([obs.name, ", ".join(arguments), obs.unit, obs.description])
    console.print(table("darkflav observables ([…]: optional)",
                        ["name", "arguments", "unit", "description"], rows))


@list_app.command("parameters")
def list_parameters() -> None:
    """All input parameters with value, uncertainty, unit and source."""
    params = Parameters.default()
    rows = []
    for name in params:
        entry = params.entry(name)
        rows.append([name, f"{entry.value:.6g}", f"{entry.uncertainty:.2g}", entry.unit,
                     entry.source])
    console.print(table("darkflav input parameters",
                        ["name", "value", "uncertainty", "unit", "source"], rows))


@list_app.command("measurements")
def list_measurements() -> None:
    """All measurements: observable, what is compared, likelihood kind, value, status and source."""
    rows = [[m.name, m.observable, m.compare, m.kind, m.describe(), m.status, m.source]
            for m in measurements().values()]
    console.print(table("darkflav measurements (compare: value, np = minus the SM, ratio = over the SM)",
                        ["name", "observable", "compare", "kind", "value", "status", "source"], rows))


def _sectors(names: list[str]) -> set[str]:
    """Quark sectors ('sb', 'sd') of the observables of these measurements or presets."""
    return {get(m.observable).sector for m in Likelihood(names).measurements}


@app.command("constrain")
def constrain_command(
    preset: Annotated[str | None, typer.Option(help="Preset of measurements (default: "
                                                    f"{DEFAULT_PRESET!r}).")] = None,
    measurement: Annotated[list[str] | None, typer.Option(help="A measurement (repeat the option for more); "
                                                                "see `darkflav list measurements`.")] = None,
    wc: Annotated[str | None, typer.Option(help="WCxf file of νν̄ coefficients, read for every quark sector "
                                                "the measurements need (default: the SM).")] = None,
    dark: Annotated[str | None, typer.Option(help="YAML file of a DarkEFT (species, mass, coefficients), "
                                                  "or of an InvisibleBoson for two-body results.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Per measurement: prediction and −2 ln L for the theory and the SM; total and Δ(−2 ln L) vs the SM."""
    with user_errors():
        if preset and measurement:
            raise DarkflavError("give either --preset or --measurement, not both")
        names = list(measurement) if measurement else [preset or DEFAULT_PRESET]
        nunu = {s: NeutrinoWET.from_wcxf(wc, sector=s) for s in sorted(_sectors(names))} if wc else {}
        darks = [load_theory(dark)] if dark else []
        if darks and darks[0].shape != ():
            raise DarkflavError(f"constrain needs one point; the dark theory has shape {darks[0].shape}")
        result = constrain(names, nunu, darks)
    if as_json:
        typer.echo(json.dumps({"likelihood": names, "wc_file": wc, "dark_file": dark, **result}))
        return
    rows = [[name, r["observable"] + ("" if r["compare"] == "value" else f" [{r['compare']}]"), r["measured"],
             f"{r['prediction']:.4g}", f"{r['sm_prediction']:.4g}", f"{r['minus_two_log_l']:.3f}",
             f"{r['sm_minus_two_log_l']:.3f}"] for name, r in result["measurements"].items()]
    rows.append(["total", "", "", "", "", f"{result['minus_two_log_l']:.3f}",
                 f"{result['sm_minus_two_log_l']:.3f}"])
    theory_label = " + ".join(filter(None, [wc, dark])) or "SM"
    console.print(table(f"darkflav constrain: {theory_label} against {', '.join(names)}",
                        ["measurement", "compared quantity", "measured", "prediction", "SM", "−2 ln L",
                         "−2 ln L (SM)"], rows))
    console.print(Text(f"Δ(−2 ln L) relative to the SM: {result['delta_minus_two_log_l']:+.3f}"))


def draw(plot, out: Path, *args, **kwargs) -> None:
    """Run a plot function writing `out`, report errors as one line, and print where it went."""
    with user_errors():
        plot(out, *args, **kwargs)
    console.print(Text(f"plot written to {Path(out).resolve()}"))


@plot_app.command("kaon-window")
def plot_kaon_window_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("kaon_window.png"),
) -> None:
    """K⁺→π⁺φφ (real scalar, CS_sd) versus m_φ: the NA62 window, NA62 and KOTO exclusions."""
    from .plots.exclusion import plot_kaon_window

    draw(plot_kaon_window, out)


@plot_app.command("rk-plane")
def plot_rk_plane_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("rk_plane.png"),
) -> None:
    """R_K versus R_K* with the seed measurements, the C_R^ττ line and the νν̄ benchmark points."""
    from .plots.exclusion import plot_rk_plane

    draw(plot_rk_plane, out)


@plot_app.command("leptoquark")
def plot_leptoquark_command(
    kind: Annotated[str, typer.Option(help="Leptoquark: S0, S1/2~, S1, V1/2 or V1.")] = "S1/2~",
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("leptoquark_solutions.png"),
    points: Annotated[int, typer.Option(help="Random coupling points.")] = 20000,
) -> None:
    """R_K versus R_K* of one leptoquark from a random scan of its couplings (M = 2 TeV), side constraints applied."""
    from .plots.leptoquark import plot_leptoquark_solutions

    draw(plot_leptoquark_solutions, out, kind, n_points=points)


@plot_app.command("lq-plane")
def plot_lq_plane_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("lq_plane.png"),
    pair: Annotated[str | None, typer.Option(help="Lepton pair (e.g. tautau): the C_L–C_R plane of this pair "
                                                  "instead of C_R^tautau–C_R^mutau.")] = None,
) -> None:
    """The C_R^ττ–C_R^μτ plane allowed by the seeds' νν̄ set with the LFV limits of S1/2~, V1/2 (or with --pair,
    the C_L–C_R plane of one lepton pair)."""
    from .plots.leptoquark import plot_cl_cr_plane, plot_ctautau_cmutau_plane

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
    from .plots.exclusion import plot_coupling_vs_mass
    from .report import coupling_plot_file

    with user_errors():
        out = out or Path(coupling_plot_file(species, operator))
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
    from .plots.direct_detection import plot_dd_plane

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
    from .plots.scan import plot_scan

    with user_errors():
        path = plot_scan(folder, x, y, likelihood, out, log_x=log_x, log_y=log_y)
    console.print(Text(f"plot written to {Path(path).resolve()}"))


@plot_app.command("vlq-plane")
def plot_vlq_plane_command(
    mass: Annotated[list[float] | None, typer.Option(help="m_Q = m_D in GeV (repeatable).")] = None,
    n_points: Annotated[int, typer.Option(help="Monte Carlo points per process and mass.")] = 2000,
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("vlq_plane.png"),
) -> None:
    """The VLQ (m_Q, y) plane along the slides' benchmark direction: 95 % CL upper bound on y versus m_Q from the
    ATLAS monojet search (139 fb⁻¹) and the HL-LHC expectation, with the benchmark point."""
    from .collider.vlq_monojet import benchmark, yukawa_bound
    from .parameters import Parameters
    from .plots.monojet import plot_yukawa_bounds

    masses = np.array(mass or [1000.0, 1500.0, 2000.0, 2500.0, 3000.0], float)
    with user_errors():
        hl = Parameters.default()["lumi_HL-LHC"]
        bounds = {"ATLAS 139/fb": np.array([yukawa_bound(m, n_points=n_points) for m in masses]),
                  f"HL-LHC {hl:g}/fb (expected)": np.array([yukawa_bound(m, n_points=n_points, luminosity=hl)
                                                            for m in masses])}
    point = (benchmark()["m_Q"]["value"], benchmark()["yukawa"]["value"])
    draw(plot_yukawa_bounds, out, masses, bounds, float(np.sqrt(4 * np.pi)), point)
    console.print(table("95 % CL upper bound on y (0: excluded for every y; inf: allowed up to √(4π))",
                        ["m_Q (GeV)", *bounds], [[f"{m:g}", *(f"{b[i]:.3g}" for b in bounds.values())]
                                                 for i, m in enumerate(masses)]))


@plot_app.command("relic")
def plot_relic_command(
    out: Annotated[Path, typer.Option(help="PNG file.")] = Path("relic_coupling.png"),
) -> None:
    """The coupling giving Ωh² = 0.12 versus m_φ (real scalar, flavour-diagonal scenarios), CMB-excluded dotted."""
    from .plots.relic import plot_relic_coupling

    draw(plot_relic_coupling, out)


app.command("scan")(scan_command)


@app.command("relic")
def relic_command(
    dark: Annotated[Path, typer.Option(help="YAML file of a real-scalar DarkEFT (species, mass, coefficients).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Relic density Ωh² by freeze-out (φφ → mesons), the factor on all coefficients that gives 0.120, and the
    CMB energy injection p_ann against Planck 2018, at the given couplings and at the relic ones (p_ann ∝ k²)."""
    from .darkmatter import relic_density_of, relic_scale
    from .darkmatter.cmb import p_ann

    with user_errors():
        theory = load_theory(dark)
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


@app.command("dd")
def dd_command(
    dark: Annotated[Path | None, typer.Option(help="YAML file of a real-scalar DarkEFT.")] = None,
    species: Annotated[str, typer.Option(help="Species, if no --dark file.")] = "real scalar",
    mass: Annotated[float | None, typer.Option(help="Mass in GeV, if no --dark file.")] = None,
    coefficient: Annotated[list[str] | None, typer.Option(help="NAME=VALUE, e.g. CS_ss=1.5e-4 (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Direct detection: σ_SI(p), σ_SI(n), the isospin-corrected σ_eff per target and each limit's verdict."""
    from .darkmatter import direct_detection as dd

    with user_errors():
        if dark is not None:
            theory = load_theory(dark)
        elif mass is not None and coefficient:
            pairs = [c.partition("=") for c in coefficient]
            if any(not sep for _, sep, _ in pairs):
                raise DarkflavError(f"--coefficient takes NAME=VALUE, got {coefficient}")
            try:
                theory = DarkEFT(species, mass, {name: float(value) for name, _, value in pairs})
            except ValueError as exc:
                raise DarkflavError(f"--coefficient values must be numbers: {exc}") from None
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


@app.command("monojet")
def monojet_command(
    pair: Annotated[str | None, typer.Option(help="Quark-flavour pair of ½C(q̄_i q_j)φ² (sb, ss, …) or gg for "
                                                 "½C_G GGφ².")] = None,
    mass: Annotated[list[float] | None, typer.Option(help="m_φ in GeV (repeatable).")] = None,
    model: Annotated[str | None, typer.Option(help="YAML file of a VLQ point (m_Q, m_D, m_phi, y_q, y_d, y1, "
                                                  "y2): full-model and contact-limit spectra and CLs.")] = None,
    method: Annotated[str, typer.Option(help="likelihood (EM bins) or inclusive (best IM region).")] = "likelihood",
    etmiss_max: Annotated[float | None, typer.Option(help="Use only EM bins below this E_T^miss (EFT validity).")]
    = None,
    sqrt_shat_max: Annotated[float | None, typer.Option(help="Drop events with partonic √ŝ above this (GeV).")]
    = None,
    luminosity: Annotated[float | None, typer.Option(help="fb⁻¹ for a projection, e.g. 3000 (HL-LHC).")] = None,
    n_points: Annotated[int | None, typer.Option(help="Monte Carlo points per mass (default 40 000); with --model "
                                                     "and --lhe the points per vegas iteration, of the "
                                                     "maximum-weight search and per batch of trials, for each part "
                                                     "of the signal (default 20 000).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    lhe: Annotated[Path | None, typer.Option(help="Write unweighted parton-level events (one --mass, or the full "
                                                  "signal of --model) to this LHE file instead of computing "
                                                  "bounds.")] = None,
    events: Annotated[int, typer.Option(help="Number of events for --lhe.")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """ATLAS 13 TeV 139 fb⁻¹ monojet recast of pp → φφ + jet: σ×A (unit coefficient) and 95 % CL bounds."""
    from .collider.monojet import coefficient_bounds, unit_region_cross_sections

    if model is not None and lhe is not None:
        _monojet_vlq_lhe(model, lhe, events, seed, 20_000 if n_points is None else n_points, as_json)
        return
    n_points = 40_000 if n_points is None else n_points
    if model is not None:
        _monojet_vlq(model, n_points, seed, luminosity, as_json)
        return
    with user_errors():
        if pair is None or not mass:
            raise DarkflavError("give --pair and --mass (contact operators) or --model vlq.yaml")
        if lhe is not None:
            _monojet_lhe(pair, mass, lhe, events, seed, sqrt_shat_max, as_json)
            return
        options = {"sqrt_shat_max": sqrt_shat_max, "n_points": n_points, "seed": seed}
        units = [unit_region_cross_sections(pair, m, **options) for m in mass]
        bounds = coefficient_bounds(pair, mass, method=method, etmiss_max=etmiss_max, luminosity=luminosity,
                                    **options)
    dimension = "GeV^-2" if pair == "gg" else "GeV^-1"
    power = 2 if pair == "gg" else 1
    if as_json:
        typer.echo(json.dumps({"pair": pair, "mass": list(mass), "unit": dimension, "bound": bounds.tolist(),
                               "scale_TeV": (bounds ** (-1 / power) / 1e3).tolist(),
                               "sigma_IM0_fb_per_unit": [u["IM0"] for u in units],
                               "sigma_EM12_fb_per_unit": [u["EM12"] for u in units]}))
        return
    rows = [[f"{m:.4g}", f"{u['IM0']:.4g} ± {u.error[13]:.2g}", f"{u['EM12']:.4g}", f"{b:.3g}",
             f"{b ** (-1 / power) / 1e3:.3g}"] for m, u, b in zip(mass, units, bounds, strict=True)]
    console.print(table(f"monojet bounds on C_{pair} (95 % CL, {method})",
                        ["m_φ (GeV)", "σ×A IM0 (fb, C = 1)", "σ×A EM12 (fb)", f"C ({dimension})", "Λ (TeV)"], rows))


def _writable(path: Path) -> None:
    """DarkflavError unless the LHE file `path` can be written (checked before any event is generated)."""
    problem = ("it is a folder" if path.is_dir() else
               f"the folder {str(path.parent)!r} does not exist" if not path.parent.is_dir() else
               "no write permission" if not os.access(path if path.exists() else path.parent, os.W_OK) else None)
    if problem:
        raise DarkflavError(f"cannot write the LHE file {str(path)!r}: {problem}")


def _write_lhe(path: Path, generated, info: str) -> None:
    from .collider.events import write_lhe

    try:
        write_lhe(path, generated, info)
    except OSError as exc:
        raise DarkflavError(f"cannot write the LHE file {str(path)!r}: {exc}") from None


def _monojet_lhe(pair: str, mass: list[float], path: Path, n_events: int, seed: int, sqrt_shat_max: float | None,
                 as_json: bool) -> None:
    """`darkflav monojet --pair sb --mass 1 --lhe events.lhe --events 1000`: unweighted events, unit coefficient."""
    from .collider.events import unweighted_events
    from .collider.monojet import monojet_process

    if len(mass) != 1:
        raise DarkflavError(f"--lhe writes one φ mass, got {len(mass)} --mass values")
    _writable(path)
    process = monojet_process(pair, mass[0], sqrt_shat_max=sqrt_shat_max)
    generated = unweighted_events(process, n_events, seed)
    _write_lhe(path, generated, f"pair {pair}, unit coefficient, seed {seed}")
    summary = {"lhe": str(path), "events": len(generated), "sigma_fb": generated.sigma, "error_fb": generated.error,
               "overweight": generated.n_overweight, "trials": generated.n_trials}
    if as_json:
        typer.echo(json.dumps(summary))
        return
    console.print(f"{len(generated)} events of pp → φφ + parton (C_{pair} = 1, m_φ = {mass[0]:g} GeV) written to "
                  f"{path}: σ = {generated.sigma:.4g} ± {generated.error:.2g} fb, {generated.n_overweight} "
                  f"overweight of {generated.n_trials} trials")


def _read_vlq_model(path: str):
    """The VectorLikeQuarks point of a YAML file (m_Q, m_D, m_phi, y_q, y_d, y1, y2)."""
    from .data import read_mapping
    from .models.vlq import VectorLikeQuarks

    return VectorLikeQuarks.from_mapping(read_mapping(path, "VLQ model file"))


def _monojet_vlq_lhe(model: str, path: Path, n_events: int, seed: int, n_points: int, as_json: bool) -> None:
    """`darkflav monojet --model vlq.yaml --lhe events.lhe --events 1000`: unweighted events of the full VLQ signal
    (non-resonant φφ + parton, on-shell Fφ windows, QCD FF̄ pairs, pairs by φ exchange; not the negative QCD × φ
    interference), mixed in proportion to σ (`vlq_events`)."""
    from .collider.vlq_monojet import vlq_events

    with user_errors():
        point = _read_vlq_model(model)
        _writable(path)
        generated = vlq_events(point, n_events, seed, n_adapt=n_points, n_max=n_points, batch=n_points)
        _write_lhe(path, generated, f"VLQ model {model}, seed {seed}")
    parts = [{"name": p.name, "sigma_fb": p.sigma, "error_fb": p.error, "events": p.n_events,
              "efficiency": p.efficiency, "trials": p.n_trials, "overweight": p.n_overweight,
              "overweight_fraction": p.overweight_fraction} for p in generated.processes]
    if as_json:
        typer.echo(json.dumps({"model": model, "lhe": str(path), "events": len(generated), "sigma_fb": generated.sigma,
                               "error_fb": generated.error, "overweight": generated.n_overweight,
                               "trials": generated.n_trials, "parts": parts}))
        return
    console.print(table(f"VLQ signal events (parton level) — {model}",
                        ["part", "σ (fb)", "events", "efficiency σ/w_max", "overweight / trials"],
                        [[p["name"], f"{p['sigma_fb']:.4g} ± {p['error_fb']:.2g}", p["events"],
                          f"{p['efficiency']:.3g}", f"{p['overweight']} / {p['trials']}"] for p in parts]))
    console.print(f"{len(generated)} events written to {path}: σ = {generated.sigma:.4g} ± {generated.error:.2g} fb "
                  "(generation cuts of the ATLAS selection)")


def _monojet_vlq(path: str, n_points: int, seed: int, luminosity: float | None, as_json: bool) -> None:
    """`darkflav monojet --model vlq.yaml`: σ×A per EM bin of the full VLQ model and of its contact limit."""
    from .collider.monojet import monojet_cross_sections
    from .collider.vlq_monojet import contact_theory, model_exclusion, vlq_region_cross_sections

    with user_errors():
        point = _read_vlq_model(path)
        options = {"n_points": n_points, "seed": seed}
        signal = vlq_region_cross_sections(point, **options)
        eft = monojet_cross_sections(contact_theory(point), **options)
        cls_value = model_exclusion(signal.total, luminosity=luminosity)
    from .collider.atlas_monojet import EXCLUSIVE

    rows = {r: {"uv_total": signal.total[r], "t_channel": signal.t_channel[r], "resonant": signal.resonant[r],
                "pairs": signal.pairs[r], "phi_pairs": signal.phi_pairs[r], "interference": signal.interference[r],
                "contact": eft[r]} for r in EXCLUSIVE}
    if as_json:
        typer.echo(json.dumps({"model": path, "regions_fb": rows, "CLs": cls_value}))
        return
    console.print(table(f"VLQ monojet σ×A (fb, parton level) — {path}",
                        ["region", "full model", "t-channel", "on-shell Fφ", "FF̄ (QCD)", "FF̄ (φ exch.)",
                         "interference", "contact limit"],
                        [[r, *(f"{v:.3g}" for v in row.values())] for r, row in rows.items()]))
    console.print(f"CLs (EM bins{'' if luminosity is None else f', {luminosity:g} fb⁻¹ expected'}) = "
                  f"{cls_value:.3g}: {'excluded' if cls_value < 0.05 else 'allowed'} at 95 % CL")


def _model_parameters(assignments: list[str]) -> dict:
    """['mass=1500', 'couplings.btau=0.8', 'y_q=[0, 1, 0.2]'] → nested dict (values read as YAML)."""
    import yaml

    out: dict = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise DarkflavError(f"--set expects KEY=VALUE (dots for nested keys, e.g. couplings.btau=0.8), "
                                f"got {item!r}")
        *path, last = key.split(".")
        target = out
        for k in path:
            target = target.setdefault(k, {})
        target[last] = yaml.safe_load(value)
    return out


@app.command("model")
def model_command(
    name: Annotated[str | None, typer.Argument(help="Model name ('S1/2~', 'Zprime', 'VLQ', …) or --file.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="KEY=VALUE parameter (repeatable).")] = None,
    file: Annotated[Path | None, typer.Option(help="YAML file {model: NAME, <parameters>}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Match a UV model (leptoquarks, Z′, vector-like quarks) and print its low-energy coefficients and the
    predictions of its side constraints."""
    from .models import MODELS, load_model, low_energy_coefficients

    with user_errors():
        if file is not None:
            import yaml

            data = yaml.safe_load(file.read_text()) if file.exists() else None
            if data is None:
                raise DarkflavError(f"model file {str(file)!r} does not exist or is empty")
            data.update(_model_parameters(set_ or []))
        else:
            if name is None:
                raise DarkflavError(f"give a model name ({', '.join(MODELS)}) or --file")
            data = {"model": name, **_model_parameters(set_ or [])}
        model = load_model(data)
        coefficients = low_energy_coefficients(model)
        constraints = {k: float(np.ravel(v)[0]) for k, v in model.side_constraints().items()}
    if as_json:
        typer.echo(json.dumps({"model": data["model"],
                               "coefficients": {k: [v.real, v.imag] for k, v in coefficients.items()},
                               "side_constraints": constraints}))
        return
    console.print(table(f"{data['model']}: low-energy coefficients (darkflav normalisation)",
                        ["coefficient", "value"], [[k, f"{v:.4g}"] for k, v in coefficients.items()]))
    console.print(table("side constraints", ["observable", "prediction"],
                        [[k, f"{v:.4g}"] for k, v in constraints.items()]))


@app.command("report")
def report_command(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("darkflav-report"),
    samples: Annotated[int, typer.Option(help="Samples of the inputs per uncertainty.")] = 400,
) -> None:
    """SM and benchmark-point predictions, likelihoods, fits, allowed couplings, plots and index.html."""
    with user_errors(), Progress(console=console, transient=True) as progress:
        task = progress.add_task("report", total=step_count())
        steps_done = itertools.count()

        def show(message: str) -> None:
            progress.update(task, description=message, completed=next(steps_done))

        result = run_report(out, n_samples=samples, progress=show)
    sm_rows = [[name, format_prediction(p)] for name, p in result["sm"].items()]
    console.print(table("Standard Model", ["observable", "prediction"], sm_rows))
    point_rows = [[point if i == 0 else "", name, format_prediction(entry["predictions"][name])]
                  for point, entry in result["benchmarks"].items()
                  for i, name in enumerate(BENCHMARK_OBSERVABLES)]
    console.print(table("Benchmark points", ["point", "observable", "prediction"], point_rows))
    for section in result["sections"].values():
        for title, _, header, rows in section["tables"]:
            console.print(table(title, header, rows))
    console.print(Text(f"report written to {out.resolve()} (open {out.resolve() / HTML_FILE})"))
