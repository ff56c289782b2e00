"""Publication-style figures of darkflav predictions (matplotlib, no display needed)."""

from .spectra import plot_nunu_spectrum

__all__ = ["plot_nunu_spectrum"]
