"""Dark matter: thermodynamics of the early Universe and the relic density by freeze-out."""

from .relic import relic_density, relic_density_of, relic_scale, required_sigma_v

__all__ = ["relic_density", "relic_density_of", "relic_scale", "required_sigma_v"]
