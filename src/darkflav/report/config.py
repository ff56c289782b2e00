"""What the report computes and the files it writes: the fixed observables and file names, and the settings of
everything else (data/settings.yaml: dark points, fits, allowed ranges, plots and the sections)."""

from __future__ import annotations

from ..data import package_data

SM_OBSERVABLES = (
    "BR(B+->K+ nu nu)",
    "BR(B0->K0 nu nu)",
    "BR(B+->K*+ nu nu)",
    "BR(B0->K*0 nu nu)",
    "FL(B0->K*0 nu nu)",
    "BR(K+->pi+ nu nu)",
    "BR(KL->pi0 nu nu)",
)
BENCHMARK_OBSERVABLES = (
    "BR(B+->K+ nu nu)",
    "BR(B0->K*0 nu nu)",
    "R_K(nu nu)",
    "R_K*(nu nu)",
    "FL(B0->K*0 nu nu)",
)
SPECTRUM_OBSERVABLE = "dBR/dq2(B+->K+ nu nu)"
SPECTRUM_FILE = "spectrum_BK_nunu.png"
NORMALISED_SPECTRA_FILE = "spectra_normalised_BK.png"
KAON_WINDOW_FILE = "kaon_window.png"
RK_PLANE_FILE = "rk_plane.png"
HTML_FILE = "index.html"
#: The point and likelihood column of the Standard Model in tables and files.
SM_LABEL = "SM"


def settings() -> dict:
    """The report's dark points, fits, ranges, plots and sections (data/settings.yaml; cached, never changed)."""
    return package_data(__package__, "settings.yaml")


def coupling_plot_file(species: str, operator: str) -> str:
    """'coupling_real_scalar_CS_sb.png'."""
    return f"coupling_{species.replace(' ', '_')}_{operator}.png"
