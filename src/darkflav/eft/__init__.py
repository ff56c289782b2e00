"""Effective theories: coefficient containers with WCxf exchange."""

from .dark import DarkEFT
from .neutrino import NeutrinoWET, benchmark_points

__all__ = ["DarkEFT", "NeutrinoWET", "benchmark_points"]
