"""The report's sections beyond rare decays: Belle II's published B⁺→K⁺νν̄ likelihood (which operators fit, the fit
bins), dark matter (relic density, CMB, direct detection), UV models (leptoquarks, Z′, vector-like quarks) and the
LHC monojet recast. Each section computes its numbers and plots
from data/settings.yaml and returns a `Section` (tables as text cells, figures, and the numbers for
predictions.json)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.stats import chi2

from ..collider.atlas_monojet import REGIONS
from ..collider.monojet import coefficient_bounds_with_uncertainties
from ..collider.pdf import envelope_sets, known_sets
from ..collider.vlq.bounds import benchmark, benchmark_comparison, benchmark_model, model_exclusion, yukawa_bound
from ..collider.vlq.signal import PARTS, vlq_signal_by_scaling
from ..darkmatter import relic_density_of, relic_scale
from ..darkmatter.cmb import p_ann
from ..darkmatter.direct_detection import limit_ratios, sigma_SI
from ..eft import DarkEFT
from ..eft.dark import operator_dimension
from ..experiments import measurements
from ..experiments.fits import constrain
from ..experiments.operator_fits import DEGREES_OF_FREEDOM, TWO_BODY, OperatorFits, fit_operators
from ..models import low_energy_coefficients
from ..parameters import Parameters
from ..plots.belle2 import plot_belle2_bins, plot_delta_versus_mass
from ..plots.direct_detection import plot_dd_plane
from ..plots.global_plane import global_plane, plot_global_plane
from ..plots.leptoquark import R_K_BAND, R_KSTAR_LIMIT, plot_ctautau_cmutau_plane, plot_leptoquark_solutions
from ..plots.monojet import plot_coefficient_bounds, plot_eft_versus_uv, plot_yukawa_bounds
from ..plots.relic import plot_relic_coupling
from ..registry import predict
from ..theories import read_theory


@dataclass
class Section:
    title: str
    tables: list[tuple[str, str, list[str], list[list[str]]]] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    data: dict = field(default_factory=dict)


def _g(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}g}"


def _prediction(value) -> str:
    """A compared prediction for a table: a number, Σ over bins for a binned one (LHC regions), — for none."""
    if value is None:
        return "—"
    return _g(value) if np.ndim(value) == 0 else f"Σ {_g(float(np.sum(value)))} ({np.size(value)} bins)"


def _listed(values) -> list:
    """An array as a list of floats for predictions.json, NaN as None."""
    return [None if not np.isfinite(v) else float(v) for v in np.ravel(values)]


def _bins_theory(spec, fits: OperatorFits) -> tuple[object, str, str]:
    """(theory, legend label, description) of the bins figure: {best_fit_of: [species, operator]} (a fitted best
    point), or a theory mapping (darkflav.theories)."""
    if isinstance(spec, dict) and "best_fit_of" in spec:
        fit = fits.get(*spec["best_fit_of"])
        name = "X" if fit.species == TWO_BODY else fit.species
        label = f"best {name} {fit.operator}: m = {fit.mass:.2f} GeV, |C| = {fit.coupling:.2g} (+ SM νν̄)"
        return fit.theory(), label, f"the best point of {fit.species} {fit.operator}"
    theory = read_theory(spec)
    return theory, "theory (+ SM νν̄)", str(spec)


def belle2(settings: dict, out: Path, params: Parameters) -> Section:
    """Belle II's published B⁺→K⁺νν̄ likelihood: which b → s operators fit (best mass and coupling, Δ(−2 ln L) from
    the SM and its p-value), Δ(−2 ln L) versus the mass per operator and for the two-body B⁺→K⁺X, and the 30 fit bins
    with a theory's signal (`experiments.operator_fits`)."""
    section = Section("Belle II B⁺→K⁺νν̄: the published likelihood")
    fits = fit_operators(params=params, n_masses=settings["n_masses"], n_couplings=settings["n_couplings"],
                         n_two_body_masses=settings["n_two_body_masses"], profile=settings["profile"])
    fit = fits.published
    rows = [["νν̄ (SM shape)", "μ", "1", "—", f"μ̂ = {fit['mu']:.2f} ± {fit['mu_error']:.2f}", _g(-fits.sm, 3),
             _g(float(chi2.sf(fits.sm, 1)), 2), "the published fit: one degree of freedom (μ)"]]
    for f in (*fits.fits, *fits.two_body):
        notes = [f"best point at the {edge} of the scan" for edge in f.edges]
        if f.same_as:
            notes.append(f"same shape as {' '.join(f.same_as)}")
        unit = "1" if f.species == TWO_BODY else f"GeV^{4 - operator_dimension(f.species, f.operator)}"
        rows.append([f.species, f.operator, unit, f"{f.mass:.3f}", f"{f.coupling:.3g}", f"{f.delta:.2f}",
                     _g(f.p_value, 2), "; ".join(notes)])
    silent = ", ".join(f"{s} {o}" for s, o in fits.silent)
    section.tables.append((
        "Belle II B⁺→K⁺νν̄ (published likelihood): which operators fit",
        "Per b → s operator (pairs) and two-body coupling: the best mass and |coupling| of a scan (profile "
        f"'{fits.profile}' of the published likelihood, arXiv:2311.14647 and 2507.12393), Δ(−2 ln L) = −2 ln L(best) "
        f"− (−2 ln L(SM)) and the p-value of the improvement by Wilks' theorem with {DEGREES_OF_FREEDOM} degrees of "
        "freedom (mass and coupling; approximate: the mass is undefined at zero coupling, no look-elsewhere effect). "
        f"The SM lies {fits.sm:.2f} above the published best fit. No B⁺→K⁺ rate (pseudoscalar or axial quark "
        f"current): {silent or 'none'}.",
        ["species", "operator", "unit", "best mass [GeV]", "best |coupling|", "Δ(−2 ln L) vs SM", "p-value",
         "note"], rows))
    curves_file, bins_file = "belle2_delta_vs_mass.png", "belle2_bins.png"
    plot_delta_versus_mass(out / curves_file, fits)
    theory, label, description = _bins_theory(settings["bins_theory"], fits)
    bins = plot_belle2_bins(out / bins_file, theory, label, params)
    section.figures += [
        (curves_file, "Belle II's published B⁺→K⁺νν̄ likelihood: Δ(−2 ln L) from the SM versus the mass, profiled over "
                      "the coupling, for every b → s operator of each species and for a two-body B⁺→K⁺X; stars "
                      "mark the best points, the dotted line the SM-shaped signal of the published fit."),
        (bins_file, "The 30 fit bins of Belle II's B⁺→K⁺νν̄ likelihood (ITA on and off resonance, HTA): data with "
                    "√n errors, the stacked post-fit background and SM signal, the published fit and the signal of "
                    f"{description}; below, data minus the post-fit background."),
    ]
    section.data = {
        "profile": fits.profile, "sm_minus_two_delta_log_l": fits.sm, "published_fit": fit,
        "degrees_of_freedom": DEGREES_OF_FREEDOM, "operators": [f.row() for f in (*fits.fits, *fits.two_body)],
        "no_rate": [list(pair) for pair in fits.silent],
        "curves": {f"{f.species} {f.operator}": {"mass": _listed(f.masses), "delta_minus_two_log_l": _listed(f.curve),
                                                 "coupling": _listed(f.curve_couplings)}
                   for f in (*fits.fits, *fits.two_body)},
        "bins": {"theory": description, "channels": [[c, label, n] for c, label, n in bins["labels"]],
                 **{k: _listed(bins[k]) for k in ("observed", "background", "sm_signal", "fitted_signal",
                                                  "theory_signal") if k in bins}},
    }
    return section


