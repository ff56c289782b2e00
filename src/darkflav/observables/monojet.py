"""LHC monojet observables: σ × A of pp → φφ + jet in the ATLAS 139 fb⁻¹ regions (arXiv:2102.10874) for contact
operators (DarkEFT, collider/monojet.py) and for the full VLQ model (collider/vlq/signal.py)."""

from __future__ import annotations

from ..collider.atlas_monojet import EXCLUSIVE, REGIONS
from ..collider.monojet import monojet_cross_sections
from ..collider.vlq.signal import vlq_region_cross_sections, vlq_signal_by_scaling
from ..eft import DarkEFT
from ..models.vlq import VectorLikeQuarks
from ..registry import Observable, register


def _contact(region):
    return lambda darks, params: sum(monojet_cross_sections(t, params=params)[region] for t in darks)


def _vlq(region):
    return lambda model, params: vlq_region_cross_sections(model, params=params).total[region]


for _region in REGIONS:
    register(Observable(f"sigma(pp->phi phi j)[{_region}]", _contact(_region), "qq", "LO parton-level σ×A of pp → "
                        f"φφ + jet in the ATLAS 139 fb⁻¹ monojet region {_region} at 13 TeV (quark and gluon "
                        "operators, one mass, scalar coefficients)", reads=(DarkEFT,), unit="fb", sampled=False))
for _region in REGIONS:
    register(Observable(f"sigma_UV(pp->phi phi j)[{_region}]", _vlq(_region), "qq", "LO parton-level σ×A in the ATLAS "
                        f"monojet region {_region} of the full VLQ model: pp → φφ + parton with the Q/D propagators "
                        "(on-shell Qφ included) and pp → QQ̄, DD̄ → jets + φφ", reads=(VectorLikeQuarks,), unit="fb",
                        sampled=False))


_EXCLUSIVE = [REGIONS.index(r) for r in EXCLUSIVE]


def _contact_bins(darks, params):
    """σ × A of the exclusive regions EM0–EM12 on a trailing axis (the binned ATLAS likelihood), summed once."""
    return sum(monojet_cross_sections(t, params=params).sigma[_EXCLUSIVE] for t in darks)


def _vlq_bins(model, params):
    return vlq_signal_by_scaling(model, params=params).total.sigma[_EXCLUSIVE]


register(Observable("sigma(pp->phi phi j)[EM]", _contact_bins, "qq", "σ×A of pp → φφ + jet in the 13 exclusive "
                    "ATLAS 139 fb⁻¹ monojet regions EM0–EM12 (trailing axis), contact operators", reads=(DarkEFT,),
                    unit="fb", sampled=False))
register(Observable("sigma_UV(pp->phi phi j)[EM]", _vlq_bins, "qq", "σ×A of the full VLQ model in the 13 "
                    "exclusive ATLAS 139 fb⁻¹ monojet regions EM0–EM12 (trailing axis), from one Monte Carlo per "
                    "Yukawa direction and masses scaled in the overall coupling (collider/vlq/signal.py "
                    "vlq_signal_by_scaling)", reads=(VectorLikeQuarks,), unit="fb", sampled=False))
