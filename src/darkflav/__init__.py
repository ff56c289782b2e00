"""darkflav: rare meson decays with missing energy, from effective operators and UV models."""

from importlib import metadata

from .eft import DarkEFT, InvisibleBoson, NeutrinoWET
from .errors import DarkflavError
from .observables import observables, predict, predict_samples, uncertainty
from .parameters import Parameters

__version__ = metadata.version("darkflav")  # one source: pyproject.toml
__all__ = ["DarkEFT", "DarkflavError", "InvisibleBoson", "NeutrinoWET", "Parameters", "observables",
           "predict", "predict_samples", "uncertainty", "__version__"]
