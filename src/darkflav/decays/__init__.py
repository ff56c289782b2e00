"""Decay rates: kinematics and fixed quadrature (`common`), one module per transition."""