def dark_matter(settings: dict, out: Path, params: Parameters) -> Section:
    """Relic coupling, CMB p_ann and direct detection for the dark-matter points; the relic-coupling plot
    (CMB-excluded masses) and the R_−–R_s plane allowed by direct detection."""
    bound = params["p_ann_Planck2018"]
    section, rows = Section("Dark matter"), []
    for name, point in settings["points"].items():
        relic = DarkEFT("real scalar", point["mass"], point["relic_coefficients"])
        k = float(relic_scale(relic, params=params))
        theory = DarkEFT("real scalar", point["mass"], {**{c: v * k for c, v in point["relic_coefficients"].items()},
                                                         **point.get("fixed_coefficients", {})})
        ratios = {e: float(r) for e, r in limit_ratios(theory, params).items()}
        strongest = max(ratios, key=ratios.get)
        entry = {"mass": point["mass"], "coefficients": {c: float(v.real) for c, v in theory.as_dict().items()},
                 "Omega_h2": float(relic_density_of(theory, params)), "p_ann": float(p_ann(theory, params)),
                 "p_ann_bound": bound, "sigma_SI_p": float(sigma_SI(theory, "p", params)),
                 "limit_ratios": ratios, "description": point["description"]}
        section.data[name] = entry
        coefficients = ", ".join(f"{c} = {v:.3g}" for c, v in entry["coefficients"].items())
        rows.append([name, _g(point["mass"]), coefficients, _g(entry["Omega_h2"]), _g(entry["p_ann"] / bound),
                     _g(entry["sigma_SI_p"]), f"{strongest}: {_g(ratios[strongest])}"])
    section.tables.append((
        "Dark matter: relic density, CMB and direct detection",
        "Real scalar φ: the coefficients of the first group are scaled so that Ωh² = 0.120 (freeze-out into mesons), "
        "the others fixed. p_ann/bound > 1 is excluded by Planck 2018; σ_eff/limit > 1 by the named direct-detection "
        "limit (90 % CL, with the isospin factor of its target).",
        ["point", "m_φ [GeV]", "coefficients [GeV⁻¹]", "Ωh²", "p_ann/bound", "σ_SI(p) [cm²]",
         "strongest σ_eff/limit"], rows))
    relic_file, dd_file = "relic_coupling.png", "dd_plane.png"
    plot_relic_coupling(out / relic_file, params, n_masses=settings["relic_plot"]["n_masses"])
    plane = settings["dd_plane"]
    plot_dd_plane(out / dd_file, mass=plane["mass"], n_points=plane["n_points"], params=params)
    section.figures += [
        (relic_file, "The flavour-diagonal coupling that gives Ωh² = 0.12 versus m_φ (freeze-out into mesons, "
                     "chiral perturbation theory), dotted and shaded where the CMB (Planck 2018 p_ann) excludes it."),
        (dd_file, f"Direct detection at m_φ = {plane['mass'] * 1e3:.0f} MeV with the relic coupling: the isospin "
                  "(R_−) and strangeness (R_s) ratios allowed by the Migdal limits."),
    ]
    return section


