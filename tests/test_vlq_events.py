"""Unweighted events of the VLQ signal (`vlq.signal.vlq_events`, the parts EVENT_PARTS, with the Yukawa-induced
pairs "phi_pairs"): the LHE file, the channel weights, the g g → FF̄ colour flows against explicit spinors, the mixed
sample against the weighted σ × A, reproducibility and the command line. Small samples throughout: the 2 → 3 matrix
element costs ≈ 25 μs per point and heavy state."""

import json

import numpy as np
import pytest
import yaml
from scipy.stats import chi2
from typer.testing import CliRunner

from darkflav.cli import app
from darkflav.collider.atlas_monojet import EXCLUSIVE, analysis, region_cross_sections, select
from darkflav.collider.events import PHI_PDG, Unweighter, write_lhe
from darkflav.collider.pdf import load_pdf
from darkflav.collider.vlq.bounds import benchmark_model
from darkflav.collider.vlq.production import HeavyQuarkPair, dsigma_dt_gg, gg_colour_flows
from darkflav.collider.vlq.sectors import HEAVY_STATES
from darkflav.collider.vlq.signal import EVENT_PARTS, signal_processes, vlq_events
from darkflav.errors import DarkflavError
from darkflav.parameters import Parameters
from tests.dirac import bar, dot, slash, u_spinor, v_spinor

from .test_docs import check

pytest.importorskip("pythia8mc")  # the default PDF grid comes from pythia8mc
pylhe = pytest.importorskip("pylhe")
MODEL = benchmark_model(1500.0, 1.0)   # light heavy quarks: every part contributes
M_HEAVY = 1500.0
N_EVENTS = 1500
OPTIONS = {"n_adapt": 2000, "n_max": 2000, "batch": 2000}
HEAVY_CODES = {code: quarks for (states, quarks) in zip(HEAVY_STATES, ((1, 3, 5), (2, 4)), strict=True)
               for _, code in states}


@pytest.fixture(scope="module")
def sample():
    return vlq_events(MODEL, N_EVENTS, seed=3, **OPTIONS)


@pytest.fixture(scope="module")
def processes():
    return signal_processes(MODEL, include=EVENT_PARTS)


def colour_tags_balance(event_colours) -> bool:
    """Every tag once as an outgoing colour (or incoming anticolour) and once opposite; (colour, anticolour,
    status) of the incoming and outgoing particles."""
    tags = {}
    for c1, c2, s in event_colours:
        for tag, sign in ((c1, s), (c2, -s)):
            if tag:
                tags[tag] = tags.get(tag, 0) + sign
    return all(v == 0 for v in tags.values()) and bool(tags)


def test_lhe_file_round_trip(sample, tmp_path):
    """pylhe read-back: count, one <init> entry per part (σ in pb; eight parts with phi_pairs), IDPRUP, momentum
    conservation, φ and F on shell, F → qφ with its mothers and flavours (QCD and Yukawa-induced pairs), colour
    conservation."""
    path = tmp_path / "vlq.lhe"
    write_lhe(path, sample, "test")
    assert pylhe.LHEFile.count_events(str(path)) == N_EVENTS
    lhe = pylhe.LHEFile.fromfile(str(path))
    info = lhe.init.procInfo
    assert [p.procId for p in info] == list(range(1, len(sample.processes) + 1)) and len(info) == 8
    assert [p.xSection for p in info] == pytest.approx([p.sigma / 1e3 for p in sample.processes], rel=1e-6)
    assert sum(p.xSection for p in info) == pytest.approx(sample.sigma / 1e3, rel=1e-6)
    n = 0
    for event in lhe.events:
        name = sample.processes[event.eventinfo.pid - 1].name
        p = np.array([[q.e, q.px, q.py, q.pz] for q in event.particles])
        status = np.array([q.status for q in event.particles])
        pdg = np.array([q.id for q in event.particles])
        assert list(status[:2]) == [-1, -1] and event.eventinfo.scale > 0 and 0.05 < event.eventinfo.aqcd < 0.2
        scale = p[:2, 0].sum()
        assert np.allclose(p[status == -1].sum(axis=0), p[status == 1].sum(axis=0), rtol=0, atol=1e-6 * scale)
        phi = p[pdg == PHI_PDG]
        assert len(phi) == 2 and all(q.m == sample.m_phi for q in event.particles if q.id == PHI_PDG)
        assert np.allclose(phi[:, 0] ** 2 - (phi[:, 1:] ** 2).sum(axis=1), sample.m_phi**2, atol=1e-7 * scale**2)
        if name.startswith("pairs") or name == "phi_pairs":
            assert list(status) == [-1, -1, 2, 2, 1, 1, 1, 1]
            for index in (3, 4):                             # F and F̄ and their decay products
                parent = event.particles[index - 1]
                children = [j for j, q in enumerate(event.particles) if (q.mother1, q.mother2) == (index, index)]
                assert len(children) == 2 and parent.m == M_HEAVY and abs(parent.id) in HEAVY_CODES
                assert np.allclose(p[children].sum(axis=0), p[index - 1], rtol=0, atol=1e-6 * scale)
                assert p[index - 1, 0] ** 2 - (p[index - 1, 1:] ** 2).sum() == pytest.approx(M_HEAVY**2, rel=1e-6)
                quark = next(pdg[j] for j in children if pdg[j] != PHI_PDG)
                assert np.sign(quark) == np.sign(parent.id) and abs(quark) in HEAVY_CODES[abs(parent.id)]
        else:
            assert list(status) == [-1, -1, 1, 1, 1] and list(pdg[2:] == PHI_PDG) == [False, True, True]
        assert colour_tags_balance([(q.color1, q.color2, q.status) for q in event.particles if q.status != 2])
        n += 1
    assert n == N_EVENTS


