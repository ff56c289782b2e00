"""`darkflav monojet`: the ATLAS monojet recast of contact operators and of the VLQ model, or LHE events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..collider.atlas_monojet import EXCLUSIVE, REGIONS
from ..collider.events import unweighted_events, write_lhe
from ..collider.monojet import coefficient_bounds_with_uncertainties, monojet_cross_sections, monojet_process
from ..collider.vlq.bounds import contact_theory, model_exclusion
from ..collider.vlq.signal import vlq_events, vlq_region_cross_sections
from ..errors import DarkflavError
from ..models.vlq import VectorLikeQuarks
from ..theories import describe, read_theory
from .common import check_writable, console, table, user_errors


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
    n_points: Annotated[int | None, typer.Option(help="Monte Carlo points per E_T^miss region, fixed (instead of "
                                                     "--precision); with --model the points of each signal part "
                                                     "(default 40 000), with --model and --lhe the points per vegas "
                                                     "iteration, of the maximum-weight search and per batch of "
                                                     "trials, for each part of the signal (default 20 000).")] = None,
    precision: Annotated[float | None, typer.Option(help="Relative Monte Carlo error to reach in every E_T^miss "
                                                        "region (default 0.01 unless --n-points is given; with "
                                                        "--model: stratified sampling of the VLQ signal, slow).")]
    = None,
    pdf: Annotated[str | None, typer.Option(help="PDF set by name (e.g. NNPDF31_lo_as_0118, CT14qed_proton) or path "
                                                 "of an LHAPDF grid; default NNPDF23_lo_as_0119_qed.")] = None,
    pdf_envelope: Annotated[bool, typer.Option("--pdf-envelope/--no-pdf-envelope",
                                               help="PDF uncertainty: the envelope over the sets of "
                                                    "collider/data/pdf_sets.yaml on the same points.")] = True,
    regions: Annotated[bool, typer.Option("--regions", help="Also print σ×A in all 26 regions with MC error, scale "
                                                            "and PDF bands and the negative-PDF fraction.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    lhe: Annotated[Path | None, typer.Option(help="Write unweighted parton-level events (one --mass, or the full "
                                                  "signal of --model) to this LHE file instead of computing "
                                                  "bounds.")] = None,
    events: Annotated[int, typer.Option(help="Number of events for --lhe.")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """ATLAS 13 TeV 139 fb⁻¹ monojet recast of pp → φφ + jet: σ×A (unit coefficient) and 95 % CL bounds."""
    if model is not None and lhe is not None:
        _monojet_vlq_lhe(model, lhe, events, seed, 20_000 if n_points is None else n_points, as_json)
        return
    if model is not None:
        _monojet_vlq(model, 40_000 if n_points is None else n_points, seed, luminosity, as_json, precision, pdf)
        return
    with user_errors():
        if pair is None or not mass:
            raise DarkflavError("give --pair and --mass (contact operators) or --model vlq.yaml")
        if lhe is not None:
            _monojet_lhe(pair, mass, lhe, events, seed, sqrt_shat_max, as_json, pdf)
            return
        results = coefficient_bounds_with_uncertainties(
            pair, mass, method=method, etmiss_max=etmiss_max, luminosity=luminosity, sqrt_shat_max=sqrt_shat_max,
            n_points=n_points, seed=seed, pdf=pdf, precision=precision, pdf_envelope=pdf_envelope)
    _print_bounds(pair, method, results, regions, as_json)


def _relative(edge: float, central: float) -> str:
    return f"{100 * (edge / central - 1):+.0f} %" if central else "–"


def _band(low, high, central) -> str:
    """'[−a %, +b %]' of a band around a central value ('–' without a band)."""
    if low is None or high is None:
        return "–"
    return f"[{_relative(low, central)}, {_relative(high, central)}]"


def _print_bounds(pair: str, method: str, results, regions: bool, as_json: bool) -> None:
    """The bounds table (and with `regions` the σ×A of every region) of `coefficient_bounds_with_uncertainties`:
    every number with its MC error, the scale and PDF bands."""
    dimension = "GeV^-2" if pair == "gg" else "GeV^-1"
    power = 2 if pair == "gg" else 1
    im0, im12 = REGIONS.index("IM0"), REGIONS.index("IM12")
    if as_json:
        out = {"pair": pair, "method": method, "unit": dimension, "pdf_sets": list(results[0].unit.pdf_names),
               "bounds": []}
        for r in results:
            u = r.unit
            entry = {**r.as_dict(), "scale_TeV": r.bound ** (-1 / power) / 1e3, "regions": {}}
            for k, name in enumerate(REGIONS):
                entry["regions"][name] = {
                    "sigma_fb_per_unit": float(u.sigma[k]), "mc_error_fb": float(u.error[k]),
                    "scale_band_fb": [float(u.scale_low[k]), float(u.scale_high[k])],
                    "pdf_band_fb": None if u.pdf_sigma is None else [float(u.pdf_low[k]), float(u.pdf_high[k])],
                    "pdf_sets_fb": None if u.pdf_sigma is None else dict(zip(u.pdf_names, u.pdf_sigma[:, k].tolist(),
                                                                             strict=True)),
                    "negative_pdf_fraction": None if u.negative_fraction is None else float(u.negative_fraction[k])}
            entry["sigma_IM0_fb_per_unit"], entry["sigma_EM12_fb_per_unit"] = u["IM0"], u["EM12"]
            out["bounds"].append(entry)
        out["bound"] = [r.bound for r in results]
        typer.echo(json.dumps(out))
        return
    rows = []
    for r in results:
        u = r.unit
        cells = [f"{r.mass:.4g}"]
        for k in (im0, im12):
            scale = _band(u.scale_low[k], u.scale_high[k], u.sigma[k])
            pdf_band = _band(u.pdf_low[k], u.pdf_high[k], u.sigma[k]) if u.pdf_sigma is not None else "–"
            cells.append(f"{u.sigma[k]:.4g} ± {u.error[k]:.2g}  scale {scale}  PDF {pdf_band}")
        pdf_part = _band(*r.pdf, r.bound) if r.pdf is not None else "–"
        cells += [f"{r.bound:.3g}", _band(*r.scale, r.bound), pdf_part, f"± {100 * r.mc / r.bound:.1f} %",
                  f"{r.bound ** (-1 / power) / 1e3:.3g}"]
        rows.append(cells)
    console.print(table(f"monojet bounds on C_{pair} (95 % CL, {method}; MC error folded into the likelihood)",
                        ["m_φ (GeV)", "σ×A IM0 (fb, C = 1) ± MC", "σ×A IM12 (fb) ± MC", f"C ({dimension})",
                         "scale", "PDF", "MC", "Λ (TeV)"], rows))
    if results[0].unit.pdf_names:
        console.print("PDF envelope: " + ", ".join(results[0].unit.pdf_names))
    if not regions:
        return
    for r in results:
        u = r.unit
        negative = u.negative_fraction
        region_rows = [[name, f"{u.sigma[k]:.4g} ± {u.error[k]:.2g}", f"{100 * u.relative_error[k]:.2f} %",
                        _band(u.scale_low[k], u.scale_high[k], u.sigma[k]),
                        _band(u.pdf_low[k], u.pdf_high[k], u.sigma[k]) if u.pdf_sigma is not None else "–",
                        "–" if negative is None else f"{negative[k]:.2g}"] for k, name in enumerate(REGIONS)]
        console.print(table(f"σ×A per region, C_{pair} = 1, m_φ = {r.mass:g} GeV",
                            ["region", "σ×A (fb) ± MC", "MC", "scale", "PDF", "negative-PDF fraction"],
                            region_rows))


def _write_lhe(path: Path, generated, info: str) -> None:
    """Write the events to the LHE file `path`, an OSError as a DarkflavError."""
    try:
        write_lhe(path, generated, info)
    except OSError as exc:
        raise DarkflavError(f"cannot write the LHE file {str(path)!r}: {exc}") from None


def _monojet_lhe(pair: str, mass: list[float], path: Path, n_events: int, seed: int, sqrt_shat_max: float | None,
                 as_json: bool, pdf: str | None = None) -> None:
    """`darkflav monojet --pair sb --mass 1 --lhe events.lhe --events 1000`: unweighted events, unit coefficient."""
    if len(mass) != 1:
        raise DarkflavError(f"--lhe writes one φ mass, got {len(mass)} --mass values")
    check_writable(path, "LHE file")
    process = monojet_process(pair, mass[0], sqrt_shat_max=sqrt_shat_max, pdf=pdf)
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
    """The VectorLikeQuarks point of a YAML file (m_Q, m_D, m_phi, y_q, y_d, y1, y2; `model: VLQ` optional)."""
    point = read_theory(path, "VLQ model file", model="VLQ")
    if not isinstance(point, VectorLikeQuarks):
        raise DarkflavError(f"--model takes a VLQ point (m_Q, m_D, m_phi, y_q, y_d, …); {path!r} holds "
                            f"{describe(point)}")
    return point


def _monojet_vlq_lhe(model: str, path: Path, n_events: int, seed: int, n_points: int, as_json: bool) -> None:
    """`darkflav monojet --model vlq.yaml --lhe events.lhe --events 1000`: unweighted events of the full VLQ signal
    (non-resonant φφ + parton, on-shell Fφ windows, QCD FF̄ pairs, pairs by φ exchange; not the negative QCD × φ
    interference), mixed in proportion to σ (`vlq_events`)."""
    with user_errors():
        point = _read_vlq_model(model)
        check_writable(path, "LHE file")
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


def _monojet_vlq(path: str, n_points: int, seed: int, luminosity: float | None, as_json: bool,
                 precision: float | None = None, pdf: str | None = None) -> None:
    """`darkflav monojet --model vlq.yaml`: σ×A per EM bin of the full VLQ model and of its contact limit."""
    with user_errors():
        point = _read_vlq_model(path)
        signal = vlq_region_cross_sections(point, n_points=n_points, seed=seed, precision=precision, pdf=pdf)
        eft = monojet_cross_sections(contact_theory(point), seed=seed, precision=precision, pdf=pdf)
        cls_value = model_exclusion(signal.total, luminosity=luminosity)
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
