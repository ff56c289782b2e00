"""Experiments: measurements as data, acceptance models, likelihoods and allowed regions."""

from .likelihood import Likelihood
from .measurements import Measurement, measurements, presets

__all__ = ["Likelihood", "Measurement", "measurements", "presets"]
