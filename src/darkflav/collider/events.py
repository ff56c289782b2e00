"""Unweighted parton-level events and their Les Houches Event file, for any process of the collider package.

* A process (`process.EventProcess`) provides `dim`, `weights(u)` (n, 7; column 0 = central scale),
  `channel_weights(u)` → (channel keys, dσ/du per channel at the central scale, rows summing to weights(u)[:, 0])
  and the event record of accepted points with their chosen channels, `event_record(u, channels, choice, rng)`:
  each process builds its own record (monojet.PhiPhiJet; vlq/phi_phi_jet.py, vlq/production.py,
  vlq/yukawa_pairs.py for the VLQ model) from `production_record` or `pair_record` below.
* Unweighting (von Neumann accept–reject, `Unweighter`): a vegas map is trained on the central-scale dσ/du
  (`phase_space.train_map`); points drawn from it carry the weight w = jac × dσ/du (fb), whose mean is σ. The
  maximum of w over `n_max` points from the trained map times `safety` is w_max; each trial point is kept with
  probability min(w/w_max, 1). Points with w > w_max ("overweight") are kept with unit weight, which biases σ by
  the fraction Σ max(w − w_max, 0)/Σ w; their number and that fraction are returned, not hidden.
  σ and its Monte Carlo error are the mean of w and its standard error over all trial points.
* Channel of an event (initial state, flavours, for PhiPhiJet the two incoming PDG codes with beam 1 along +z):
  drawn with probability dσ_channel/dσ. Momentum fractions x₁,₂ are those of the phase space.
* Several processes (`mixed_events`): each is unweighted separately with its own random stream; the number of
  events of each is drawn multinomially with probabilities σ_i/Σσ (σ_i from the n_max points of the maximum
  search, so before any event is generated), then the events are shuffled. σ = Σσ_i (each from its own trials),
  error in quadrature. The LHE <init> has one process entry (IDPRUP = 1, 2, …) per part, each event its IDPRUP.
* Colour flow (leading colour, Les Houches tags from 501): qq̄ → g, q g → q, q̄ g → q̄ with the unique flow;
  gg → g through the f^{abc} vertex of GGφ² has two planar flows of equal weight, one drawn at random.
* LHE (Alwall et al., Comput. Phys. Commun. 176 (2007) 300, hep-ph/0609017; written with pylhe): weighting
  strategy IDWTUP = 3 (Boos et al., hep-ph/0109068: unit-weight events, σ and its error in <init>, in pb), beams
  protons (PDG 2212) with √s/2 each, PDF group and set 0 (the set name is in the header comment), AQEDUP = −1
  (no QED coupling at this order), AQCDUP = α_s(μ₀), SCALUP = μ₀ (the central scale of the process). Status −1
  incoming, 1 outgoing, 2 intermediate resonance (its decay products name it as both mothers). φ has the user
  code PHI_PDG (9000005: a code of the form 9xxxxxx is not assigned by the PDG and is the usual choice for a new
  scalar), status 1 (stable, invisible).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import MAX_SEED, DarkflavError, in_range, whole_number
from .kinematics import beams, rotate_z
from .phase_space import train_map

#: PDG Monte Carlo code used for φ (not assigned by the PDG; see the module docstring).
PHI_PDG = 9000005
#: PDG codes of the proton (beam) and the gluon.
PROTON, GLUON = 2212, 21
#: First Les Houches colour tag (tags are conventionally ≥ 501).
FIRST_COLOUR = 501
#: Les Houches status codes: incoming, outgoing, intermediate resonance (0 marks padding in a mixed sample).
INCOMING, OUTGOING, RESONANCE = -1, 1, 2
#: default limit on the trials of one process
MAX_TRIALS = 10_000_000


@dataclass
class EventRecord:
    """Particles of n events, k per event in Les Houches order (1, 2 = incoming partons of beam 1 along +z and of
    beam 2); four-momenta (E, p_x, p_y, p_z) in GeV. Events with fewer particles (mixed samples) are padded at the
    end with pdg = status = 0."""

    pdg: np.ndarray            # (n, k)
    status: np.ndarray         # (n, k) INCOMING, OUTGOING, RESONANCE (0 = padding)
    mothers: np.ndarray        # (n, k, 2) 1-based indices of the mothers (0 = none)
    colour: np.ndarray         # (n, k, 2) Les Houches colour and anticolour tags (0 = none)
    momenta: np.ndarray        # (n, k, 4)
    mass: np.ndarray           # (n, k) generated masses (GeV)
    x: np.ndarray              # (n, 2) momentum fractions
    scale: np.ndarray          # (n,) μ₀ = μ_R = μ_F (GeV)
    alpha_s: np.ndarray        # (n,) α_s(μ₀)


@dataclass(frozen=True)
class ProcessSummary:
    """Unweighting of one process: σ and its error from the trials (fb, generation cuts), w_max (fb), trials,
    overweight points and their bias on σ, events generated, and σ and its error from the n_max points of the
    maximum search (`pilot_sigma`, `pilot_error`: the basis of the multinomial shares of `mixed_events`)."""

    name: str
    sigma: float
    error: float
    max_weight: float
    n_trials: int
    n_overweight: int
    overweight_fraction: float
    n_events: int
    pilot_sigma: float
    pilot_error: float

    @property
    def efficiency(self) -> float:
        """Unweighting efficiency σ/w_max (the expected fraction of trials kept)."""
        return self.sigma / self.max_weight if self.max_weight > 0 else 0.0


@dataclass
class Events(EventRecord):
    """Unweighted events of one or more processes (`processes`; `process_id` (n,) indexes it per event)."""

    process_id: np.ndarray     # (n,)
    processes: list[ProcessSummary]
    m_phi: float
    sqrt_s: float
    pdf: str                   # PDF set name

    def __len__(self) -> int:
        return len(self.pdg)

    @property
    def sigma(self) -> float:
        """Σσ of the processes (fb)."""
        return float(sum(p.sigma for p in self.processes))

    @property
    def error(self) -> float:
        """Monte Carlo 1σ of `sigma`, the processes' errors in quadrature (fb)."""
        return float(np.sqrt(sum(p.error**2 for p in self.processes)))

    @property
    def n_trials(self) -> int:
        return sum(p.n_trials for p in self.processes)

    @property
    def n_overweight(self) -> int:
        return sum(p.n_overweight for p in self.processes)

    @property
    def overweight_fraction(self) -> float:
        """Bias of `sigma` from overweight points: the processes' fractions weighted with their σ."""
        return float(sum(p.sigma * p.overweight_fraction for p in self.processes) / max(self.sigma, 1e-300))

    def final_state(self) -> tuple[np.ndarray, np.ndarray]:
        """(jets (n, j, 4), invisible (n, m, 4)), zero-padded, for `atlas_monojet.select`: at parton level every
        outgoing quark or gluon is a jet and E_T^miss = p_T of the φ's."""
        outgoing = self.status == OUTGOING
        invisible = outgoing & (self.pdg == PHI_PDG)
        return self._gather(outgoing & ~invisible), self._gather(invisible)

    def _gather(self, mask: np.ndarray) -> np.ndarray:
        """Momenta of the particles in mask (n, k), in their order, zero-padded to the largest count."""
        order = np.argsort(~mask, axis=1, kind="stable")[:, : int(mask.sum(axis=1).max(initial=0))]
        picked = np.take_along_axis(self.momenta, order[..., None], axis=1)
        return np.where(np.take_along_axis(mask, order, axis=1)[..., None], picked, 0.0)


