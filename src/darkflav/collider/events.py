"""Unweighted parton-level events of pp → φφ + parton (`monojet.PhiPhiJet`) and their Les Houches Event file.

* Unweighting (von Neumann accept–reject): a vegas map is trained on the central-scale dσ/d⁴u
  (`phase_space.train_map`); points drawn from it carry the weight w = jac × dσ/d⁴u (fb), whose mean is σ. The
  maximum of w over `n_max` points from the trained map times `safety` is w_max; each trial point is kept with
  probability min(w/w_max, 1). Points with w > w_max ("overweight") are kept with unit weight, which biases σ by
  the fraction Σ max(w − w_max, 0)/Σ w; their number and that fraction are returned, not hidden.
  σ and its Monte Carlo error are the mean of w and its standard error over all trial points.
* Initial state: `PhiPhiJet.weights` sums over parton channels; each event's channel (the two incoming PDG
  codes, beam 1 along +z) is drawn with probability dσ_channel/dσ (`PhiPhiJet.channel_weights`) and the outgoing
  parton follows from it (`PhiPhiJet.outgoing_parton`). Momentum fractions x₁,₂ are those of the phase space.
* φφ decay: isotropic in the φφ rest frame. At leading order this is exact: the operators contain φ² without
  derivatives, so 𝓜(pp → j φφ) = C 𝓜(pp → j S)|_{m_S = Q} depends on the φ momenta only through their sum
  (monojet.py: the φφ phase space factorises, ∫dΦ₂ = β/(8π)); then every azimuth of the event is rotated by a
  uniform angle (the matrix elements do not depend on it).
* Colour flow (leading colour, Les Houches tags from 501): qq̄ → g, q g → q, q̄ g → q̄ with the unique flow;
  gg → g through the f^{abc} vertex of GGφ² has two planar flows of equal weight, one drawn at random.
* LHE (Alwall et al., Comput. Phys. Commun. 176 (2007) 300, hep-ph/0609017; written with pylhe): weighting
  strategy IDWTUP = 3 (Boos et al., hep-ph/0109068: unit-weight events, σ and its error in <init>, in pb), beams
  protons (PDG 2212) with √s/2 each, PDF group and set 0 (the set name is in the header comment), AQEDUP = −1
  (no QED coupling at this order), AQCDUP = α_s(μ₀), SCALUP = μ₀ = H_T/2. φ has the user code PHI_PDG (9000005: a
  code of the form 9xxxxxx is not assigned by the PDG and is the usual choice for a new scalar), status 1
  (stable, invisible).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import DarkflavError, in_range
from .monojet import central_scale
from .phase_space import train_map

#: PDG Monte Carlo code used for φ (not assigned by the PDG; see the module docstring).
PHI_PDG = 9000005
#: PDG codes of the proton (beam) and the gluon.
PROTON, GLUON = 2212, 21
#: First Les Houches colour tag (tags are conventionally ≥ 501).
FIRST_COLOUR = 501


@dataclass
class Events:
    """Unweighted events: PDG codes and four-momenta (E, p_x, p_y, p_z) in GeV, beam 1 along +z.

    particles order: incoming parton of beam 1, of beam 2, outgoing parton, φ, φ."""

    pdg: np.ndarray            # (n, 5)
    momenta: np.ndarray        # (n, 5, 4)
    colour: np.ndarray         # (n, 5, 2) Les Houches colour and anticolour tags (0 = none)
    x: np.ndarray              # (n, 2) momentum fractions
    scale: np.ndarray          # (n,) μ₀ = μ_R = μ_F (GeV)
    alpha_s: np.ndarray        # (n,) α_s(μ₀)
    m_phi: float
    sqrt_s: float
    pdf: str                   # PDF set name
    sigma: float               # fb, generation cuts of the process
    error: float               # fb, Monte Carlo 1σ
    max_weight: float          # w_max (fb)
    n_trials: int
    n_overweight: int
    overweight_fraction: float

    def __len__(self) -> int:
        return len(self.pdg)

    def final_state(self) -> tuple[np.ndarray, np.ndarray]:
        """(jets (n, 1, 4), invisible (n, 2, 4)) for `atlas_monojet.select`: at parton level the parton is the
        jet and E_T^miss = p_T(φφ)."""
        return self.momenta[:, 2:3], self.momenta[:, 3:5]


def _boost(p: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Four-momenta p (n, 4) given in the rest frame of `total` (n, 4), boosted to the frame where it is `total`."""
    mass = np.sqrt(np.maximum(total[:, 0] ** 2 - (total[:, 1:] ** 2).sum(axis=1), 0.0))
    beta = total[:, 1:] / total[:, :1]
    gamma = total[:, 0] / mass
    bp = (beta * p[:, 1:]).sum(axis=1)
    b2 = (beta**2).sum(axis=1)
    coefficient = np.where(b2 > 0, (gamma - 1) * bp / np.where(b2 > 0, b2, 1.0), 0.0) + gamma * p[:, 0]
    return np.concatenate([(gamma * (p[:, 0] + bp))[:, None], p[:, 1:] + coefficient[:, None] * beta], axis=1)