def uv_models(settings: dict, out: Path, params: Parameters) -> Section:
    """Each model point: its non-zero low-energy coefficients, the rare-decay observables and its side
    constraints."""
    section, rows = Section("UV models"), []
    for name, spec in settings["points"].items():
        model = read_theory(spec["model"])
        coefficients = low_energy_coefficients(model, params)
        observables = {o: float(np.ravel(predict(o, model, params))[0]) for o in spec["observables"]}
        constraints = {k: float(np.ravel(v)[0]) for k, v in model.side_constraints(params).items()}
        section.data[name] = {"model": spec["model"], "description": spec["description"],
                              "coefficients": {k: [v.real, v.imag] for k, v in coefficients.items()},
                              "observables": observables, "side_constraints": constraints}
        shown = "; ".join(f"{k} = {v.real:.3g}" + (f"{v.imag:+.2g}i" if v.imag else "")
                          for k, v in list(coefficients.items())[:6])
        predicted = "; ".join(f"{k} = {v:.3g}" for k, v in {**observables, **constraints}.items())
        rows.append([name, spec["description"], shown, predicted])
    section.tables.append(("UV models", "Tree-level matching (docs/uv-models.md); coefficients in darkflav's "
                                        "normalisation; predictions of rare decays and side constraints.",
                           ["point", "model", "coefficients (first six)", "predictions"], rows))

    plots = settings["leptoquark_plots"]
    for kind in plots["kinds"]:
        file = f"leptoquark_{kind.replace('/', '').replace('~', 'tilde')}.png"
        drawn = plot_leptoquark_solutions(out / file, kind, n_points=plots["n_points"])
        band, limit = measurements()[R_K_BAND].numbers, measurements()[R_KSTAR_LIMIT].numbers
        window = (np.abs(drawn.r_k - band["value"]) <= band["sigma"]) & (drawn.r_kstar < limit["limit"])
        section.data[f"solutions {kind}"] = {"points": int(drawn.r_k.size), "allowed": int(drawn.passes.sum()),
                                             "allowed_in_window": int(np.sum(drawn.passes & window))}
        section.figures.append((file, f"Leptoquark {kind} at 2 TeV: R_K versus R_K* for random couplings of s and b "
                                      "to e, μ, τ; points allowed by the leptoquark side constraints highlighted, "
                                      "with the Belle II R_K band and the R_K* limit."))
    plot_ctautau_cmutau_plane(out / "lq_ctautau_cmutau.png")
    section.figures.append(("lq_ctautau_cmutau.png", "C_R^ττ versus C_R^μτ = C_R^τμ: the seeds' νν̄ constraint set at "
                                                     "68/95 % CL, and the LFV limits on C9′ = −C10′ = C_R (S̃1/2, "
                                                     "V1/2) hatched."))
    return section


