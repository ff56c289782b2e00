"""The q² response of a published analysis: any theory's signal in the reconstructed fit bins.

An experiment publishes N[r, g], the expected signal events in reconstructed bin r from generated-q² bin g, made
with a "null" spectrum B_null(g). A theory with branching ratio B_model(g) in bin g gives (redist, arXiv:2402.08417;
Belle II arXiv:2507.12393)

    n_r = Σ_g N[r, g] B_model(g) / B_null(g),

assuming that the detector response at fixed q² does not depend on the theory. `Response.weights` returns
n_r / n_r(null), the factor that scales the experiment's own signal template of each bin (so the template's
systematic variations scale with it); the few events generated at q² < 0 (HTA underflow column, reconstruction
artefacts) scale with the bin's in-range response.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..data import package_bytes, package_data
from ..decays.channels import CHANNELS
from ..errors import DarkflavError, unknown
from ..kinematics import gauss_legendre, kallen
from ..parameters import Parameters
from ..registry import Theory, predict

#: published likelihoods with a q² response (folders of experiments/data)
RESPONSES = {"Belle II 2023 B+->K+nunu": "belle2_2023"}


def null_spectrum(inputs: dict, edges: np.ndarray, nodes: int = 20) -> np.ndarray:
    """B_null per generated bin: HPQCD's SM short-distance spectrum (arXiv:2207.13371 Eq. 16)
        dB/dq² = G_F² α² X_t² |V_tb V_ts|² /(32π⁵ sin⁴θ_W) τ_B |p_K|³ f₊(q²)²,
    f₊ = L/(1 − q²/m²_Bs*) Σ_{n<3} a_n (zⁿ − n/3 (−1)^{n−3} z³), z(q²; t₊ = (m_B + m_K)², t₀ = 0)
    (arXiv:2207.12468), with the inputs of the data file (Gauss–Legendre, `nodes` per bin)."""
    v = {k: np.asarray(d["value"], dtype=float) for k, d in inputs.items() if isinstance(d, dict)}
    m_b, m_k = v["m_B"], v["m_K"]
    a, big_n = v["f_plus_coefficients"], len(v["f_plus_coefficients"])
    norm = (v["G_F"] ** 2 / v["alpha_inverse"] ** 2 * v["X_t"] ** 2 * v["Vtb_Vts"] ** 2
            / (32 * np.pi**5 * v["sin2_theta_W"] ** 2) * v["tau_B"] / v["hbar"])
    x, w = gauss_legendre(nodes)
    lo, hi = edges[:-1, None], edges[1:, None]
    q2 = lo + (hi - lo) * (x + 1) / 2
    t_plus = (m_b + m_k) ** 2
    z = (np.sqrt(t_plus - q2) - np.sqrt(t_plus)) / (np.sqrt(t_plus - q2) + np.sqrt(t_plus))
    f_plus = v["log_factor"] / (1 - q2 / v["m_Bs_star"] ** 2) * sum(
        a[n] * (z**n - n / big_n * (-1.0) ** (n - big_n) * z**big_n) for n in range(big_n))
    p_k = np.sqrt(np.clip(kallen(m_b**2, m_k**2, q2), 0.0, None)) / (2 * m_b)
    return np.sum(w * norm * p_k**3 * f_plus**2, axis=-1) * (hi - lo)[:, 0] / 2


@dataclass(frozen=True)
class Response:
    """The response matrices of a published likelihood (one per channel with signal) and its null spectrum."""

    name: str
    folder: str
    decay: str
    edges: np.ndarray  # generated-q² bin edges (GeV²)
    null: np.ndarray  # B_null per generated bin
    matrices: dict  # channel → N[r, g] (rows: reconstructed bins; columns: underflow, then the generated bins)
    normalisation: float  # B at μ = 1
    settings: dict  # the data file

    def spectrum(self, theory: Theory, params: Parameters | None = None) -> NDArray[np.float64]:
        """B_model per generated bin (trailing axis) of everything invisible the theory predicts in `decay`: the
        νν̄ part (the SM unless the theory has a NeutrinoWET), pairs and single bosons. The last bin extends to
        the package's end point ((m_B⁺ − m_K⁺)² = 22.90 GeV² with PDG masses, beyond the response's 22.885 GeV²), so
        that no rate is lost."""
        params = params or Parameters.default()
        edges = self.edges.copy()
        edges[-1] = max(edges[-1], float(np.max(CHANNELS[self.decay].q2_max(params))))
        return predict(f"BR in q2 bins({self.decay} invisible)", theory, params, edges=edges)

    def weights(self, spectrum: NDArray[Any]) -> dict[str, NDArray[Any]]:
        """n_r / n_r(null) per channel (trailing axis over its reconstructed bins) for spectra B_model(g)."""
        spectrum = np.asarray(spectrum, dtype=float)
        if spectrum.shape[-1:] != self.null.shape:
            raise DarkflavError(f"a spectrum for {self.name} needs {self.null.size} generated-q² bins (trailing axis), "
                                f"got shape {spectrum.shape}")
        if np.any(~np.isfinite(spectrum)) or np.any(spectrum < 0):
            raise DarkflavError(f"a spectrum for {self.name} must be finite and ≥ 0 in every bin")
        ratio = spectrum / self.null
        return {channel: ratio @ matrix[:, 1:].T / matrix[:, 1:].sum(axis=1)
                for channel, matrix in self.matrices.items()}

    def events(self, spectrum: NDArray[Any]) -> dict[str, NDArray[Any]]:
        """n_r per channel: the expected signal events of a spectrum in each reconstructed bin (nominal nuisances)."""
        return {channel: w * self.matrices[channel].sum(axis=1) for channel, w in self.weights(spectrum).items()}


@cache
def response(name: str = "Belle II 2023 B+->K+nunu") -> Response:
    """The response of a published likelihood by measurement name (RESPONSES)."""
    if name not in RESPONSES:
        raise unknown("published likelihood", name, RESPONSES)
    folder = RESPONSES[name]
    settings = package_data(__package__, f"{folder}/likelihood.yaml")
    bins = settings["generated_q2"]
    edges = np.linspace(bins["low"], bins["high"], bins["bins"] + 1)
    matrices = {channel: np.loadtxt(io.BytesIO(package_bytes(__package__, f"{folder}/{entry['response']}")),
                                    delimiter=",", ndmin=2)
                for channel, entry in settings["signal"].items()}
    return Response(name, folder, settings["decay"], edges, null_spectrum(settings["null_spectrum"], edges),
                    matrices, float(settings["normalisation"]["value"]), settings)