def test_event_arrays(sample):
    """In memory (double precision): φ on shell, quark flavours follow the couplings (y_q = y_d ∝ (0, 1, 0.2):
    no outgoing d quark, none in the φφ + parton or Yukawa-pair initial states; F → b φ in 0.04/1.04 of the
    down-type decays of both pair parts), every part has events."""
    phi = sample.momenta[sample.pdg == PHI_PDG]
    assert np.allclose(phi[:, 0] ** 2 - (phi[:, 1:] ** 2).sum(axis=1), sample.m_phi**2, rtol=1e-6)
    phi_pairs = np.isin(sample.process_id, [i for i, p in enumerate(sample.processes) if p.name == "phi_pairs"])
    single = sample.status[:, 5] == 0   # five particles: pp → φφ + parton
    assert not np.any((np.abs(sample.pdg) == 1) & ((sample.status == 1) | (single | phi_pairs)[:, None]))
    assert len(sample.processes) == 8 and np.all(np.bincount(sample.process_id, minlength=8) > 0)
    down = np.isin(np.abs(sample.pdg[:, 2:4]), (9000006, 9000007))   # per heavy state: its decay quark 2 later
    decays = np.abs(sample.pdg[:, 4:7:2][down])
    assert set(decays) == {3, 5}
    share, expected = np.mean(decays == 5), 0.04 / 1.04
    assert abs(share - expected) < 4 * np.sqrt(expected / decays.size)
    jets, invisible = sample.final_state()
    assert jets.shape == (N_EVENTS, 2, 4) and invisible.shape == (N_EVENTS, 2, 4)


def test_channel_weights_sum_to_the_central_weight(processes):
    """Rows of channel_weights sum to weights[:, 0] for the non-resonant and a resonant VLQPhiPhiJet channel, for
    the pair process (ScaledProcess) and for the Yukawa-induced pairs (φ exchange only); channels are distinct,
    weights non-negative."""
    rng = np.random.default_rng(8)
    assert processes[-1][0] == "phi_pairs" and processes[-1][2].parts == ("yukawa",)
    for part, name, process in (processes[0], processes[1], processes[2], processes[-1]):
        u = rng.random((200, process.dim))
        channels, per_channel = process.channel_weights(u)
        total = process.weights(u)[:, 0]
        assert np.allclose(per_channel.sum(axis=1), total, rtol=1e-10, atol=0), name
        assert len(set(channels)) == len(channels) == per_channel.shape[1] and np.all(per_channel >= 0)
        assert total.max() > 0
        if part == "t_channel":   # qq̄ → φφg, q g → q φφ, q̄ g → q̄ φφ with flavour change in the quark line
            assert (3, -5, 21) in channels and (21, 5, 3) in channels and (-3, 21, -5) in channels
        if part == "phi_pairs":   # q q̄ → F F̄, q q → F F, q̄ q̄ → F̄ F̄ (heavy states by PDG code)
            assert (3, -5, 9000006, -9000006) in channels and (2, 3, 9000008, 9000007) in channels
            assert (-5, -3, -9000007, -9000006) in channels


