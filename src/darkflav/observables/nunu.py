"""Observables of the neutrino modes: B → K(*), φ νν̄ (decays/nunu_rates.py) and K → πνν̄ (decays/k_to_pi.py),
for a NeutrinoWET of their quark sector (the SM where none is given)."""

from __future__ import annotations

import numpy as np

from ..decays import k_to_pi, nunu_rates
from ..eft import NeutrinoWET
from ..kinematics import check_q2, q2_nodes
from ..registry import Observable, register

SM = {"sb": {NeutrinoWET: NeutrinoWET(sector="sb")}, "sd": {NeutrinoWET: NeutrinoWET(sector="sd")}}
HINT = ". For invisible pairs use the 'inv' or 'XX' observables, e.g. BR(B+->K+ inv)"


def _neutrino(name, function, sector, description, **options):
    register(Observable(name, function, sector, description, reads=(NeutrinoWET,), standard_model=SM[sector],
                        hint=HINT, **options))


# --- B decays -----------------------------------------------------------------------------------------------
B_MODES = {  # name in observable → (meson, mode, flavio name)
    "B+->K+ nu nu": ("K", "B+", "B+->Knunu"),
    "B0->K0 nu nu": ("K", "B0", "B0->Knunu"),
    "B+->K*+ nu nu": ("K*", "B+", "B+->K*nunu"),
    "B0->K*0 nu nu": ("K*", "B0", "B0->K*nunu"),
    "Bs->phi nu nu": ("phi", "Bs", "Bs->phinunu"),
}
for _name, (_meson, _mode, _flavio) in B_MODES.items():
    _neutrino(f"BR({_name})", lambda t, p, m=_meson, mo=_mode: nunu_rates.branching_ratio(t, p, m, mo), "sb",
              f"Branching ratio of {_name}, summed over neutrino flavours", aliases=(f"BR({_flavio})",))
    _neutrino(f"dBR/dq2({_name})", lambda t, p, q2, m=_meson, mo=_mode: nunu_rates.differential(t, p, m, mo, q2),
              "sb", f"Differential branching ratio of {_name}", arguments=("q2",), unit="GeV^-2",
              aliases=(f"dBR/dq2({_flavio})",))
    _neutrino(f"<dBR/dq2>({_name})",
              lambda t, p, q2min, q2max, m=_meson, mo=_mode: nunu_rates.binned(t, p, m, mo, q2min, q2max), "sb",
              f"Differential branching ratio of {_name} averaged over [q2min, q2max]", arguments=("q2min", "q2max"),
              unit="GeV^-2", aliases=(f"<dBR/dq2>({_flavio})",))
for _mode, _name in (("B0", "B0->K*0 nu nu"), ("B+", "B+->K*+ nu nu")):
    _neutrino(f"FL({_name})", lambda t, p, q2=None, mo=_mode: nunu_rates.longitudinal_fraction(t, p, mo, q2), "sb",
              f"K* longitudinal polarisation fraction in {_name}: over the full q² range, or at q2 if given",
              optional=("q2",))
    _neutrino(f"<FL>({_name})",
              lambda t, p, q2min, q2max, mo=_mode: nunu_rates.binned_longitudinal_fraction(t, p, mo, q2min, q2max),
              "sb", f"K* longitudinal polarisation fraction in {_name} over [q2min, q2max]",
              arguments=("q2min", "q2max"))
_neutrino("R_K(nu nu)", lambda t, p: nunu_rates.ratio_to_sm(t, p, "K", "B+"), "sb",
          "B(B→Kνν̄)/B_SM (the same for B⁺ and B⁰)")
_neutrino("R_K*(nu nu)", lambda t, p: nunu_rates.ratio_to_sm(t, p, "K*", "B0"), "sb",
          "B(B→K*νν̄)/B_SM (the same for B⁺ and B⁰ up to K* mass differences; B⁰ used)")


# --- K decays -----------------------------------------------------------------------------------------------
def _k_dbr(mode):
    def f(theory, params, q2):
        q2 = check_q2(q2, k_to_pi.q2_max(params, mode), "K→πνν̄")
        scalar = q2.ndim == 0
        shape = k_to_pi.spectrum_shape(np.atleast_1d(q2), params, mode)
        out = k_to_pi.branching_ratio(theory, params, mode)[..., None] * shape
        return out[..., 0] if scalar else out
    return f


def _k_binned(mode):
    def f(theory, params, q2min, q2max):
        end = k_to_pi.q2_max(params, mode)
        lo, hi = nunu_rates.one_bin(k_to_pi, mode, params, q2min, q2max, "K→πνν̄")
        nodes, weights = q2_nodes(lo, np.minimum(hi, end))
        fraction = np.sum(weights * k_to_pi.spectrum_shape(nodes, params, mode), axis=-1)
        return k_to_pi.branching_ratio(theory, params, mode) * fraction / (hi - lo)
    return f


for _name, _mode, _flavio in (("K+->pi+ nu nu", "K+", "K+->pinunu"), ("KL->pi0 nu nu", "KL", "KL->pinunu")):
    _neutrino(f"BR({_name})", lambda t, p, mo=_mode: k_to_pi.branching_ratio(t, p, mo), "sd",
              f"Branching ratio of {_name}, summed over neutrino flavours", aliases=(f"BR({_flavio})",))
    _neutrino(f"dBR/dq2({_name})", _k_dbr(_mode), "sd", f"Differential branching ratio of {_name} (q² = m²_miss)",
              arguments=("q2",), unit="GeV^-2")
    _neutrino(f"<dBR/dq2>({_name})", _k_binned(_mode), "sd",
              f"Differential branching ratio of {_name} averaged over [q2min, q2max]", arguments=("q2min", "q2max"),
              unit="GeV^-2")