#: regions of the LHC section's table of PDF ratios
PDF_RATIO_REGIONS = ("IM0", "IM12")


def lhc(settings: dict, out: Path, params: Parameters) -> Section:
    """ATLAS 13 TeV monojet bounds on contact coefficients versus m_φ (139 fb⁻¹, HL-LHC expected), each with its
    scale, PDF (envelope of collider/data/pdf_sets.yaml) and Monte Carlo components."""
    section, rows, pdf_rows = Section("LHC monojets"), [], []
    masses, precision = np.asarray(settings["masses"], float), settings["precision"]
    for pair, unit in settings["pairs"].items():
        options = {"precision": precision, "params": params}
        results = {"ATLAS 139/fb": coefficient_bounds_with_uncertainties(pair, masses, **options),
                   "HL-LHC 3000/fb (expected)": coefficient_bounds_with_uncertainties(
                       pair, masses, expected=True, luminosity=params["lumi_HL-LHC"], **options)}
        bounds = {label: np.array([r.bound for r in found]) for label, found in results.items()}
        curves = {}
        for label, found in results.items():
            edges = np.array([r.pdf for r in found])
            curves.update({label: bounds[label], f"{label}, PDF envelope (strongest)": edges[:, 0],
                           f"{label}, PDF envelope (weakest)": edges[:, 1]})
        file = f"monojet_bounds_{pair}.png"
        plot_coefficient_bounds(out / file, masses, curves, unit=unit)
        section.figures.append((file, f"95 % CL bounds on the contact coefficient of '{pair}' versus m_φ from the "
                                      "ATLAS monojet search (CLs over the exclusive E_T^miss bins, Monte Carlo error "
                                      "folded in), and the HL-LHC expectation (backgrounds and their relative "
                                      "uncertainties scaled from 139 fb⁻¹), with the edges of the PDF envelope."))
        section.data[pair] = {label: values.tolist() for label, values in bounds.items()}
        section.data[f"{pair} uncertainties"] = {label: [r.as_dict() for r in found]
                                                 for label, found in results.items()}
        units = [r.unit for r in results["ATLAS 139/fb"]]   # the same points reweighted to each set of the envelope
        ratios = {name: {region: [float(u.pdf_sigma[k, REGIONS.index(region)] / u[region]) for u in units]
                         for region in PDF_RATIO_REGIONS} for k, name in enumerate(units[0].pdf_names)}
        section.data[f"{pair} PDF ratios"] = {"masses": masses.tolist(), **ratios}
        pdf_rows += [[pair, name, *(" / ".join(f"{ratio[region][m]:.3f}" for region in PDF_RATIO_REGIONS)
                                    for m in range(masses.size))] for name, ratio in ratios.items()]
        for label, found in results.items():
            rows.append([pair, label, *(_g(r.bound) for r in found)])
            rows.append([pair, f"{label}: scale band", *(f"{_g(r.scale[0])}–{_g(r.scale[1])}" for r in found)])
            rows.append([pair, f"{label}: PDF envelope", *(f"{_g(r.pdf[0])}–{_g(r.pdf[1])}" for r in found)])
            rows.append([pair, f"{label}: Monte Carlo", *(f"± {_g(r.mc, 2)}" for r in found)])
    section.tables.append(("LHC monojets: 95 % CL bounds on contact coefficients",
                           f"pp → φφ + jet at LO (default PDF {known_sets()['default']}), ATLAS 2102.10874 selection "
                           "and detector efficiency; √(|C^S|² + |C^P|²) in GeV⁻¹ for quark pairs, |C_G(2 GeV)| in "
                           f"GeV⁻² for the gluon operator. σ × A in every E_T^miss region to {100 * precision:g} % "
                           "Monte Carlo precision, the MC error folded into the likelihood; under each bound the "
                           "range from the 7-point scale band, from the PDF envelope (" +
                           ", ".join(envelope_sets()) + ") and the MC spread (σ ∓ 1σ in every region).",
                           ["coefficient", "luminosity", *(f"m_φ = {m:g} GeV" for m in masses)], rows))
    section.tables.append(("LHC monojets: σ × A with each PDF set of the envelope",
                           f"σ × A(set)/σ × A({known_sets()['default']}) in " + " / ".join(PDF_RATIO_REGIONS) +
                           " (E_T^miss > 200 / > 1200 GeV), the same phase-space points reweighted, central scale.",
                           ["coefficient", "PDF set", *(f"m_φ = {m:g} GeV" for m in masses)], pdf_rows))
    return section