def gg_amplitudes(s, m, cos_theta, azimuth):
    """(Σ|A₁₂|², Σ|A₂₁|², Σ|A₁₂ + A₂₁|², gauge test) for g(p₁)g(p₂) → Q(k₁)Q̄(k₂) in the centre-of-mass frame,
    summed over spins and transverse polarisations, from the three diagrams with explicit Dirac spinors:
    𝓜 = g²[(T^aT^b) A₁₂ + (T^bT^a) A₂₁], A₁₂ = t-channel + s-channel, A₂₁ = u-channel − s-channel. The gauge
    test is max |A₁₂(ε₁ → p₁)| over spins relative to the largest |A₁₂|."""
    e = np.sqrt(s) / 2
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    k = np.sqrt(e**2 - m**2)
    n = np.array([np.sqrt(1 - cos_theta**2) * np.cos(azimuth), np.sqrt(1 - cos_theta**2) * np.sin(azimuth), cos_theta])
    k1, k2 = np.concatenate([[e], k * n]), np.concatenate([[e], -k * n])
    t, u = dot(p1 - k1, p1 - k1), dot(p2 - k1, p2 - k1)
    one = np.eye(4)

    def ordered(eps1, eps2, s1, s2):
        ub, v = bar(u_spinor(k1, m, s1)), v_spinor(k2, m, s2)
        t_channel = ub @ slash(eps1) @ (slash(k1 - p1) + m * one) @ slash(eps2) @ v / (t - m**2)
        u_channel = ub @ slash(eps2) @ (slash(k1 - p2) + m * one) @ slash(eps1) @ v / (u - m**2)
        total = p1 + p2   # three-gluon vertex, all momenta incoming (p₁, p₂, −P), contracted with ε₁, ε₂
        vertex = dot(eps1, eps2) * (p1 - p2) + eps2 * dot(p2 + total, eps1) - eps1 * dot(total + p1, eps2)
        s_channel = ub @ slash(vertex) @ v / s
        return t_channel + s_channel, u_channel - s_channel

    transverse = [np.array([0.0, 1, 0, 0]), np.array([0.0, 0, 1, 0])]
    a12 = a21 = both = gauge = largest = 0.0
    for s1 in range(2):
        for s2 in range(2):
            for eps1 in transverse:
                for eps2 in transverse:
                    x, y = ordered(eps1, eps2, s1, s2)
                    a12, a21, both = a12 + abs(x) ** 2, a21 + abs(y) ** 2, both + abs(x + y) ** 2
                    largest = max(largest, abs(x))
            gauge = max(gauge, abs(ordered(p1, transverse[0], s1, s2)[0]))
    return s, t, u, (a12, a21, both, gauge / largest)


@pytest.mark.parametrize("m,cos_theta", [(1500.0, 0.3), (700.0, -0.8), (1.0, 0.5)])
def test_gg_colour_flows_against_explicit_spinors(m, cos_theta):
    """gg_colour_flows equals the colour-ordered |A₁₂|², |A₂₁|² (gauge invariant each); with the QED-like
    |A₁₂ + A₂₁|² they give Combridge's colour-summed dσ̂/dt̂; t̂ ↔ û exchanges the flows; massless limit
    8(û/t̂)(t̂² + û²)/ŝ² (Mangano–Parke)."""
    s, t, u, (a12, a21, both, gauge) = gg_amplitudes((2.6 * m + 300.0) ** 2, m, cos_theta, 0.7)
    w12, w21 = gg_colour_flows(s, t, u, m**2)
    assert (a12, a21) == pytest.approx((w12, w21), rel=1e-9) and gauge < 1e-10
    n = 3
    colour_sum = (n**2 - 1) / (4 * n) * (n**2 * (a12 + a21) - both)   # Σ|𝓜|²/g_s⁴
    assert colour_sum == pytest.approx(256 * s**2 * dsigma_dt_gg(s, t, u, m**2, 1.0) / np.pi, rel=1e-9)
    assert gg_colour_flows(s, u, t, m**2) == pytest.approx((w21, w12), rel=1e-12) and min(w12, w21) > 0
    assert gg_colour_flows(s, t, u, 0.0)[0] == pytest.approx(8 * u / t * (t**2 + u**2) / s**2, rel=1e-12)


