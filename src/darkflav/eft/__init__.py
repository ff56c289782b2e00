"""Effective theories: coefficient containers with WCxf exchange."""

from .neutrino import NeutrinoWET, benchmark_points

__all__ = ["NeutrinoWET", "benchmark_points"]
