"""Effective theories: every coefficient container (one protocol, eft/protocol.py), with WCxf exchange."""

from .charged_lepton import ChargedLeptonWET
from .dark import DarkEFT, InvisibleBoson
from .dipole import DipoleWET
from .higgs import HeavyQuarks
from .mixing import DeltaF2
from .neutrino import NeutrinoWET, benchmark_points
from .protocol import Coefficients

__all__ = ["ChargedLeptonWET", "Coefficients", "DarkEFT", "DeltaF2", "DipoleWET", "HeavyQuarks", "InvisibleBoson",
           "NeutrinoWET", "benchmark_points"]
