"""Nuclear-recoil and Migdal-ionisation spectra of dark matter scattering on nuclei in the standard halo model.

Velocities are in units of c, energies and masses in GeV; rates are events per kg of target per day per GeV.
Elastic rate (Lewin & Smith, Astropart. Phys. 6 (1996) 87, eqs. (3.1), (3.10) with a spin-independent σ_A):

    dR/dE_R = ρ_χ σ_A F²(E_R) η(v_min) / (2 m_χ μ_A²),   σ_A = σ_n A² μ_A²/μ_n²,   v_min = √(m_A E_R/2)/μ_A,

σ_n the isospin-symmetric DM–nucleon cross section (reduced mass μ_n with the neutron mass), A the atomic
weight and m_A = A m_amu (the experiments' and wimprates' convention), F the Helm form factor.
Mean inverse speed of the standard halo model (Maxwellian truncated at v_esc in the Galactic frame, boosted by
the detector speed v_E; Savage, Freese, Gondolo, PRD 74 (2006) 043531, astro-ph/0607121, appendix):

    η(v_min) = ∫_{v > v_min} f(v)/v d³v,  closed form in erf with N_esc = erf(z) − 2z e^{−z²}/√π.

Migdal ionisation (Ibe, Nakano, Shoji, Suzuki, JHEP 03 (2018) 194, arXiv:1707.07258, the rate with the
ionisation factor |Z_ion|² = (1/2π) Σ_nl dp^c_{q_e}(nl → E_e)/dE_e, as implemented in wimprates.migdal):

    dR/dE_det = Σ_nl ∫ dE_R dR/dE_R|_{v_min(E_R, E_det)} (q_e/eV)² P_nl(E_det − E_nl)/(2π),
    q_e = m_e √(2E_R/m_A),   v_min(E_R, ΔE) = √(m_A E_R/2)/μ_A + ΔE/√(2 m_A E_R),

E_det = E_e + E_nl the electronic energy deposit (the quenched nuclear recoil is not added), P_nl the tables
of data/migdal_ibe2018.yaml. The E_R integral runs over √E_R with fixed Gauss–Legendre nodes on the pieces
where v_min < v_esc − v_E and v_esc − v_E < v_min < v_esc + v_E (η is smooth on each).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from numpy.polynomial.legendre import leggauss
from scipy.special import erf

from ..data import package_data
from ..errors import DarkflavError, finite_array, in_range, unknown
from ..parameters import Parameters

N_NODES = 24  # Gauss–Legendre nodes per piece of the Migdal E_R integral
GRID_TOLERANCE = 1e-9  # in ln E: table end points reproduced despite rounding of the grid
# unit definitions (not physics inputs)
CM_PER_KM = 1e5
SECONDS_PER_DAY = 86400.0
GEV_PER_EV = 1e-9
CM_PER_FM = 1e-13


@cache
def targets() -> dict:
    """{element: {Z, atomic_weight, isotopes}} and the Helm parameters, from data/targets.yaml."""
    return package_data(__package__, "targets.yaml")


TARGETS = tuple(k for k in targets() if k != "helm")


def target(name: str) -> dict:
    """The entry of one target element ('Xe', 'Ar', 'Ge'), else DarkflavError."""
    if name not in TARGETS:
        raise unknown("direct-detection target", name, TARGETS)
    return targets()[name]


def nucleus_mass(name: str, params: Parameters) -> float:
    """m_A = atomic weight × m_amu (GeV)."""
    return target(name)["atomic_weight"] * params["m_amu"]


def halo(params: Parameters) -> dict[str, float]:
    """Standard-halo parameters: ρ_χ (GeV cm⁻³) and v_0, v_esc, v_E in units of c."""
    speed = CM_PER_KM / params["c_light"]
    return {"rho": params["rho_DM_local"], "v0": params["v_0_halo"] * speed,
            "v_esc": params["v_esc_halo"] * speed, "v_earth": params["v_earth_halo"] * speed}


def mean_inverse_speed(v_min, params: Parameters | None = None) -> np.ndarray:
    """η(v_min) = ∫_{v>v_min} f(v)/v d³v of the standard halo model (v_min and η in units of c, 1/c);
    zero above v_esc + v_E. Savage, Freese, Gondolo (astro-ph/0607121), appendix."""
    return _mean_inverse_speed(finite_array("v_min", v_min), halo(params or Parameters.default()))


def _mean_inverse_speed(v_min: np.ndarray, h: dict[str, float]) -> np.ndarray:
    x = np.maximum(v_min, 0.0) / h["v0"]
    y, z = h["v_earth"] / h["v0"], h["v_esc"] / h["v0"]
    tail = math.exp(-z * z) / math.sqrt(math.pi)
    erf_minus = erf(x - y)
    low = erf(x + y) - erf_minus - 4 * y * tail
    high = (math.erf(z) - erf_minus - 2 * (z + y - x) * tail) * (x < z + y)
    return np.where(x < z - y, low, high) / (2 * (math.erf(z) - 2 * z * tail) * y * h["v0"])


def helm_form_factor_squared(recoil_energy, element: str, params: Parameters | None = None) -> np.ndarray:
    """|F(q)|² = [3 j₁(q r_n)/(q r_n)]² e^{−q²s²}, q = √(2 m_A E_R) (Lewin & Smith eqs. (4.7), (4.11))."""
    return _helm_form_factor_squared(finite_array("recoil energy", recoil_energy), element,
                                     params or Parameters.default())


def _helm_form_factor_squared(energy: np.ndarray, element: str, params: Parameters) -> np.ndarray:
    q_to_qr, s_over_r = _helm_scales(element, params["hbar_c"], nucleus_mass(element, params))
    qr = np.sqrt(np.abs(energy)) * q_to_qr
    small = qr < 1e-3
    qr_safe = np.where(small, 1.0, qr)
    j1_over = (np.sin(qr_safe) / qr_safe - np.cos(qr_safe)) / qr_safe**2  # j₁(x)/x
    j1_over = np.where(small, 1 / 3 - qr * qr / 30, j1_over)  # its series below 10⁻³
    return (3 * j1_over) ** 2 * np.exp(-(qr * s_over_r) ** 2)


@cache
def _helm_scales(element: str, hbar_c: float, m_a: float) -> tuple[float, float]:
    """(q r_n per √E_R, s/r_n) of the Helm form factor: r_n² = c² + 7/3 π² a² − 5 s², c = c₁A^{1/3} + c₀
    (Lewin & Smith eq. (4.11)); q = √(2 m_A E_R)."""
    helm = targets()["helm"]
    fm = CM_PER_FM / hbar_c  # 1 fm in GeV⁻¹
    c = (helm["c_slope"]["value"] * target(element)["atomic_weight"] ** (1 / 3) + helm["c_offset"]["value"]) * fm
    a, s = helm["a"]["value"] * fm, helm["s"]["value"] * fm
    r_n = math.sqrt(c * c + 7 / 3 * math.pi**2 * a * a - 5 * s * s)
    return math.sqrt(2 * m_a) * r_n, s / r_n


def _rate_prefactor(mass, sigma_n, element, params):
    """ρ σ_A c/(2 m_χ μ_A²) in events kg⁻¹ day⁻¹ GeV⁻¹ per unit F²η (η in units of 1/c)."""
    m_a = nucleus_mass(element, params)
    mu_n = mass * params["m_n"] / (mass + params["m_n"])
    sigma_a_over_mu2 = sigma_n * target(element)["atomic_weight"] ** 2 / mu_n**2  # σ_A/μ_A², cm² GeV⁻²
    per_gev_s = halo(params)["rho"] * params["c_light"] * sigma_a_over_mu2 / (2 * mass)  # per GeV of target
    return per_gev_s * SECONDS_PER_DAY / params["GeV_in_kg"], m_a


def _check(mass, sigma_n):
    mass = in_range("dark-matter mass", mass, 1e-4, 1e5, "GeV")
    sigma_n = in_range("sigma_n", sigma_n, 0.0, 1e-20, "cm^2")
    return mass, sigma_n


def nuclear_recoil_spectrum(recoil_energy, mass, sigma_n, element: str = "Xe",
                            params: Parameters | None = None) -> np.ndarray:
    """dR/dE_R (events kg⁻¹ day⁻¹ GeV⁻¹) for recoil energies E_R (GeV), DM mass (GeV) and the isospin-symmetric
    DM–nucleon cross section σ_n (cm²); arrays broadcast. Lewin & Smith eq. (3.1) with the Helm form factor."""
    params = params or Parameters.default()
    energy = finite_array("recoil energy", recoil_energy)
    if (energy < 0).any():
        raise DarkflavError(f"recoil energy = {recoil_energy} GeV must be ≥ 0")
    mass, sigma_n = _check(mass, sigma_n)
    prefactor, m_a = _rate_prefactor(mass, sigma_n, element, params)
    mu_a = mass * m_a / (mass + m_a)
    v_min = np.sqrt(m_a * energy / 2) / mu_a
    return prefactor * _helm_form_factor_squared(energy, element, params) * _mean_inverse_speed(v_min, halo(params))


@cache
def migdal_tables() -> dict:
    """{element: (ln E grid in GeV, {shell: (E_nl in GeV, ln P per (q_e/eV)² in GeV⁻¹)})} from
    data/migdal_ibe2018.yaml (Ibe et al. 1707.07258)."""
    data = package_data(__package__, "migdal_ibe2018.yaml")
    tables = {}
    for element, d in data.items():
        grid = d["energy_eV"]
        log_e = np.linspace(np.log(grid["start"] * GEV_PER_EV), np.log(grid["stop"] * GEV_PER_EV), grid["points"])
        tables[element] = (log_e, {shell: (s["binding_energy_eV"] * GEV_PER_EV,
                                           np.log(np.asarray(s["probability"]) / GEV_PER_EV))
                                   for shell, s in d["shells"].items()})
    return tables


def ionisation_probability(electron_energy, element: str, shell: str) -> np.ndarray:
    """dp^c/dE_e (GeV⁻¹) per unit (q_e/eV)² for shell 'n_l', interpolated log-log; 0 outside the table."""
    if element not in migdal_tables():
        raise unknown("Migdal target", element, migdal_tables())
    log_e, shells = migdal_tables()[element]
    if shell not in shells:
        raise unknown(f"Migdal shell of {element}", shell, shells)
    log_energy = np.log(np.maximum(np.asarray(electron_energy, dtype=float), np.exp(log_e[0]) / 2))
    inside = (log_energy >= log_e[0] - GRID_TOLERANCE) & (log_energy <= log_e[-1] + GRID_TOLERANCE)
    return np.where(inside, np.exp(np.interp(log_energy, log_e, shells[shell][1])), 0.0)


def _sqrt_recoil_window(a, b, v):
    """Interval in x = √E_R where a x + b/x < v (v_min below v), as (low, high); empty → low = high."""
    disc = np.clip(v * v - 4 * a * b, 0.0, None)
    root = np.sqrt(disc)
    low, high = (v - root) / (2 * a), (v + root) / (2 * a)
    middle = v / (2 * a)
    return np.where(disc > 0, low, middle), np.where(disc > 0, high, middle)


def migdal_spectrum(energy, mass, sigma_n, element: str = "Xe", params: Parameters | None = None,
                    shells=None) -> np.ndarray:
    """dR/dE_det (events kg⁻¹ day⁻¹ GeV⁻¹) of Migdal ionisation at deposited electronic energies E_det (GeV),
    DM mass (GeV), σ_n (cm²); arrays broadcast. `shells`: list of 'n_l' (default: those of the data file,
    Xe n = 3, 4; Ar n = 2; Ge n = 3). Ibe et al. 1707.07258 with wimprates' normalisation (module docstring)."""
    params = params or Parameters.default()
    energy = finite_array("deposited energy", energy)
    if np.any(energy < 0):
        raise DarkflavError(f"deposited energy = {energy} GeV must be ≥ 0")
    mass, sigma_n = _check(mass, sigma_n)
    log_e, table = migdal_tables().get(element, (None, None))
    if table is None:
        raise unknown("Migdal target", element, migdal_tables())
    prefactor, m_a = _rate_prefactor(mass, sigma_n, element, params)
    h = halo(params)
    mu_a = mass * m_a / (mass + m_a)
    energy, mu_a, prefactor = np.broadcast_arrays(energy, mu_a, prefactor)
    a = np.sqrt(m_a / 2) / mu_a  # v_min = a x + b/x with x = √E_R
    b = energy / np.sqrt(2 * m_a)
    x_lo, x_hi = _sqrt_recoil_window(a, b, h["v_esc"] + h["v_earth"])
    y_lo, y_hi = _sqrt_recoil_window(a, b, h["v_esc"] - h["v_earth"])
    y_lo, y_hi = np.clip(y_lo, x_lo, x_hi), np.clip(y_hi, x_lo, x_hi)
    y_lo, y_hi = np.where(y_hi > y_lo, y_lo, (x_lo + x_hi) / 2), np.where(y_hi > y_lo, y_hi, (x_lo + x_hi) / 2)
    t, w = leggauss(N_NODES)
    xs, ws = [], []
    for lo, hi in ((x_lo, y_lo), (y_lo, y_hi), (y_hi, x_hi)):
        half = (hi - lo)[..., None] / 2
        xs.append(lo[..., None] + half * (t + 1))
        ws.append(half * w)
    x, weight = np.concatenate(xs, axis=-1), np.concatenate(ws, axis=-1)
    recoil = x * x
    v_min = a[..., None] * x + b[..., None] / np.where(x > 0, x, 1.0)
    q_e_ev2 = 2 * recoil / m_a * (params["m_e"] / GEV_PER_EV) ** 2  # (q_e/eV)²
    # ∫ dE_R = ∫ 2x dx
    kernel = (2 * x * weight * helm_form_factor_squared(recoil, element, params)
              * mean_inverse_speed(v_min, params) * q_e_ev2 / (2 * np.pi))
    chosen = table if shells is None else {s: table[s] if s in table else None for s in shells}
    total = 0.0
    for shell, entry in chosen.items():
        if entry is None:
            raise unknown(f"Migdal shell of {element}", shell, table)
        probability = ionisation_probability(energy - entry[0], element, shell)
        total = total + probability * np.sum(kernel, axis=-1)
    return prefactor * total
