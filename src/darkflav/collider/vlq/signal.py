"""The VLQ model (models/vlq.py) in the ATLAS monojet search: the full tree-level signal by process, and its events.

Signal processes at LO, massless quarks, through the heavy states of vlq/sectors.py (the charge −1/3 eigenstates
F₁, F₂ of `charge_minus_third()` and Q_u with the couplings ỹ = V*y_q of `up_yukawas()`, widths there):

* pp → φφ + parton with the full Q/D propagators (vlq/phi_phi_jet.py, amplitudes in vlq/amplitudes.py):
  q q̄ → φφg, qg → qφφ, q̄g → q̄φφ, a non-resonant channel ("t_channel") and one on-shell window qg → Fφ → qφφ per
  heavy state ("resonant"; arXiv:2509.14869), no narrow-width approximation.
* QCD pair production pp → F_aF̄_a (vlq/production.py, Combridge 1979) with F_a → qφ isotropic, times
  the branching ratio into light quarks squared (Q_u → tφ is left out of the signal). A heavy state without
  couplings to the light quarks has neither a resonant channel nor pairs in the signal (it has no F → qφ decay).
* Yukawa-induced pairs (vlq/yukawa_pairs.py): qq̄ → FF̄, qq → FF, q̄q̄ → F̄F̄ by φ exchange (∝ y⁴) and the
  interference of qq̄ → FF̄ with the QCD diagram (∝ g_s²y², negative), F → qφ as above.

Events (`vlq_events`; engine, mixing and LHE in collider/events.py): the parts of `signal_processes` in EVENT_PARTS
(non-resonant, one resonant window and one QCD pair process per heavy state, the pairs by φ exchange; the generation
cuts of the selection) are unweighted one by one and mixed in proportion to their σ; the interference part (negative)
is not in the events. Each process writes its own record (vlq/phi_phi_jet.py: (p₁, p₂, parton, φ, φ), no
intermediate F); pair events carry F and F̄ as status-2 resonances with the codes HEAVY_STATES (vlq/production.py,
vlq/yukawa_pairs.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import MAX_POINTS, DarkflavError, unknown, whole_number
from ...models.vlq import VectorLikeQuarks
from ...parameters import Parameters
from ..atlas_monojet import (
    EXCLUSIVE,
    RegionCrossSections,
    analysis,
    region_cross_sections,
    stratified_region_cross_sections,
)
from ..events import Events, mixed_events
from ..pdf import load_pdf
from ..process import ScaledProcess
from .phi_phi_jet import VLQPhiPhiJet
from .production import HeavyQuarkPair
from .sectors import HEAVY_STATES, heavy_sectors
from .yukawa_pairs import YukawaPairs

#: the parts of the signal (module docstring), as in `VLQSignal`
PARTS = ("t_channel", "resonant", "pairs", "phi_pairs", "interference")
#: the parts `vlq_events` can unweight: all but the interference, whose weights are negative (its σ, ∝ y², is in
#: `vlq_region_cross_sections`); "phi_pairs" is YukawaPairs with parts=("yukawa",)
EVENT_PARTS = ("t_channel", "resonant", "pairs", "phi_pairs")


@dataclass
class VLQSignal:
    """σ × A (fb, parton level) of the VLQ model in the ATLAS regions, by process."""

    t_channel: RegionCrossSections      # pp → φφ + parton, non-resonant part
    resonant: RegionCrossSections       # qg → Fφ → qφφ (on-shell windows)
    pairs: RegionCrossSections          # pp → FF̄ (QCD) → qφ q̄φ
    phi_pairs: RegionCrossSections      # q q̄ → FF̄, q q → FF, q̄ q̄ → F̄F̄ by φ exchange (vlq/yukawa_pairs.py)
    interference: RegionCrossSections   # φ exchange × QCD in q q̄ → FF̄ (negative)

    @property
    def total(self) -> RegionCrossSections:
        return self.t_channel + self.resonant + self.pairs + self.phi_pairs + self.interference


def _zero(n_points, seed):
    zero = np.zeros(2 * len(EXCLUSIVE))
    return RegionCrossSections(zero, zero, zero, zero, n_points, seed)


def signal_processes(model, *, pdf: str | None = None, params=None, include=PARTS) -> list[tuple[str, str, object]]:
    """(part, name, process) of the signal of a VectorLikeQuarks point (scalar parameters), generation cuts of the
    ATLAS selection: 't_channel' (VLQPhiPhiJet), and per heavy state with couplings to light quarks 'resonant'
    (its Breit–Wigner channel) and 'pairs' (HeavyQuarkPair × light_fraction², with the state's PDG code from
    HEAVY_STATES and decays F_a → q_p φ with probability ∝ |l_a^p|² + |r_a^p|², massless q_p); 'phi_pairs' and
    'interference': the Yukawa-induced pairs of all states (vlq.yukawa_pairs.YukawaPairs)."""
    params = params or Parameters.default()
    for part in include:
        if part not in PARTS:
            raise unknown("VLQ signal part", part, PARTS)
    sectors = heavy_sectors(model, params)
    cut = analysis()["selection"]
    parton_densities = load_pdf(pdf, params=params)
    m_phi = float(model.m_phi)
    common = (sectors, m_phi, parton_densities, params, cut["etmiss_min"], cut["leading_jet_eta_max"])
    out = [("t_channel", "t_channel", VLQPhiPhiJet(*common))] if "t_channel" in include else []
    for s, sector in enumerate(sectors):
        for a, (state, code) in enumerate(HEAVY_STATES[s]):
            if not np.any(sector.couplings[:, a] != 0):   # no F_a → qφ (and no resonance): no signal
                continue
            if "resonant" in include:
                out.append(("resonant", f"resonant {state}", VLQPhiPhiJet(*common, channel=(s, a))))
            if "pairs" in include:
                decays = dict(zip(sector.quarks, np.sum(np.abs(sector.couplings[:, a]) ** 2, axis=0), strict=True))
                pair = HeavyQuarkPair(float(sector.masses[a]), m_phi, parton_densities, params, pdg=code,
                                      decays=decays)
                out.append(("pairs", f"pairs {state}", ScaledProcess(pair, sector.light_fraction[a] ** 2)))
    if any(np.any(sector.couplings != 0) for sector in sectors):
        for part, piece in (("phi_pairs", "yukawa"), ("interference", "interference")):
            if part in include:
                out.append((part, part, YukawaPairs(sectors, m_phi, parton_densities, params, (piece,))))
    return out


def vlq_region_cross_sections(model, *, pdf: str | None = None, n_points: int = 10_000, seed: int = 1,
                              params=None, include=PARTS, precision: float | None = None) -> VLQSignal:
    """σ × A of a VectorLikeQuarks point (scalar parameters) in the 26 regions, by process (cached per model).

    precision (relative MC 1σ per exclusive region, e.g. 0.01): every process is sampled with one vegas stratum per
    E_T^miss bin (`atlas_monojet.stratified_region_cross_sections`, pilots of n_points per bin, the integrand set
    to zero outside the bin); None (default): one map per process for all regions, n_points points, as below.

    vegas trains on n_points/2 points (at least 1000) per iteration (6 iterations) for every process: the final
    n_points set the Monte Carlo error (pairs at m_Q = 3 TeV, 1500 points: EM12 ± 3 % after 750 or 20 000 training
    points; the bound on y at m_Q = 2 TeV scatters over seeds by 0.04–0.07 after 750, 5000 or 20 000), larger
    training only costs (up to 15 times more for the 2 → 2 pairs)."""
    params = params or Parameters.default()
    n_points = whole_number("n_points", n_points, 2, MAX_POINTS)
    key = (_model_key(model), pdf, n_points, int(seed), float(params["sqrt_s_LHC"]), tuple(include), precision)
    n_adapt = max(int(n_points) // 2, 1000)
    if key in _CACHE:
        return _CACHE[key]
    parts = {name: _zero(n_points, seed) for name in PARTS}
    for part, _, process in signal_processes(model, pdf=pdf, params=params, include=include):
        if precision is None:
            parts[part] = parts[part] + region_cross_sections(process, n_points, seed, n_adapt)
        else:
            parts[part] = parts[part] + stratified_region_cross_sections(process, precision=precision,
                                                                         n_points=n_points, seed=seed, n_adapt=n_adapt)
    _CACHE[key] = VLQSignal(**parts)
    return _CACHE[key]


#: powers of the overall Yukawa factor t in each part at y₁ = y₂ = 0 (every φ vertex ∝ t; the resonant part in the
#: narrow-width limit, Γ ∝ t²; the QCD pairs' branching fractions depend on the direction only): bounds.yukawa_bound
COUPLING_POWERS = {"pairs": 0, "resonant": 2, "interference": 2, "t_channel": 4, "phi_pairs": 4}


def vlq_signal_by_scaling(model, **options) -> VLQSignal:
    """`vlq_region_cross_sections` of a VLQ point with y₁ = y₂ = 0 from the point with the same masses and Yukawa
    direction whose largest |y| is 1 (one Monte Carlo per direction and masses, cached), each part scaled by
    t^COUPLING_POWERS, t = max |y_q, y_d|: what fits and scans over the overall coupling use. Other points (y₁ or y₂ ≠
    0) are computed directly. Equal to the direct computation at t = 1; elsewhere it differs by the narrow-width
    limit of the resonant part and the Monte Carlo error."""
    t = float(np.max(np.abs(np.concatenate([np.ravel(model.y_q), np.ravel(model.y_d)]))))
    if np.any(model.y1 != 0) or np.any(model.y2 != 0) or t == 0:
        return vlq_region_cross_sections(model, **options)
    # the direction rounded to 12 digits: points along one direction share its Monte Carlo (y/t differs in the last bit)
    unit = VectorLikeQuarks(model.m_Q, model.m_D, model.m_phi, np.round(model.y_q / t, 12), np.round(model.y_d / t, 12),
                            0.0, 0.0, model.lambda_phi, model.kappa)
    signal = vlq_region_cross_sections(unit, **options)
    return VLQSignal(**{part: getattr(signal, part).scaled(t ** COUPLING_POWERS[part]) for part in PARTS})


def vlq_events(model, n_events: int, seed: int = 1, *, pdf: str | None = None, params=None, include=EVENT_PARTS,
               **options) -> Events:
    """n_events unweighted parton-level events of the signal of a VectorLikeQuarks point: the parts of
    `signal_processes` among EVENT_PARTS unweighted one by one and mixed in proportion to their σ
    (`events.mixed_events`; one LHE process entry per part, σ = Σσ_part). The Yukawa-induced pairs by φ exchange
    ("phi_pairs": q q̄ → FF̄, q q → FF, q̄ q̄ → F̄F̄, records of vlq.yukawa_pairs.YukawaPairs) are in the events; their
    interference with the QCD pairs is not (negative weights cannot be unweighted), so the sample's σ omits σ_int,
    which is negative and ∝ y²: `vlq_region_cross_sections` has it. options: those of `events.Unweighter` (safety,
    n_max, n_adapt, batch, max_trials)."""
    for part in include:
        if part not in EVENT_PARTS:
            raise unknown("VLQ signal part with events", part, EVENT_PARTS)
    processes = [(name, process) for _, name, process in signal_processes(model, pdf=pdf, params=params,
                                                                         include=include)]
    if not processes:
        raise DarkflavError(f"the VLQ point has no signal part among {list(include)} (no heavy state couples to "
                            "the light quarks)")
    return mixed_events(processes, n_events, seed, **options)


_CACHE: dict = {}


def _model_key(model) -> tuple:
    return tuple(np.asarray(getattr(model, n)).tobytes() for n in ("m_Q", "m_D", "m_phi", "y_q", "y_d", "y1", "y2"))