def test_gg_flows_in_the_sample(sample):
    """gg → FF̄ events: F takes the colour of gluon 1 (flow 12) with probability τ₂²/(τ₁² + τ₂²), per event."""
    gg = (sample.pdg[:, 0] == 21) & (sample.pdg[:, 1] == 21) & np.isin(sample.pdg[:, 2], list(HEAVY_CODES))
    p1, p2, heavy = sample.momenta[gg, 0], sample.momenta[gg, 1], sample.momenta[gg, 2]
    m2 = M_HEAVY**2
    tau1 = m2 - ((p1 - heavy)[:, 0] ** 2 - ((p1 - heavy)[:, 1:] ** 2).sum(axis=1))
    tau2 = m2 - ((p2 - heavy)[:, 0] ** 2 - ((p2 - heavy)[:, 1:] ** 2).sum(axis=1))
    probability = tau2**2 / (tau1**2 + tau2**2)
    flow12 = sample.colour[gg, 2, 0] == sample.colour[gg, 0, 0]
    assert gg.sum() > 50 and np.all(flow12 | (sample.colour[gg, 2, 0] == sample.colour[gg, 1, 0]))
    assert abs(flow12.sum() - probability.sum()) < 4 * np.sqrt(np.sum(probability * (1 - probability)))


def test_etmiss_spectrum_and_part_fractions(sample, processes):
    """Events per part against σ_part/σ (χ², with the Monte Carlo errors of the maximum-search and trial σ's), and
    the phi_pairs events alone (≈ 8 % of the 1.5 TeV benchmark's σ without the interference); E_T^miss counts in
    the EM bins against Σ_parts n_part σ×A_part,bin/σ_part from weighted vegas integration (χ² over bins with ≥ 5
    expected, tail merged)."""
    parts = sample.processes
    assert [p.name for p in parts] == [name for _, name, _ in processes]
    counts = np.bincount(sample.process_id, minlength=len(parts))
    sigma = np.array([p.sigma for p in parts])
    relative = np.hypot([p.pilot_error / p.pilot_sigma for p in parts], [p.error / p.sigma for p in parts])
    expected = N_EVENTS * sigma / sigma.sum()
    variance = expected * (1 - expected / N_EVENTS) + (expected * relative) ** 2
    assert chi2.sf(np.sum((counts - expected) ** 2 / variance), len(parts) - 1) > 1e-3
    phi = [p.name for p in parts].index("phi_pairs")
    assert sample.sigma == pytest.approx(sigma.sum()) and 0.05 < sigma[phi] / sigma.sum() < 0.3
    assert counts[phi] > 50 and abs(counts[phi] - expected[phi]) < 4 * np.sqrt(variance[phi])

    reference = [region_cross_sections(process, n_points=3000, seed=2, n_adapt=1000) for _, _, process in processes]
    bins = len(EXCLUSIVE)
    expected = sum(n / p.sigma * r.sigma[:bins] for n, p, r in zip(counts, parts, reference, strict=True))
    variance = expected + sum((n / p.sigma) ** 2 * (r.error[:bins] ** 2 + (r.sigma[:bins] * p.error / p.sigma) ** 2)
                              for n, p, r in zip(counts, parts, reference, strict=True))
    passes, met = select(*sample.final_state())
    edges = [analysis()["regions"][r]["etmiss"] for r in EXCLUSIVE]
    observed = np.array([np.sum(passes & (met >= lo) & (met < hi)) for lo, hi in edges])
    last = next((b for b in range(bins) if expected[b:].sum() < 5 or expected[b] < 5), bins - 1)
    observed, variance, expected = (np.append(a[:last], a[last:].sum()) for a in (observed, variance, expected))
    statistic = np.sum((observed - expected) ** 2 / variance)
    assert last >= 5 and chi2.sf(statistic, len(observed)) > 1e-3