def production_record(pdg, momenta, colour, mass, x, scale, alpha_s) -> EventRecord:
    """Record of 2 → k − 2 events: particles 1, 2 incoming, all others outgoing with mothers (1, 2); mass (k,)."""
    n, k = np.shape(pdg)
    status = np.broadcast_to([INCOMING, INCOMING] + [OUTGOING] * (k - 2), (n, k))
    mothers = np.broadcast_to([(0, 0), (0, 0)] + [(1, 2)] * (k - 2), (n, k, 2))
    return EventRecord(np.asarray(pdg, int), status.copy(), mothers.copy(), np.asarray(colour, int), momenta,
                       np.broadcast_to(np.asarray(mass, float), (n, k)).copy(), x, scale, alpha_s)


def pair_record(pdg, colour, x, sqrt_s: float, parents, jets, invisible, mass, scale, alpha_s,
                rng: np.random.Generator) -> EventRecord:
    """Record of pair production with two-body decays, (beam 1, beam 2, F, F′, q, φ, q′, φ): F, F′ resonances with
    mothers (1, 2), each decay pair with its parent as mother; parents, jets, invisible (n, 2, 4), x (n, 2); the
    event rotated by a uniform azimuth (rng)."""
    n = len(pdg)
    momenta = np.stack([*beams(x[:, 0], x[:, 1], sqrt_s), parents[:, 0], parents[:, 1], jets[:, 0], invisible[:, 0],
                        jets[:, 1], invisible[:, 1]], axis=1)
    status = np.broadcast_to([INCOMING, INCOMING, RESONANCE, RESONANCE] + [OUTGOING] * 4, (n, 8)).copy()
    mothers = np.broadcast_to([(0, 0), (0, 0), (1, 2), (1, 2), (3, 3), (3, 3), (4, 4), (4, 4)], (n, 8, 2)).copy()
    return EventRecord(np.asarray(pdg, int), status, mothers, np.asarray(colour, int),
                       rotate_z(momenta, 2 * np.pi * rng.random(n)), np.broadcast_to(mass, (n, 8)).astype(float),
                       x, scale, alpha_s)


