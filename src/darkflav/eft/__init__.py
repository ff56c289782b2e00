"""Effective theories: coefficient containers with WCxf exchange."""

from .dark import DarkEFT, InvisibleBoson
from .neutrino import NeutrinoWET, benchmark_points

__all__ = ["DarkEFT", "InvisibleBoson", "NeutrinoWET", "benchmark_points"]
