"""Parton shower and hadronisation of LHE events with Pythia 8, and anti-k_T jets for the monojet selection.

Pythia 8 (Bierlich et al., SciPost Phys. Codebases 8 (2022), arXiv:2203.11601; PyPI package pythia8mc, GPL,
used only through its Python interface at run time) reads the Les Houches file (`Beams:frameType = 4`) with its
default tune, ISR, FSR, multiparton interactions and hadronisation. φ (PHI_PDG) is declared a stable, invisible
scalar with the mass read from the file, and the heavy VLQ states of `vlq.sectors` (status-2 resonances in the
file, with their decays) colour-triplet fermions. Jets: Pythia's SlowJet with the anti-k_T distance (power −1; Cacciari,
Salam, Soyez, JHEP 04 (2008) 063), radius and calorimeter acceptance from data/atlas_2102_10874.yaml, built from
the visible final-state particles (SlowJet select = 2: no neutrinos or invisible species), jets above the
selection's jet_pt_min. E_T^miss is |Σ p_T| of the invisible final-state particles (φ and neutrinos from hadron
decays); no detector simulation.
"""

from __future__ import annotations

import numpy as np

from ..errors import DarkflavError, in_range
from .atlas_monojet import analysis
from .events import PHI_PDG
from .vlq.sectors import HEAVY_STATES


def _declarations(lhe_path, n_scan: int = 2000) -> list[str]:
    """Pythia settings declaring the new particles of an LHE file, masses from the file (its first n_scan events):
    φ (PHI_PDG) a stable invisible scalar; the VLQ states of vlq.sectors.HEAVY_STATES colour-triplet fermions of
    charge −1/3 (F₁, F₂) and 2/3 (Q_u) that Pythia does not decay (their decays are in the file)."""
    import pylhe  # heavy (awkward arrays, ~0.9 s to import): loaded only when a file is showered

    charge_type = {code: (-1 if sector == 0 else 2) for sector, states in enumerate(HEAVY_STATES)
                   for _, code in states}   # Pythia's chargeType: three times the charge
    names = {code: name for states in HEAVY_STATES for name, code in states}
    masses: dict[int, float] = {}
    for n, event in enumerate(pylhe.LHEFile.fromfile(str(lhe_path)).events):
        if n >= n_scan:
            break
        for particle in event.particles:
            code = abs(int(particle.id))
            if code == PHI_PDG or code in charge_type:
                masses.setdefault(code, float(particle.m))
    if PHI_PDG not in masses:
        raise DarkflavError(f"the LHE file {str(lhe_path)!r} has no events with φ (PDG {PHI_PDG})")
    settings = [f"{PHI_PDG}:all = phi void 1 0 0 {masses.pop(PHI_PDG)!r}", f"{PHI_PDG}:mayDecay = off",
                f"{PHI_PDG}:isVisible = off"]
    for code, mass in masses.items():
        settings += [f"{code}:all = {names[code]} {names[code]}bar 2 {charge_type[code]} 1 {mass!r}",
                     f"{code}:mayDecay = off"]
    return settings


def shower(lhe_path, n_events: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Shower and hadronise the first n_events of an LHE file of `events.write_lhe`.

    Returns (jets (n, k, 4), invisible (n, m, 4)) as (E, p_x, p_y, p_z), zero-padded, in the input order of
    `atlas_monojet.select`; events Pythia fails on are dropped (n ≤ n_events). seed: Pythia's Random:seed."""
    try:
        import pythia8mc  # optional: Pythia 8, loaded only for the shower
    except ImportError as exc:
        raise DarkflavError("the shower needs Pythia 8 (a darkflav dependency): "
                            "pip install --only-binary :all: pythia8mc==8.317.2") from exc
    n_events = int(in_range("n_events", n_events, 1, np.inf))
    seed = int(in_range("seed", seed, 0, 900_000_000))  # Pythia's allowed Random:seed range
    pythia = pythia8mc.Pythia("", False)
    for setting in ("Beams:frameType = 4", f"Beams:LHEF = {lhe_path}", "Random:setSeed = on",
                    f"Random:seed = {seed}", *_declarations(lhe_path), "Next:numberCount = 0", "Print:quiet = on"):
        if not pythia.readString(setting):
            raise DarkflavError(f"Pythia rejected the setting {setting!r}")
    if not pythia.init():
        raise DarkflavError(f"Pythia could not initialise from the LHE file {str(lhe_path)!r}")
    data = analysis()
    slow_jet = pythia8mc.SlowJet(-1, data["jets"]["radius"]["value"], data["selection"]["jet_pt_min"],
                                 data["jets"]["calorimeter_eta_max"]["value"], 2, 2)
    jets, invisible = [], []
    for _ in range(n_events):
        if not pythia.next():
            if pythia.infoPython().atEndOfFile():
                break
            continue
        slow_jet.analyze(pythia.event)
        jets.append([(p.e(), p.px(), p.py(), p.pz()) for p in map(slow_jet.p, range(slow_jet.sizeJet()))])
        invisible.append([(p.e(), p.px(), p.py(), p.pz()) for p in pythia.event if p.isFinal() and not p.isVisible()])
    return _padded(jets), _padded(invisible)


def _padded(rows: list[list[tuple]]) -> np.ndarray:
    """Ragged per-event lists of four-momenta → (n, max length, 4) with zero four-momenta as padding."""
    out = np.zeros((len(rows), max([len(r) for r in rows] + [1]), 4))
    for i, row in enumerate(rows):
        if row:
            out[i, : len(row)] = row
    return out