def weighted_choice(weights, rng: np.random.Generator, size) -> np.ndarray:
    """Indices drawn with probability ∝ weights along the last axis (weights broadcast against size + (m,))."""
    cumulative = np.cumsum(weights, axis=-1)
    cumulative = cumulative / cumulative[..., -1:]
    return np.minimum((cumulative < rng.random(size)[..., None]).sum(axis=-1), np.shape(weights)[-1] - 1)


def colour_flow(incoming: tuple[int, int], outgoing: int, planar_flip: bool) -> list[tuple[int, int]]:
    """Leading-colour (colour, anticolour) tags of (beam-1 parton, beam-2 parton, outgoing parton)."""
    c1, c2, c3 = FIRST_COLOUR, FIRST_COLOUR + 1, FIRST_COLOUR + 2
    a, b = incoming
    if a == b == GLUON:  # f^{abc}: the two planar flows
        return [(c1, c2), (c3, c1), (c3, c2)] if planar_flip else [(c1, c2), (c2, c3), (c1, c3)]

    def line(pdg, colour):  # a quark carries a colour, an antiquark an anticolour
        return (colour, 0) if pdg > 0 else (0, colour)

    if GLUON not in incoming:  # q q̄ → g: colour of the quark and anticolour of the antiquark go to the gluon
        tags = [line(a, c1), line(b, c2)]
        colour = c1 if a > 0 else c2
        return tags + [(colour, c2 if a > 0 else c1)]
    quark_first = b == GLUON
    quark = a if quark_first else b
    gluon = (c2, c1) if quark > 0 else (c1, c2)   # the gluon absorbs the quark's colour line and emits c2
    tags = [line(quark, c1), gluon] if quark_first else [gluon, line(quark, c1)]
    return tags + [line(outgoing, c2)]