def _isotropic_pair(total: np.ndarray, m: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two particles of mass m from the decay of `total` (n, 4), isotropic in its rest frame."""
    n = len(total)
    q = np.sqrt(np.maximum(total[:, 0] ** 2 - (total[:, 1:] ** 2).sum(axis=1), 0.0))
    p = np.sqrt(np.maximum(q**2 / 4 - m**2, 0.0))
    cos_theta, azimuth = 2 * rng.random(n) - 1, 2 * np.pi * rng.random(n)
    sin_theta = np.sqrt(1 - cos_theta**2)
    direction = np.stack([sin_theta * np.cos(azimuth), sin_theta * np.sin(azimuth), cos_theta], axis=1)
    first = np.concatenate([(q / 2)[:, None], p[:, None] * direction], axis=1)
    second = np.concatenate([(q / 2)[:, None], -p[:, None] * direction], axis=1)
    return _boost(first, total), _boost(second, total)


def _rotate_z(p: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Rotate four-momenta p (n, k, 4) about the beam axis by angle (n,)."""
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    out = p.copy()
    out[..., 1], out[..., 2] = c * p[..., 1] - s * p[..., 2], s * p[..., 1] + c * p[..., 2]
    return out


def _colour_flow(incoming: tuple[int, int], outgoing: int, planar_flip: bool) -> list[tuple[int, int]]:
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


def unweighted_events(process, n_events: int, seed: int, *, safety: float = 1.2, n_max: int = 20_000,
                      n_adapt: int = 20_000, batch: int = 20_000, max_trials: int = 10_000_000) -> Events:
    """n_events unweighted events of a `monojet.PhiPhiJet` at its central scale (see the module docstring).

    Random numbers: numpy's PCG64 seeded with `seed` (map training, maximum search, trials, channels, decays).
    safety: w_max = safety × the largest weight of n_max points from the trained map (≥ 1)."""
    n_events = int(in_range("n_events", n_events, 1, max_trials))
    safety = float(in_range("safety", safety, 1.0, np.inf))
    rng = np.random.default_rng(seed)
    vegas_map = train_map(lambda u: process.weights(u)[:, 0], process.dim, rng, n_adapt)

    def draw(n):
        y = rng.random((n, process.dim))
        u = vegas_map(y)
        channels, per_channel = process.channel_weights(u)
        return u, channels, vegas_map.jac(y)[:, None] * per_channel

    w_max = safety * draw(n_max)[2].sum(axis=1).max()
    kept_u, kept_w = [], []
    n_trials, n_kept, n_over, total, total2, excess = 0, 0, 0, 0.0, 0.0, 0.0
    while n_kept < n_events:
        if n_trials >= max_trials:
            raise DarkflavError(f"only {n_kept} of n_events = {n_events} events after {max_trials} trials "
                                f"(unweighting efficiency {n_kept / n_trials:.2g}); lower n_events")
        u, channels, per_channel = draw(batch)
        w = per_channel.sum(axis=1)
        n_trials += batch
        total, total2 = total + w.sum(), total2 + (w**2).sum()
        n_over += int((w > w_max).sum())
        excess += np.clip(w - w_max, 0, None).sum()
        accept = rng.random(batch) * w_max < w
        kept_u.append(u[accept])
        kept_w.append(per_channel[accept])
        n_kept += int(accept.sum())
    u, per_channel = np.concatenate(kept_u)[:n_events], np.concatenate(kept_w)[:n_events]
    sigma = total / n_trials
    error = np.sqrt(max(total2 / n_trials - sigma**2, 0.0) / (n_trials - 1))

    cumulative = np.cumsum(per_channel, axis=1) / per_channel.sum(axis=1, keepdims=True)
    choice = np.minimum((cumulative < rng.random(n_events)[:, None]).sum(axis=1), len(channels) - 1)
    incoming = np.array(channels)[choice]
    outgoing = np.array([process.outgoing_parton(tuple(c)) for c in channels])[choice]

    k, _ = process.kinematics(u)
    jets, invisible = process.final_state(u)
    half = process.sqrt_s / 2
    zeros = np.zeros(n_events)
    beam1 = np.stack([k.x1 * half, zeros, zeros, k.x1 * half], axis=1)
    beam2 = np.stack([k.x2 * half, zeros, zeros, -k.x2 * half], axis=1)
    phi1, phi2 = _isotropic_pair(invisible[:, 0], process.m_phi, rng)
    momenta = _rotate_z(np.stack([beam1, beam2, jets[:, 0], phi1, phi2], axis=1), 2 * np.pi * rng.random(n_events))
    flips = rng.random(n_events) < 0.5
    colour = np.zeros((n_events, 5, 2), int)
    colour[:, :3] = [_colour_flow(tuple(i), o, f) for i, o, f in zip(incoming, outgoing, flips, strict=True)]
    pdg = np.column_stack([incoming, outgoing, np.full((n_events, 2), PHI_PDG)])
    mu0 = central_scale(k)
    return Events(pdg, momenta, colour, np.column_stack([k.x1, k.x2]), mu0, process.pdf.alpha_s(mu0),
                  process.m_phi, process.sqrt_s, process.pdf.name, float(sigma), float(error), float(w_max),
                  n_trials, n_over, float(excess / total))


def write_lhe(path, events: Events, process_info: str = "") -> None:
    """Write `events` as a Les Houches Event file (version 3, pylhe); `process_info` goes to the header comment."""
    import pylhe

    to_pb = 1e-3  # LHE cross sections are in pb, darkflav's in fb
    init = pylhe.LHEInit(
        initInfo=pylhe.LHEInitInfo(beamA=PROTON, beamB=PROTON, energyA=events.sqrt_s / 2,
                                   energyB=events.sqrt_s / 2, PDFgroupA=0, PDFgroupB=0, PDFsetA=0, PDFsetB=0,
                                   weightingStrategy=3, numProcesses=1),
        procInfo=[pylhe.LHEProcInfo(xSection=events.sigma * to_pb, error=events.error * to_pb, unitWeight=1.0,
                                    procId=1)],
        generators=[pylhe.LHEGenerator(name="darkflav", version="", description="collider.events")])
    status = (-1, -1, 1, 1, 1)
    mothers = ((0, 0), (0, 0), (1, 2), (1, 2), (1, 2))
    masses = (0.0, 0.0, 0.0, events.m_phi, events.m_phi)

    def event(i):
        particles = [pylhe.LHEParticle(id=int(events.pdg[i, j]), status=status[j], mother1=mothers[j][0],
                                       mother2=mothers[j][1], color1=int(events.colour[i, j, 0]),
                                       color2=int(events.colour[i, j, 1]), px=float(events.momenta[i, j, 1]),
                                       py=float(events.momenta[i, j, 2]), pz=float(events.momenta[i, j, 3]),
                                       e=float(events.momenta[i, j, 0]), m=masses[j], lifetime=0.0, spin=9.0)
                     for j in range(5)]
        info = pylhe.LHEEventInfo(nparticles=5, pid=1, weight=1.0, scale=float(events.scale[i]), aqed=-1.0,
                                  aqcd=float(events.alpha_s[i]))
        return pylhe.LHEEvent(eventinfo=info, particles=particles)

    comment = (f"darkflav pp -> phi phi + parton, m_phi = {events.m_phi:g} GeV, sigma = {events.sigma:.6g} "
               f"+- {events.error:.2g} fb, {events.n_trials} trials, {events.n_overweight} overweight "
               f"(bias {events.overweight_fraction:.2g}); PDF {events.pdf}; phi = PDG {PHI_PDG}. {process_info}")
    pylhe.LHEFile(init=init, events=(event(i) for i in range(len(events))), comment=comment).tofile(str(path))
