"""darkflav: rare meson decays with missing energy, from effective operators and UV models."""

from importlib import metadata

# observables: the registrations of every observable (darkflav.registry holds the registry); experiments and models
# so that darkflav.experiments.Likelihood and darkflav.models.S1 work after `import darkflav`
from . import experiments, models, observables
from .eft import DarkEFT, InvisibleBoson, NeutrinoWET
from .errors import DarkflavError, UnphysicalWarning
from .parameters import Parameters
from .registry import predict, predict_samples, predictions, uncertainty

__version__ = metadata.version("darkflav")  # one source: pyproject.toml
__all__ = ["DarkEFT", "DarkflavError", "InvisibleBoson", "NeutrinoWET", "Parameters", "UnphysicalWarning",
           "experiments", "models", "observables", "predict", "predict_samples", "predictions", "uncertainty",
           "__version__"]