def test_the_sample_quoted_in_the_docs(sample):
    """docs/collider.md quotes this sample: σ and its error, σ by kind of part (QCD pairs, on-shell Fφ windows,
    φ-exchange pairs, non-resonant), the unweighting efficiencies and the overweight events."""
    parts = {p.name: p for p in sample.processes}
    kinds = {kind: [p for name, p in parts.items() if name.startswith(kind)]
             for kind in ("pairs", "resonant", "phi_pairs", "t_channel")}
    assert sum(len(v) for v in kinds.values()) == len(parts)
    check("collider.md", "σ = {} ± {} fb (QCD pairs {}, on-shell Fφ {}, φ-exchange pairs {}, non-resonant {})",
          sample.sigma, sample.error, *(sum(p.sigma for p in kinds[k]) for k in kinds))
    efficiency = {k: [p.efficiency for p in kinds[k]] for k in kinds}
    check("collider.md", "unweighting efficiency {}–{} (QCD pairs), {} (φ-exchange pairs), {} (non-resonant), {}–{} "
          "(resonant windows", min(efficiency["pairs"]), max(efficiency["pairs"]), *efficiency["phi_pairs"],
          *efficiency["t_channel"], min(efficiency["resonant"]), max(efficiency["resonant"]))
    check("collider.md", "makes their weights peaked), {} overweight events.", sample.n_overweight)


def test_reproducible_and_zero_event_parts():
    """Same seed, same events; another seed, other events; a part with no events still has σ from one batch."""
    first, again, other = (vlq_events(MODEL, 200, seed=s, include=("pairs",), **OPTIONS) for s in (9, 9, 10))
    for field in ("pdg", "momenta", "colour", "process_id", "x", "scale"):
        assert np.array_equal(getattr(first, field), getattr(again, field)), field
    assert first.sigma == again.sigma and not np.array_equal(first.momenta, other.momenta)
    pair = signal_processes(MODEL, include=("pairs",))[0][2]
    empty = Unweighter(pair, np.random.default_rng(1), n_adapt=1000, n_max=1000, batch=1000).generate(0)
    assert len(empty) == 0 and empty.processes[0].n_trials == 1000 and empty.sigma > 0


def test_errors(tmp_path):
    with pytest.raises(DarkflavError, match="n_events"):
        vlq_events(MODEL, 0, seed=1)
    with pytest.raises(DarkflavError, match="unknown VLQ signal part with events 'pair'"):
        vlq_events(MODEL, 10, seed=1, include=("pair",))
    with pytest.raises(DarkflavError, match="part with events 'interference'"):   # negative weights
        vlq_events(MODEL, 10, seed=1, include=("interference",))
    pair = HeavyQuarkPair(1500.0, 1.0, load_pdf(), Parameters.default())
    u = np.random.default_rng(1).random((3, pair.dim))
    with pytest.raises(DarkflavError, match="decays"):
        pair.event_record(u, [(21, 21)], np.zeros(3, int), np.random.default_rng(1))


def test_cli_writes_the_vlq_signal(tmp_path):
    model = tmp_path / "vlq.yaml"
    model.write_text(yaml.safe_dump({"m_Q": 1500.0, "m_D": 1500.0, "m_phi": 1.0, "y_q": [0.0, 1.0, 0.2],
                                     "y_d": [0.0, 1.0, 0.2]}))
    path = tmp_path / "cli.lhe"
    runner = CliRunner()
    result = runner.invoke(app, ["monojet", "--model", str(model), "--lhe", str(path), "--events", "30", "--seed",
                                 "2", "--n-points", "500", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["events"] == 30 and pylhe.LHEFile.count_events(str(path)) == 30
    assert len(summary["parts"]) == 8 and sum(p["events"] for p in summary["parts"]) == 30
    assert summary["sigma_fb"] == pytest.approx(sum(p["sigma_fb"] for p in summary["parts"]))
    bad = runner.invoke(app, ["monojet", "--model", str(model), "--lhe", str(path), "--events", "0"])
    assert bad.exit_code == 1 and "n_events = 0" in bad.output
    bad = runner.invoke(app, ["monojet", "--model", str(model), "--lhe", str(tmp_path / "no" / "x.lhe")])
    assert bad.exit_code == 1 and "cannot write the LHE file" in bad.output and "does not exist" in bad.output
