"""LHC monojet observables: σ × A of pp → φφ + jet in the ATLAS 139 fb⁻¹ regions (arXiv:2102.10874) for contact
operators (DarkEFT, collider/monojet.py) and for the full VLQ model (collider/vlq/signal.py)."""

from __future__ import annotations

import numpy as np

from ..collider.atlas_monojet import EXCLUSIVE, REGIONS, sampling_settings
from ..collider.monojet import NO_COEFFICIENT, coupling_strengths, unit_region_cross_sections
from ..collider.vlq.signal import vlq_region_cross_sections, vlq_signal_by_scaling
from ..eft import DarkEFT
from ..errors import DarkflavError
from ..models.vlq import VectorLikeQuarks
from ..registry import Observable, register


def unit_cross_sections(pair: str, masses, params) -> np.ndarray:
    """σ × A (fb) of unit coefficient in every ATLAS region (trailing axis) at φ masses of any shape, from the
    Monte Carlo at the mass nodes around them (collider/data/monojet_sampling.yaml `mass_nodes`: log-log
    interpolation between them, below the first its value, beyond the last a run at the mass itself)."""
    masses = np.asarray(masses, dtype=float)
    flat = masses.reshape(-1)
    nodes = np.asarray(sampling_settings()["mass_nodes"]["value"], float)
    out = np.empty((flat.size, len(REGIONS)))
    beyond = flat > nodes[-1]
    for m in np.unique(flat[beyond]):
        out[flat == m] = unit_region_cross_sections(pair, m, params=params).sigma
    index = np.clip(np.searchsorted(nodes, flat[~beyond], side="right") - 1, 0, nodes.size - 2)
    table = np.zeros((nodes.size, len(REGIONS)))
    for i in np.unique(np.concatenate([index, index + 1])):
        table[i] = unit_region_cross_sections(pair, nodes[i], params=params).sigma
    with np.errstate(divide="ignore"):
        step = np.log(nodes[index + 1] / nodes[index])
        t = np.clip(np.log(np.maximum(flat[~beyond], nodes[0]) / nodes[index]) / step, 0.0, 1.0)[:, None]
        lo, hi = table[index], table[index + 1]
        positive = (lo > 0) & (hi > 0)
        out[~beyond] = np.where(positive, np.exp((1 - t) * np.log(np.where(positive, lo, 1.0))
                                                 + t * np.log(np.where(positive, hi, 1.0))), (1 - t) * lo + t * hi)
    return out.reshape(masses.shape + (len(REGIONS),))


def contact_cross_sections(darks, params) -> np.ndarray:
    """σ × A (fb) per ATLAS region (trailing axis) of real-scalar DarkEFTs: Σ_pairs (|C^S|² + |C^P|²) σ_pair
    + |C_G|² σ_G (collider/monojet.py `coupling_strengths`), arrays of masses and coefficients."""
    total: np.ndarray | float = 0.0
    for theory in darks:
        for pair, c2 in coupling_strengths(theory).items():
            total = total + np.asarray(c2)[..., None] * unit_cross_sections(pair, theory.mass, params)
    if np.ndim(total) == 0:
        raise DarkflavError(NO_COEFFICIENT)
    return np.asarray(total)


def _contact(region):
    index = REGIONS.index(region)
    return lambda darks, params: contact_cross_sections(darks, params)[..., index]


def _vlq(region):
    return lambda model, params: vlq_region_cross_sections(model, params=params).total[region]


def _points(model: VectorLikeQuarks):
    """(index, scalar model) for each point of a VLQ model with array parameters."""
    for index in np.ndindex(model.shape):
        values = {}
        for name in ("m_Q", "m_D", "m_phi", "y_q", "y_d", "y1", "y2", "lambda_phi", "kappa"):
            value = np.asarray(getattr(model, name))
            flavours = value.shape[-1:] if name in ("y_q", "y_d") else ()
            values[name] = np.broadcast_to(value, model.shape + flavours)[index]
        yield index, VectorLikeQuarks(**values)


for _region in REGIONS:
    register(Observable(f"sigma(pp->phi phi j)[{_region}]", _contact(_region), "qq", "LO parton-level σ×A of pp → "
                        f"φφ + jet in the ATLAS 139 fb⁻¹ monojet region {_region} at 13 TeV (quark and gluon "
                        "operators; interpolated between Monte Carlo runs at fixed φ masses, observables/monojet.py)",
                        reads=(DarkEFT,), unit="fb", sampled=False))
for _region in REGIONS:
    register(Observable(f"sigma_UV(pp->phi phi j)[{_region}]", _vlq(_region), "qq", "LO parton-level σ×A in the ATLAS "
                        f"monojet region {_region} of the full VLQ model: pp → φφ + parton with the Q/D propagators "
                        "(on-shell Qφ included) and pp → QQ̄, DD̄ → jets + φφ", reads=(VectorLikeQuarks,), unit="fb",
                        sampled=False))


_EXCLUSIVE = [REGIONS.index(r) for r in EXCLUSIVE]


def _contact_bins(darks, params):
    """σ × A of the exclusive regions EM0–EM12 on a trailing axis (the binned ATLAS likelihood)."""
    return contact_cross_sections(darks, params)[..., _EXCLUSIVE]


def _vlq_bins(model, params):
    """The VLQ signal in EM0–EM12 (trailing axis); for arrays of models point by point, each from the Monte Carlo of
    its masses and Yukawa direction (cached: a plane in the overall coupling runs it once per mass)."""
    if model.shape == ():
        return vlq_signal_by_scaling(model, params=params).total.sigma[_EXCLUSIVE]
    out = np.empty(model.shape + (len(_EXCLUSIVE),))
    for index, point in _points(model):
        out[index] = vlq_signal_by_scaling(point, params=params).total.sigma[_EXCLUSIVE]
    return out


register(Observable("sigma(pp->phi phi j)[EM]", _contact_bins, "qq", "σ×A of pp → φφ + jet in the 13 exclusive "
                    "ATLAS 139 fb⁻¹ monojet regions EM0–EM12 (trailing axis), contact operators, arrays of masses and "
                    "coefficients", reads=(DarkEFT,), unit="fb", sampled=False))
register(Observable("sigma_UV(pp->phi phi j)[EM]", _vlq_bins, "qq", "σ×A of the full VLQ model in the 13 "
                    "exclusive ATLAS 139 fb⁻¹ monojet regions EM0–EM12 (trailing axis), from one Monte Carlo per "
                    "Yukawa direction and masses scaled in the overall coupling (collider/vlq/signal.py "
                    "vlq_signal_by_scaling)", reads=(VectorLikeQuarks,), unit="fb", sampled=False))
