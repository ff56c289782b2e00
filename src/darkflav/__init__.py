"""darkflav: rare meson decays with missing energy, from effective operators and UV models."""

from .eft import DarkEFT, InvisibleBoson, NeutrinoWET
from .errors import DarkflavError
from .observables import observables, predict, predict_samples, uncertainty
from .parameters import Parameters

__version__ = "0.1.0"
__all__ = ["DarkEFT", "DarkflavError", "InvisibleBoson", "NeutrinoWET", "Parameters", "observables",
           "predict", "predict_samples", "uncertainty", "__version__"]
