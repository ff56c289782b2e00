"""Side constraints of UV models: meson mixing (DeltaF2, decays/meson_mixing.py), B → X_sγ (DipoleWET,
decays/b_to_s_gamma.py) and the Higgs couplings κ_g, κ_γ (HeavyQuarks, decays/higgs.py); the SM where absent."""

from __future__ import annotations

import numpy as np

from ..decays import b_to_s_gamma, higgs, meson_mixing
from ..eft import DeltaF2, DipoleWET, HeavyQuarks
from ..models.vlq import VectorLikeQuarks
from ..registry import Observable, register

for _name, _sector in (("DeltaM_s", "sb"), ("DeltaM_d", "db")):
    _sm = {DeltaF2: DeltaF2(_sector)}
    register(Observable(_name, meson_mixing.delta_m, _sector, f"Mass difference of the B_{_name[-1]} system "
                        "(SM + ΔF = 2 NP)", reads=(DeltaF2,), standard_model=_sm, unit="ps^-1"))
    register(Observable(f"{_name}/{_name}^SM", lambda t, p: np.abs(meson_mixing.ratio_to_sm(t, p)), _sector,
                        f"{_name} relative to the SM", reads=(DeltaF2,), standard_model=_sm))
register(Observable("epsilon_K", meson_mixing.epsilon_k, "sd", "Indirect CP violation in K mixing (SM + ΔF = 2 NP)",
                    reads=(DeltaF2,), standard_model={DeltaF2: DeltaF2("sd")}))
register(Observable("BR(B->Xsgamma)", b_to_s_gamma.branching_ratio_of, "sb", "Branching ratio of B → X_sγ, "
                    "E_γ > 1.6 GeV (NNLO SM with NP dipoles, Misiak et al. 2015)", reads=(DipoleWET,),
                    standard_model={DipoleWET: DipoleWET()}))
register(Observable("kappa_g", lambda t, p: higgs.kappa_g(t.delta, p), "h", "Effective hgg coupling relative to the SM "
                    "from heavy quarks with v-dependent masses", reads=(HeavyQuarks,),
                    standard_model={HeavyQuarks: HeavyQuarks()}))
register(Observable("kappa_gamma", lambda t, p: higgs.kappa_gamma(t.delta, t.charge, p), "h", "Effective hγγ coupling "
                    "relative to the SM from heavy quarks with v-dependent masses", reads=(HeavyQuarks,),
                    standard_model={HeavyQuarks: HeavyQuarks()}))
register(Observable("BR(h->phi phi)", lambda model, p: higgs.scalar_pair_branching_ratio(model.kappa, model.m_phi, p),
                    "h", "Branching ratio of h → φφ (invisible) through the VLQ model's Higgs portal −(κ/2)φ²H†H "
                    "(tree level)", reads=(VectorLikeQuarks,)))
