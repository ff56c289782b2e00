"""What the figures of `darkflav.plots` share: the matplotlib style, meson names in mathtext, typographic minus
signs and the filled or hatched region of a continuous field on a grid."""

from __future__ import annotations

import numpy as np

#: rc parameters of every figure (matplotlib.rc_context).
STYLE = {
    "font.size": 11,
    "axes.labelsize": 12,
    "legend.fontsize": 9,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "xtick.minor.visible": True,
    "ytick.minor.visible": True,
    "font.family": "STIXGeneral",
    "mathtext.fontset": "stix",
}
_LATEX_BASE = {"pi": r"\pi", "KL": "K_L", "phi": r"\phi", "Bs": "B_s"}


def latex_meson(meson: str) -> str:
    """'K*+' → 'K^{*+}', 'pi0' → '\\pi^{0}', 'KL' → 'K_L' (matplotlib mathtext)."""
    charge = meson[-1] if meson[-1] in "+-0" else ""
    core = meson.removesuffix(charge)
    star = "*" if core.endswith("*") else ""
    base = core.removesuffix("*")
    superscript = f"^{{{star}{charge}}}" if star or charge else ""
    return _LATEX_BASE.get(base, base) + superscript


def minus(value: float) -> str:
    """'-25' with a typographic minus sign."""
    return f"{value:g}".replace("-", "\u2212")


def fill_region(axes, x, y, field, hatch_colour=None, **style):
    """Fill (or hatch and outline) where field ≥ 0; field is continuous on the x × y grid, so the
    boundary is its interpolated zero line rather than a staircase of grid cells."""
    z = np.asarray(field, float)
    if not np.any(z >= 0):
        return
    x, y = np.asarray(x), np.asarray(y)
    x = np.broadcast_to(x[:, None] if x.ndim == 1 else x, z.shape)
    y = np.broadcast_to(y[None, :] if y.ndim == 1 else y, z.shape)
    top = max(1.0, float(z.max())) * 2
    if hatch_colour is None:
        axes.contourf(x, y, z, levels=[0.0, top], **style)
        return
    hatched = axes.contourf(x, y, z, levels=[0.0, top], colors="none", hatches=["///"])
    hatched.set_edgecolor(hatch_colour)
    hatched.set_linewidth(0.0)
    axes.contour(x, y, z, levels=[0.0], colors=[hatch_colour], linewidths=1.0)
