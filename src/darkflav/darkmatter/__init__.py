"""Dark matter: thermodynamics of the early Universe and the relic density by freeze-out."""

from .relic import relic_density, required_sigma_v

__all__ = ["relic_density", "required_sigma_v"]
