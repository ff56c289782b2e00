"""darkflav: rare meson decays with missing energy, from effective operators and UV models."""

from importlib import metadata

from . import observables  # the registrations of every observable (darkflav.registry holds the registry)
from .eft import DarkEFT, InvisibleBoson, NeutrinoWET
from .errors import DarkflavError
from .parameters import Parameters
from .registry import predict, predict_samples, uncertainty

__version__ = metadata.version("darkflav")  # one source: pyproject.toml
__all__ = ["DarkEFT", "DarkflavError", "InvisibleBoson", "NeutrinoWET", "Parameters", "observables",
           "predict", "predict_samples", "uncertainty", "__version__"]