def vlq_lhc(settings: dict, out: Path, params: Parameters) -> Section:
    """The VLQ model at the LHC: the EFT-versus-UV comparison at the slides' benchmark, its CLs, and the bound on
    y versus m_Q (139 fb⁻¹, HL-LHC expected)."""
    section = Section("LHC: the VLQ model")
    comparison = benchmark_comparison(n_points=settings["vlq_points"], seed=1, params=params)
    uv, contact = comparison.uv, comparison.contact
    cls_now = model_exclusion(comparison.point)
    cls_hl = model_exclusion(comparison.point, luminosity=params["lumi_HL-LHC"])
    data = benchmark()
    m_q, y = data["m_Q"]["value"], data["yukawa"]["value"]
    plot_eft_versus_uv(out / "monojet_eft_vs_uv.png", uv, contact,
                       title=f"VLQ benchmark $m_Q = m_D$ = {m_q / 1e3:g} TeV, $y$ = {y:g}, $y_1$ = "
                             f"{data['y1_comparison']['value']:g}")
    section.figures.append(("monojet_eft_vs_uv.png", "σ × A per E_T^miss bin of the full VLQ model (t-channel φφj, "
                                                     "on-shell Fφ, QCD pairs, pairs by φ exchange) and of its matched "
                                                     "contact operators: they agree at low E_T^miss and part at high "
                                                     "E_T^miss."))
    ratio = uv.total.sigma / np.where(contact.sigma > 0, contact.sigma, np.nan)
    section.data["vlq_benchmark"] = {"uv_over_contact": ratio.tolist(), "CLs_139": cls_now, "CLs_HL_LHC": cls_hl,
                                     "IM0_by_part": {part: getattr(uv, part)["IM0"] for part in PARTS}}
    section.tables.append(("LHC: the VLQ benchmark",
                           "Full model over contact operators per exclusive bin (EM0 … EM12), and the CLs of the "
                           "slides' benchmark (y₁ = 0; CLs < 0.05 is excluded at 95 % CL).",
                           ["quantity", "value"],
                           [["full/contact, EM0", _g(ratio[0])], ["full/contact, EM6", _g(ratio[6])],
                            ["full/contact, EM12", _g(ratio[12])], ["CLs, 139 fb⁻¹", _g(cls_now)],
                            ["CLs, HL-LHC (expected)", _g(cls_hl)]]))
    plane = np.asarray(settings["vlq_plane_masses"], float)
    options = {"n_points": settings["vlq_points"], "params": params}
    y_bounds = {"ATLAS 139/fb": np.array([yukawa_bound(m, **options) for m in plane]),
                "HL-LHC 3000/fb (expected)": np.array([yukawa_bound(m, luminosity=params["lumi_HL-LHC"], **options)
                                                       for m in plane])}
    plot_yukawa_bounds(out / "vlq_plane.png", plane, y_bounds, float(np.sqrt(4 * np.pi)), (m_q, y))
    section.figures.append(("vlq_plane.png", "95 % CL upper bound on y along the benchmark direction (y_q = y_d = "
                                             "y(0, 1, 0.2), m_D = m_Q, y₁ = 0) versus m_Q: all processes of the "
                                             "full model, QCD and Yukawa-induced pairs included."))
    # σ × A(IM0) of each part at y = 1 (cached from the bounds): σ = σ_FF̄ + y²(σ_res + σ_int) + y⁴(σ_t + σ_φφ)
    units = [vlq_signal_by_scaling(benchmark_model(m), **options) for m in plane]
    section.data["vlq_plane"] = {"m_Q": plane.tolist(), **{k: v.tolist() for k, v in y_bounds.items()},
                                 "IM0_by_part_at_y_1": {part: [getattr(u, part)["IM0"] for u in units]
                                                        for part in PARTS}}
    section.tables.append(("LHC: the VLQ (m_Q, y) plane", "95 % CL upper bound on y (0: every y excluded; inf: "
                           "allowed up to √(4π)).", ["luminosity", *(f"m_Q = {m / 1e3:g} TeV" for m in plane)],
                           [[label, *(_g(v) for v in values)] for label, values in y_bounds.items()]))
    return section


