"""The VLQ model (models/vlq.py) at the LHC: amplitudes, heavy states, the processes and the monojet signal and bounds.

Modules, each importing only those above it in this list:

* amplitudes.py — tree-level q q̄ → φφg by numerical Dirac traces (and its crossings)
* sectors.py — the heavy states: masses, widths, couplings to the light quarks, PDG codes (HEAVY_STATES)
* production.py — QCD pair production pp → QQ̄ with Q → qφ (HeavyQuarkPair)
* yukawa_pairs.py — Yukawa-induced pairs by φ exchange and their interference with QCD (YukawaPairs)
* phi_phi_jet.py — pp → φφ + parton with the full heavy propagators, resonant windows (VLQPhiPhiJet)
* signal.py — the signal by process in the ATLAS regions (VLQSignal) and its events
* bounds.py — the contact limit, the benchmark, the Yukawa bound and the CLs of a model point
"""
