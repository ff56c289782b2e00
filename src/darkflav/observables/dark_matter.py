"""Observables of a light invisible scalar as the dark matter (darkflav.darkmatter): relic density by freeze-out,
the thermally averaged annihilation cross section, CMB energy injection, spin-independent nucleon scattering."""

from __future__ import annotations

import numpy as np

from ..darkmatter.annihilation import sigma_v
from ..darkmatter.cmb import p_ann
from ..darkmatter.direct_detection import effective_cross_section, limits, sigma_SI
from ..darkmatter.relic import cm3_per_s, relic_density_of
from ..eft import DarkEFT
from ..errors import DarkflavError, finite_array
from ..registry import Observable, register


def _one_species(name, darks):
    if len(darks) != 1:
        raise DarkflavError(f"{name} is computed for one DarkEFT (one dark-matter species)")
    return darks[0]


def _thermal_sigma_v(darks, params, x):
    x = finite_array("x", x)
    if np.any(x <= 0):
        raise DarkflavError(f"x = m/T must be > 0, got {x}")
    scalar = x.ndim == 0
    out = sum(sigma_v(t, np.atleast_1d(x), params) for t in darks) * cm3_per_s(params)
    return out[..., 0] if scalar else out


def _sigma_si(nucleon):
    return lambda darks, params: sigma_SI(_one_species(f"sigma_SI({nucleon})", darks), nucleon, params)


register(Observable("Omega h^2", lambda darks, params: relic_density_of(_one_species("Omega h^2", darks), params),
                    "qq", "Relic density of a real scalar φ by thermal freeze-out through φφ → ππ, KK̄, ηη, πη "
                    "(leading-order chiral perturbation theory)", reads=(DarkEFT,)))
register(Observable("<sigma v>", _thermal_sigma_v, "qq", "Thermally averaged φφ → mesons cross section times "
                    "velocity at x = m/T", reads=(DarkEFT,), arguments=("x",), unit="cm^3 s^-1"))
register(Observable("p_ann", lambda darks, params: sum(p_ann(t, params) for t in darks), "qq",
                    "CMB energy-injection parameter f_eff <sigma v>/m of φφ annihilation at rest (Planck 2018: "
                    "< p_ann_Planck2018)", reads=(DarkEFT,), unit="cm^3 s^-1 GeV^-1"))
for _nucleon in ("p", "n"):
    register(Observable(f"sigma_SI({_nucleon})", _sigma_si(_nucleon), "qq", "Spin-independent φ–"
                        f"{'proton' if _nucleon == 'p' else 'neutron'} scattering cross section of a real scalar "
                        "(quark and gluon operators, f_Tq, f_TG)", reads=(DarkEFT,), unit="cm^2"))


def _sigma_eff(element):
    return lambda darks, params: effective_cross_section(_one_species(f"sigma_eff({element})", darks), element, params)


for _element in sorted({d["target"] for d in limits().values()}):
    register(Observable(f"sigma_eff({_element})", _sigma_eff(_element), "qq", "Isospin-corrected effective φ–nucleon "
                        f"cross section on natural {_element}: the isospin-symmetric σ_n with the theory's coherent "
                        "rate, which the published σ_n limits on that target constrain", reads=(DarkEFT,),
                        unit="cm^2"))
