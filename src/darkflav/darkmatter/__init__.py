"""Dark matter: the relic density by freeze-out, annihilation into mesons, CMB energy injection and direct
detection (nuclear recoils and the Migdal effect)."""

from .relic import freeze_out_approximation, relic_density, relic_density_of, relic_scale, required_sigma_v

__all__ = ["freeze_out_approximation", "relic_density", "relic_density_of", "relic_scale", "required_sigma_v"]