def global_likelihood(settings: dict, out: Path, params: Parameters) -> Section:
    """Flavour, dark matter and the LHC in one likelihood: per plane (m_φ, factor × direction) the combined allowed
    region and each group's boundary, and a table of the best point, its Δ(−2 ln L) against the SM (over the
    measurements the SM predicts) and the group that binds there."""
    section, rows = Section("Flavour, dark matter and the LHC together"), []
    for name, spec in settings["planes"].items():
        direction = read_theory(spec["direction"])
        plane = global_plane(direction, np.linspace(*spec["masses"], spec["points"]),
                             np.geomspace(*spec["factors"], spec["points"]), settings["preset"],
                             settings["dark_matter"], params)
        mass, factor = plane.best
        best = DarkEFT(direction.species, mass, {k: v * factor for k, v in direction.named_coefficients().items()})
        breakdown = constrain(settings["preset"], darks=[best], params=params, dark_matter=settings["dark_matter"])
        versus_sm = breakdown["delta_minus_two_log_l"]
        groups = plane.at_best()
        binding = max(groups, key=groups.get)
        figure = f"global_plane_{len(section.figures)}.png"
        plot_global_plane(out / figure, plane, f"{name}: {settings['preset']}", "factor on the direction")
        section.figures.append((figure, f"{name} ({spec['description']}): the region all constraints allow together "
                                        "(68 %, 95 % CL) and each group's own 95 % CL boundary."))
        section.data[name] = {"best_mass": mass, "best_factor": factor,
                              "minus_two_log_l": float(plane.total.min()), "delta_versus_sm": float(versus_sm),
                              "binding": binding, "groups_at_best": groups}
        rows.append([name, _g(mass), _g(factor), _g(plane.total.min()), _g(versus_sm),
                     f"{binding} ({_g(groups[binding])})"])
        section.data[name]["measurements_at_best"] = {k: {"minus_two_log_l": r["minus_two_log_l"], "pull": r["pull"]}
                                                      for k, r in breakdown["measurements"].items()}
        section.tables.append((
            f"{name}: each measurement at the best point", f"m_φ = {_g(mass)} GeV, factor {_g(factor)}; pull ±√(−2 ln "
            "L_i), signed by prediction − measured value (+ for limits); — where the SM is not predicted.",
            ["measurement", "prediction", "−2 ln L", "pull", "SM −2 ln L"],
            [[k, _prediction(r["prediction"]), _g(r["minus_two_log_l"]), f"{r['pull']:+.2f}",
              "—" if r["sm_minus_two_log_l"] is None else _g(r["sm_minus_two_log_l"])]
             for k, r in breakdown["measurements"].items()]))
    section.tables.append((
        "The best point of each plane and what limits it",
        f"{settings['preset']} (dark matter: {settings['dark_matter']}); Δ(−2 ln L) vs SM over the measurements the "
        "SM predicts; the group that binds is the one furthest from its own minimum at the best point.",
        ["plane", "best m_φ [GeV]", "best factor", "−2 ln L", "Δ(−2 ln L) vs SM", "binds (its Δ(−2 ln L))"], rows))
    return section


#: section name in data/settings.yaml → builder
SECTIONS: dict[str, Callable[[dict, Path, Parameters], Section]] = {
    "belle2": belle2,
    "dark_matter": dark_matter,
    "uv_models": uv_models,
    "lhc": lhc,
    "vlq_lhc": vlq_lhc,
    "global": global_likelihood,
}
