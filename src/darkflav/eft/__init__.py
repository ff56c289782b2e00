"""Effective theories: coefficient containers with WCxf exchange."""

from .charged_lepton import ChargedLeptonWET
from .dark import DarkEFT, InvisibleBoson
from .neutrino import NeutrinoWET, benchmark_points

__all__ = ["ChargedLeptonWET", "DarkEFT", "InvisibleBoson", "NeutrinoWET", "benchmark_points"]
