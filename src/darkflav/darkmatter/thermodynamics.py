"""g_eff(T) and h_eff(T) of the Standard Model plasma from the lattice-based table of Borsanyi et al.
(arXiv:1606.07494, Table S2; data/dof_borsanyi2016.yaml), cubic splines in log10 T, held constant
outside the table (1 MeV – 282 GeV)."""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.interpolate import CubicSpline

from ..data import package_data


@cache
def _splines():
    d = package_data(__package__, "dof_borsanyi2016.yaml")
    log_t = np.asarray(d["log10_T_MeV"]) - 3.0  # log10(T/GeV)
    g_rho = np.asarray(d["g_rho"])
    g_s = g_rho / np.asarray(d["g_rho_over_g_s"])
    return log_t, CubicSpline(log_t, g_rho), CubicSpline(log_t, g_s)


def degrees_of_freedom(temperature):
    """(g_eff, h_eff, d ln h_eff / d ln T) at T in GeV (arrays broadcast)."""
    log_t, g_rho, g_s = _splines()
    log_temperature = np.log10(np.asarray(temperature, dtype=float))
    lt = np.clip(log_temperature, log_t[0], log_t[-1])
    inside = (log_temperature > log_t[0]) & (log_temperature < log_t[-1])
    h = g_s(lt)
    dlnh = np.where(inside, g_s(lt, 1) / (h * np.log(10.0)), 0.0)
    return g_rho(lt), h, dlnh
