"""Effective theories: coefficient containers with WCxf exchange."""

from .neutrino import NeutrinoWET

__all__ = ["NeutrinoWET"]