class Unweighter:
    """Accept–reject unweighting of one process (a `process.EventProcess`; module docstring): the vegas map, w_max
    and a first estimate of σ (`pilot_sigma` ± `pilot_error`, from the n_max points) on construction; events from
    `generate`.

    Random numbers: all from `rng` (map training, maximum search, trials, channels, the process's record).
    safety: w_max = safety × the largest weight of n_max points from the trained map (≥ 1)."""

    def __init__(self, process, rng: np.random.Generator, *, name: str | None = None, safety: float = 1.2,
                 n_max: int = 20_000, n_adapt: int = 20_000, batch: int = 20_000, max_trials: int = MAX_TRIALS):
        safety = float(in_range("safety", safety, 1.0, np.inf))
        n_max, n_adapt, batch = (int(in_range(label, v, 2, np.inf)) for label, v in (("n_max", n_max),
                                                                                    ("n_adapt", n_adapt),
                                                                                    ("batch", batch)))
        self.process, self.rng, self.batch, self.max_trials = process, rng, batch, int(max_trials)
        self.name = type(process).__name__ if name is None else name
        self.map = train_map(lambda u: process.weights(u)[:, 0], process.dim, rng, n_adapt)
        weights = self._draw(n_max)[2].sum(axis=1)
        self.max_weight, self.pilot_sigma = float(safety * weights.max()), float(weights.mean())
        self.pilot_error = float(weights.std() / np.sqrt(n_max - 1))

    def _draw(self, n):
        y = self.rng.random((n, self.process.dim))
        u = self.map(y)
        channels, per_channel = self.process.channel_weights(u)
        return u, channels, self.map.jac(y)[:, None] * per_channel

    def generate(self, n_events: int) -> Events:
        """n_events (≥ 0) unweighted events; at least one batch of trials, so σ is always estimated."""
        n_events = int(in_range("n_events", n_events, 0, self.max_trials))
        if n_events and not self.max_weight > 0:
            raise DarkflavError(f"{self.name}: every weight of the maximum search is zero (σ = 0 within the "
                                "generation cuts); no events")
        kept_u, kept_w = [], []
        n_trials, n_kept, n_over, total, total2, excess = 0, 0, 0, 0.0, 0.0, 0.0
        while True:
            u, channels, per_channel = self._draw(self.batch)
            w = per_channel.sum(axis=1)
            n_trials += self.batch
            total, total2 = total + w.sum(), total2 + (w**2).sum()
            n_over += int((w > self.max_weight).sum())
            excess += np.clip(w - self.max_weight, 0, None).sum()
            accept = self.rng.random(self.batch) * self.max_weight < w
            kept_u.append(u[accept])
            kept_w.append(per_channel[accept])
            n_kept += int(accept.sum())
            if n_kept >= n_events:
                break
            if n_trials >= self.max_trials:
                raise DarkflavError(f"{self.name}: only {n_kept} of n_events = {n_events} events after "
                                    f"{self.max_trials} trials (unweighting efficiency {n_kept / n_trials:.2g}); "
                                    "lower n_events")
        u, per_channel = np.concatenate(kept_u)[:n_events], np.concatenate(kept_w)[:n_events]
        sigma = total / n_trials
        error = np.sqrt(max(total2 / n_trials - sigma**2, 0.0) / (n_trials - 1))

        choice = weighted_choice(per_channel, self.rng, n_events)
        record = self.process.event_record(u, channels, choice, self.rng)
        summary = ProcessSummary(self.name, float(sigma), float(error), self.max_weight, n_trials, n_over,
                                 float(excess / total) if total > 0 else 0.0, n_events, self.pilot_sigma,
                                 self.pilot_error)
        return Events(**vars(record), process_id=np.zeros(n_events, int), processes=[summary],
                      m_phi=self.process.m_phi, sqrt_s=self.process.sqrt_s, pdf=self.process.pdf.name)


def unweighted_events(process, n_events: int, seed, *, name: str | None = None, safety: float = 1.2,
                      n_max: int = 20_000, n_adapt: int = 20_000, batch: int = 20_000,
                      max_trials: int = MAX_TRIALS) -> Events:
    """n_events unweighted events of one process at its central scale (see the module docstring).

    Random numbers: numpy's PCG64 seeded with `seed` (map training, maximum search, trials, channels, decays).
    safety: w_max = safety × the largest weight of n_max points from the trained map (≥ 1)."""
    n_events = int(in_range("n_events", n_events, 1, max_trials))
    rng = np.random.default_rng(whole_number("seed", seed, 0, MAX_SEED))
    unweighter = Unweighter(process, rng, name=name, safety=safety, n_max=n_max,
                            n_adapt=n_adapt, batch=batch, max_trials=max_trials)
    return unweighter.generate(n_events)


def mixed_events(processes: Sequence[tuple[str, object]], n_events: int, seed, **options) -> Events:
    """n_events unweighted events of several (name, process) parts, each part's share drawn multinomially in
    proportion to its σ, events shuffled (module docstring). options: those of `Unweighter`.

    Random numbers: one PCG64 stream per part and one for the multinomial draw and the shuffle, all spawned from
    numpy's SeedSequence(seed), so a part's events do not depend on the other parts."""
    n_events = int(in_range("n_events", n_events, 1, options.get("max_trials", MAX_TRIALS)))
    if not processes:
        raise DarkflavError("mixed_events needs at least one process")
    sequence = np.random.SeedSequence(whole_number("seed", seed, 0, MAX_SEED))
    streams = [np.random.default_rng(s) for s in sequence.spawn(len(processes) + 1)]
    parts = [Unweighter(process, rng, name=name, **options)
             for (name, process), rng in zip(processes, streams[:-1], strict=True)]
    pilot = np.array([p.pilot_sigma for p in parts])
    if not pilot.sum() > 0:
        raise DarkflavError("every process has zero cross section within the generation cuts; no events")
    counts = streams[-1].multinomial(n_events, pilot / pilot.sum())
    return combine([p.generate(c) for p, c in zip(parts, counts, strict=True)], streams[-1])


