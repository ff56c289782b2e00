"""What every process of the collider package provides, for the region cross sections and the unweighter.

A process is a hadronic cross section dσ/du on the unit cube [0,1)^dim (its own phase-space map and Jacobian):

* `Process` (for `atlas_monojet.region_cross_sections`): `dim`, `weights(u)` → dσ/du in fb, shape (n, 7), one
  column per scale choice of SCALE_FACTORS (column 0 the central scale), and `final_state(u)` → (jets (n, j, 4),
  invisible (n, m, 4)) at parton level for `atlas_monojet.select`.
* `EventProcess` (for `events.Unweighter`, on top of that): `channel_weights(u)` → (channel keys, dσ/du per
  channel at the central scale, shape (n, channels), the columns summing to weights(u)[:, 0]) and
  `event_record(u, channels, choice, rng)` → the `events.EventRecord` of accepted points u with their channels
  channels[choice] (each process owns its record: flavours, colour flow, decays); `sqrt_s`, `m_phi` and `pdf` (the
  PartonDistributions, whose name goes to the LHE file).

The processes: monojet.PhiPhiJet (contact operators), vlq.phi_phi_jet.VLQPhiPhiJet, vlq.production.HeavyQuarkPair,
vlq.yukawa_pairs.YukawaPairs; `ScaledProcess` rescales any of them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .events import EventRecord
from .pdf import PartonDistributions

#: (μ_R/μ₀, μ_F/μ₀): the central scale first, then the usual 7-point variations by factors of 2.
SCALE_FACTORS = ((1, 1), (2, 2), (0.5, 0.5), (1, 2), (2, 1), (1, 0.5), (0.5, 1))
#: Spin and colour averages: qq̄ 4·9, qg 4·24, gg 4·64.
AVERAGE = {"qqbar": 1 / 36, "qg": 1 / 96, "gg": 1 / 256}


class Process(Protocol):
    """A process for the region cross sections (module docstring)."""

    dim: int

    def weights(self, u: np.ndarray) -> np.ndarray:
        """dσ/du in fb for the seven scale choices of SCALE_FACTORS, shape (n, 7)."""
        ...

    def final_state(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(jets (n, j, 4), invisible (n, m, 4)) as (E, p_x, p_y, p_z)."""
        ...


class EventProcess(Process, Protocol):
    """A process with events (module docstring)."""

    sqrt_s: float
    m_phi: float
    pdf: PartonDistributions

    def channel_weights(self, u: np.ndarray) -> tuple[list[tuple[int, ...]], np.ndarray]:
        """(channel keys, dσ/du in fb per channel at the central scale, shape (n, channels))."""
        ...

    def event_record(self, u: np.ndarray, channels, choice: np.ndarray, rng: np.random.Generator) -> EventRecord:
        """The records of accepted points u with the channels channels[choice]; random numbers from rng."""
        ...


class ScaledProcess:
    """A process with its weights multiplied by a constant (pair production × branching ratios); every other
    attribute (final_state, event_record, masses, PDF, …) is the process's own."""

    def __init__(self, process, factor: float):
        self.process, self.factor = process, float(factor)

    def __getattr__(self, name):
        return getattr(self.process, name)

    def weights(self, u):
        return self.factor * self.process.weights(u)

    def channel_weights(self, u):
        channels, per_channel = self.process.channel_weights(u)
        return channels, self.factor * per_channel
