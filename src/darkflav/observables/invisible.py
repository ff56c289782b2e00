"""Observables of P → M + invisible: pairs of invisible particles X (DarkEFT, decays/dark_pairs.py), νν̄ plus
pairs ('inv'), a single invisible boson (InvisibleBoson, decays/two_body.py) and B_s → X X."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..decays import bs_to_phi, dark_pairs, nunu_rates, two_body
from ..decays.channels import CHANNELS
from ..decays.common import c_left_sm, coherent_sums
from ..eft import DarkEFT, InvisibleBoson, NeutrinoWET
from ..errors import DarkflavError
from ..kinematics import check_q2
from ..registry import REGISTRY, Observable, register
from .nunu import SM


def _pair_br(decay):
    channel = CHANNELS[decay]

    def f(darks, params):
        return sum(channel.tau_over_hbar(params)
                   * dark_pairs.integrated(channel.module, t, params, channel.mode, project=channel.project)[0]
                   for t in darks)
    return f


def _pair_dbr(decay):
    channel = CHANNELS[decay]

    def f(darks, params, q2):
        q2 = check_q2(q2, channel.q2_max(params), decay)
        scalar = q2.ndim == 0
        tau = channel.tau_over_hbar(params)[..., None]
        out = sum(tau * dark_pairs.density(channel.module, t, params, channel.mode, np.atleast_1d(q2),
                                           channel.project)[0] for t in darks)
        return out[..., 0] if scalar else out
    return f


def _pair_binned(decay):
    channel = CHANNELS[decay]

    def f(darks, params, q2min, q2max):
        lo, hi = nunu_rates.one_bin(channel.module, channel.mode, params, q2min, q2max, decay)
        tau = channel.tau_over_hbar(params)
        return sum(tau * dark_pairs.integrated(channel.module, t, params, channel.mode, lo, hi, channel.project)[0]
                   for t in darks) / (hi - lo)
    return f


def _invisible(decay, pair_function, prefix):
    """νν̄ part (its registered observable) plus the dark pairs."""
    neutrino = REGISTRY[f"{prefix}({CHANNELS[decay].nunu})"].function

    def f(nu, darks, params, **arguments):
        out = neutrino(nu, params, **arguments)
        return out + pair_function(darks, params, **arguments) if darks else out
    return f


def check_edges(edges: ArrayLike) -> NDArray[np.float64]:
    """q² bin edges as a rising 1-D array from ≥ 0 (bins are cut at the end point)."""
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.isnan(edges)) or edges[0] < 0 or np.any(np.diff(edges) <= 0):
        raise DarkflavError(f"edges must be rising q² bin edges ≥ 0 GeV² (at least two), got {edges}")
    return edges


def _everything_in_bins(decay):
    """B(P → M + invisible) per q² bin: νν̄ (its SM unless a NeutrinoWET is given), pairs, single bosons."""
    channel = CHANNELS[decay]
    meson = next(name for name, module in nunu_rates.MESONS.items() if module is channel.module)

    def f(nu, darks, bosons, params, edges):
        edges = check_edges(edges)
        tau = channel.tau_over_hbar(params)[..., None]
        out = nunu_rates.in_bins(nu, params, meson, channel.mode, edges)
        out = out + sum(tau * dark_pairs.in_bins(channel.module, t, params, channel.mode, edges, channel.project)
                        for t in darks)
        return out + sum(tau * two_body.in_bins(channel.module, b, params, channel.mode, edges, channel.project)
                         for b in bosons)
    return f


def _fl_invisible(decay):
    """K* longitudinal fraction of everything invisible (νν̄ and pairs), full q² range."""
    channel = CHANNELS[decay]

    def f(nu, darks, params):
        kernel = nunu_rates.kernels(params, "K*", channel.mode)
        s_plus, s_minus = coherent_sums(nu, c_left_sm(params))
        total = nunu_rates.combine(kernel, (s_plus, s_minus))
        longitudinal = np.asarray(kernel["A_0"]) * s_minus
        for t in darks:
            rate, long_rate = dark_pairs.integrated(channel.module, t, params, channel.mode, with_longitudinal=True)
            total, longitudinal = total + rate, longitudinal + long_rate
        return longitudinal / total
    return f


def _two_body_br(decay):
    channel = CHANNELS[decay]

    def f(bosons, params):
        return sum(channel.tau_over_hbar(params) * two_body.width(channel.module, b, params, channel.mode,
                                                                   channel.project) for b in bosons)
    return f


for _decay, _channel in CHANNELS.items():
    _sector, _what = _channel.flavour, f"{_decay} + invisible"
    _pairs: dict[str, Any] = {"sector": _sector, "reads": (DarkEFT,)}
    _all: dict[str, Any] = {"sector": _sector, "reads": (NeutrinoWET, DarkEFT), "standard_model": SM[_sector]}
    register(Observable(f"BR({_decay} XX)", _pair_br(_decay), description=f"Branching ratio of {_decay} + a pair "
                        "of invisible particles X (DarkEFT)", **_pairs))
    register(Observable(f"dBR/dq2({_decay} XX)", _pair_dbr(_decay), description=f"Differential branching ratio "
                        f"of {_decay} X X", arguments=("q2",), unit="GeV^-2", **_pairs))
    register(Observable(f"<dBR/dq2>({_decay} XX)", _pair_binned(_decay), description="Differential branching "
                        f"ratio of {_decay} X X averaged over [q2min, q2max]", arguments=("q2min", "q2max"),
                        unit="GeV^-2", **_pairs))
    register(Observable(f"BR({_decay} inv)", _invisible(_decay, _pair_br(_decay), "BR"), description=f"Branching "
                        f"ratio of {_what}: νν̄ (SM unless a NeutrinoWET is given) plus pairs X X", **_all))
    register(Observable(f"dBR/dq2({_decay} inv)", _invisible(_decay, _pair_dbr(_decay), "dBR/dq2"),
                        description=f"Differential branching ratio of {_what}", arguments=("q2",), unit="GeV^-2",
                        **_all))
    register(Observable(f"<dBR/dq2>({_decay} inv)", _invisible(_decay, _pair_binned(_decay), "<dBR/dq2>"),
                        description=f"Differential branching ratio of {_what} averaged over [q2min, q2max]",
                        arguments=("q2min", "q2max"), unit="GeV^-2", **_all))
    register(Observable(f"BR({_decay} X)", _two_body_br(_decay), _sector, f"Branching ratio of {_decay} + one "
                        "invisible boson X (InvisibleBoson)", reads=(InvisibleBoson,)))
    if _channel.module in nunu_rates.MESONS.values():
        register(Observable(f"BR in q2 bins({_decay} invisible)", _everything_in_bins(_decay), _sector,
                            f"Branching ratio of {_decay} + everything invisible — νν̄ (SM unless a NeutrinoWET is "
                            "given), pairs X X (DarkEFT), single bosons X (InvisibleBoson) — in each q² bin "
                            "[edges[k], edges[k+1]] (a trailing axis)", reads=(NeutrinoWET, DarkEFT, InvisibleBoson),
                            standard_model=SM[_sector], arguments=("edges",)))
for _decay in ("B0->K*0", "B+->K*+"):
    register(Observable(f"FL({_decay} inv)", _fl_invisible(_decay), "sb", f"K* longitudinal fraction in {_decay} + "
                        "invisible (νν̄ and pairs)", reads=(NeutrinoWET, DarkEFT), standard_model=SM["sb"]))


def _bs_to_invisible(darks, params):
    density = bs_to_phi.annihilation_density(params)[..., 0]
    tau = np.asarray(params["tau_Bs"]) / params["hbar"]
    return sum(tau * dark_pairs.annihilation_width(t, "sb", params, "m_Bs", density[..., None],
                                                   bs_to_phi.QUARK_MASSES) for t in darks)


register(Observable("BR(Bs->XX)", _bs_to_invisible, "sb", "Branching ratio of B_s → X X (fully invisible, DarkEFT)",
                    reads=(DarkEFT,)))
