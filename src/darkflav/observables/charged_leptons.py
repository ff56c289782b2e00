"""Observables of charged leptons (ChargedLeptonWET; the SM where none is given): B_s → ℓℓ′ (decays/leptonic.py),
B → K(*) ℓℓ′ (decays/b_to_k_ll.py), R(D(*)) (decays/b_to_c.py) and the b → sℓℓ coefficients of global fits."""

from __future__ import annotations

import numpy as np

from ..decays import b_to_c, b_to_k_ll, leptonic
from ..eft import ChargedLeptonWET
from ..registry import Observable, register
from ..running import alpha_e

LEPTONS = {"e": 0, "mu": 1, "tau": 2}
LFV = ("emu", "mue", "etau", "taue", "mutau", "taumu")
LFV_SUMS = ("emu,mue", "etau,taue", "mutau,taumu")


def flavio_pair(pair: str) -> tuple[int, int]:
    """flavio's "l1l2" (B̄ → … ℓ1⁺ ℓ2⁻, coefficient bs{l1}{l2}) → darkflav's C^{ij}, i = ℓ2, j = ℓ1."""
    l1, l2 = next((a, pair[len(a):]) for a in LEPTONS if pair.startswith(a) and pair[len(a):] in LEPTONS)
    return LEPTONS[l2], LEPTONS[l1]


def _summed(function, pairs):
    return lambda theory, params: sum(function(theory, params, *flavio_pair(p)) for p in pairs)


def _charged(name, function, sector, description):
    register(Observable(name, function, sector, description, reads=(ChargedLeptonWET,),
                        standard_model={ChargedLeptonWET: ChargedLeptonWET()}))


def _wc_observable(field, i):
    """Re C^{ii} (new physics) in flavio's normalisation at 4.8 GeV, the scale of global b → sℓℓ fits."""
    return lambda theory, params: np.real(theory.pair(field, i, i)) * params["alpha_e"] / alpha_e(4.8, params)


for _pair in ("ee", "mumu", "tautau") + LFV + LFV_SUMS:
    _charged(f"BR(Bs->{_pair})", _summed(leptonic.branching_ratio, _pair.split(",")), "sb",
             f"Branching ratio of B̄_s → {_pair} (flavio's name; time-integrated for ℓℓ)")
for _decay, (_meson, _mode) in {"B+->K": ("K", "B+"), "B0->K": ("K", "B0"),
                                "B+->K*": ("K*", "B+"), "B0->K*": ("K*", "B0")}.items():
    for _pair in (("tautau",) if _meson == "K" else ()) + LFV + LFV_SUMS:
        _charged(f"BR({_decay}{_pair})", _summed(
            lambda t, p, i, j, m=_meson, mo=_mode: b_to_k_ll.branching_ratio(t, p, m, mo, i, j), _pair.split(",")),
            "sb", f"Branching ratio of {_decay}{_pair} (flavio's name), from C9, C10 (primed) only")
for _meson in b_to_c.MESONS:
    _charged(f"Rtaul(B->{_meson}lnu)", lambda t, p, m=_meson: b_to_c.r_ratio(t, p, m), "bc",
             f"R({_meson}) = B(B → {_meson}τν)/B(B → {_meson}ℓν)")
for _field, _lepton in (("C9", "ee"), ("C9", "mumu"), ("C10", "mumu"), ("C10", "ee")):
    _charged(f"{_field}_bs{_lepton}", _wc_observable(_field, LEPTONS[_lepton[:len(_lepton) // 2]]), "sb",
             f"Re {_field}^{_lepton} (new physics, flavio normalisation at 4.8 GeV)")
