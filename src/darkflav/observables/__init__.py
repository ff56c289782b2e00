"""The registrations of every observable, one module per sector (the registry itself: darkflav.registry)."""

from . import charged_leptons, dark_matter, invisible, monojet, nunu, side_constraints

__all__ = ["charged_leptons", "dark_matter", "invisible", "monojet", "nunu", "side_constraints"]