def combine(samples: Sequence[Events], rng: np.random.Generator) -> Events:
    """One sample from several of the same beams, PDF and m_φ: particles padded to the largest k (status 0),
    process indices offset, events in random order (rng.permutation)."""
    k = max(s.pdg.shape[1] for s in samples)

    def joined(field):
        arrays = [getattr(s, field) for s in samples]
        if field in ("pdg", "status", "mothers", "colour", "momenta", "mass"):
            arrays = [np.pad(a, [(0, 0), (0, k - a.shape[1])] + [(0, 0)] * (a.ndim - 2)) for a in arrays]
        return np.concatenate(arrays)

    offsets = np.cumsum([0] + [len(s.processes) for s in samples[:-1]])
    process_id = np.concatenate([s.process_id + o for s, o in zip(samples, offsets, strict=True)])
    order = rng.permutation(len(process_id))
    fields = {f: joined(f)[order] for f in ("pdg", "status", "mothers", "colour", "momenta", "mass", "x", "scale",
                                            "alpha_s")}
    first = samples[0]
    return Events(**fields, process_id=process_id[order], processes=[p for s in samples for p in s.processes],
                  m_phi=first.m_phi, sqrt_s=first.sqrt_s, pdf=first.pdf)


def write_lhe(path, events: Events, process_info: str = "") -> None:
    """Write `events` as a Les Houches Event file (version 3, pylhe): one <init> process entry per process
    (IDPRUP = 1, 2, …); `process_info` goes to the header comment."""
    import pylhe  # heavy (awkward arrays, ~0.9 s to import): loaded only when a file is written

    to_pb = 1e-3  # LHE cross sections are in pb, darkflav's in fb
    init = pylhe.LHEInit(
        initInfo=pylhe.LHEInitInfo(beamA=PROTON, beamB=PROTON, energyA=events.sqrt_s / 2,
                                   energyB=events.sqrt_s / 2, PDFgroupA=0, PDFgroupB=0, PDFsetA=0, PDFsetB=0,
                                   weightingStrategy=3, numProcesses=len(events.processes)),
        procInfo=[pylhe.LHEProcInfo(xSection=p.sigma * to_pb, error=p.error * to_pb, unitWeight=1.0, procId=i + 1)
                  for i, p in enumerate(events.processes)],
        generators=[pylhe.LHEGenerator(name="darkflav", version="", description="collider.events")])

    def event(i):
        present = np.flatnonzero(events.status[i] != 0)
        particles = [pylhe.LHEParticle(id=int(events.pdg[i, j]), status=int(events.status[i, j]),
                                       mother1=int(events.mothers[i, j, 0]), mother2=int(events.mothers[i, j, 1]),
                                       color1=int(events.colour[i, j, 0]), color2=int(events.colour[i, j, 1]),
                                       px=float(events.momenta[i, j, 1]), py=float(events.momenta[i, j, 2]),
                                       pz=float(events.momenta[i, j, 3]), e=float(events.momenta[i, j, 0]),
                                       m=float(events.mass[i, j]), lifetime=0.0, spin=9.0)
                     for j in present]
        info = pylhe.LHEEventInfo(nparticles=len(particles), pid=int(events.process_id[i]) + 1, weight=1.0,
                                  scale=float(events.scale[i]), aqed=-1.0, aqcd=float(events.alpha_s[i]))
        return pylhe.LHEEvent(eventinfo=info, particles=particles)

    parts = "; ".join(f"[{i + 1}] {p.name}: sigma = {p.sigma:.6g} +- {p.error:.2g} fb, {p.n_events} events, "
                      f"{p.n_trials} trials, {p.n_overweight} overweight (bias {p.overweight_fraction:.2g})"
                      for i, p in enumerate(events.processes))
    comment = (f"darkflav unweighted parton-level events, m_phi = {events.m_phi:g} GeV, sigma = {events.sigma:.6g} "
               f"+- {events.error:.2g} fb; PDF {events.pdf}; phi = PDG {PHI_PDG}. Processes: {parts}. {process_info}")
    pylhe.LHEFile(init=init, events=(event(i) for i in range(len(events))), comment=comment).tofile(str(path))
