"""darkflav parameters set to flavio's inputs, and random coefficient points in the flavio basis.

Shared by the flavio cross-check test and benchmarks/bench_nunu.py.
"""

from __future__ import annotations

import numpy as np

import darkflav

B_SCALE, K_SCALE = 4.8, 2.0  # flavio's renormalisation scales for B and K decays
PAIRS = [(a, b) for a in ("e", "mu", "tau") for b in ("e", "mu", "tau")]
OBSERVABLES = {  # darkflav name → (flavio name, sector)
    "BR(B+->K+ nu nu)": ("BR(B+->Knunu)", "sb"),
    "BR(B0->K0 nu nu)": ("BR(B0->Knunu)", "sb"),
    "BR(B+->K*+ nu nu)": ("BR(B+->K*nunu)", "sb"),
    "BR(B0->K*0 nu nu)": ("BR(B0->K*nunu)", "sb"),
    "BR(K+->pi+ nu nu)": ("BR(K+->pinunu)", "sd"),
    "BR(KL->pi0 nu nu)": ("BR(KL->pinunu)", "sd"),
}


def flavio_parameters():
    """darkflav Parameters with flavio's central inputs (same CKM, X_t, form factors, masses)."""
    import flavio

    fp = flavio.default_parameters.get_central_all()
    hbar = darkflav.Parameters.default()["hbar"]
    same_name = ["alpha_e", "s2w", "m_B+", "m_B0", "m_K+", "m_K0", "m_K*+", "m_K*0", "m_pi+",
                 "m_pi0", "alpha_s"]
    changes = {n: fp[n] for n in same_name}
    changes.update({
        "G_F": fp["GF"], "X_t": fp["Xt_di->djnunu"], "V_us": fp["Vus"], "V_cb": fp["Vcb"],
        "V_ub": fp["Vub"], "gamma": fp["gamma"], "m_c(m_c)": fp["m_c"],
        "tau_B+": fp["tau_B+"] * hbar, "tau_B0": fp["tau_B0"] * hbar,
        "kappa_+": fp["kappa_plus_tilde"], "kappa_L": fp["kappa_L_tilde"],
        "kappa_ref_alpha_e": 1 / 127.9, "delta_P_cu": fp["deltaPcu"], "Delta_EM": 0.0,
    })
    for k in ("a0_f+", "a1_f+", "a2_f+", "a1_f0", "a2_f0", "a0_fT", "a1_fT", "a2_fT"):
        ours = k.replace("a0_f+", "a+_0").replace("a1_f+", "a+_1").replace("a2_f+", "a+_2")
        ours = ours.replace("a1_f0", "a0_1").replace("a2_f0", "a0_2")
        ours = ours.replace("a0_fT", "aT_0").replace("a1_fT", "aT_1").replace("a2_fT", "aT_2")
        changes[f"B->K GRvDV2023 {ours}"] = fp[f"B->K BSZ {k}"]
    for ffn in ("A0", "A1", "A12", "V", "T1", "T2", "T23"):
        for i in range(3):
            key = f"B->K* BSZ a{i}_{ffn}"
            if key in fp:
                changes[f"B->K* BSZ2015 {ffn}_a{i}"] = fp[key]
    # flavio fixes a0(A12) and a0(T2) by the endpoint relations (arXiv:1503.05534 eq. 16)
    mb, mv = fp["m_B0"], fp["m_K*0"]
    changes["B->K* BSZ2015 A12_a0"] = fp["B->K* BSZ a0_A0"] * (mb**2 - mv**2) / (8 * mb * mv)
    changes["B->K* BSZ2015 T2_a0"] = fp["B->K* BSZ a0_T1"]
    params = darkflav.Parameters.default().replace(changes)
    return params.choose({"B->K form factors": "GRvDV2023"})


def random_points(n: int, seed: int, scale: float = 4.0):
    """n random complex (C_L, C_R) points for all nine flavour pairs, as flavio-basis dicts."""
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(n):
        c = scale * (rng.normal(size=(2, 9)) + 1j * rng.normal(size=(2, 9)))
        points.append({"L": c[0], "R": c[1]})
    return points


def wcxf_dict(point, sector: str) -> dict:
    """flavio-basis coefficient names → complex values for one point."""
    q = "bs" if sector == "sb" else "sd"
    out = {}
    for chir in ("L", "R"):
        for k, (a, b) in enumerate(PAIRS):
            out[f"C{chir}_{q}nu{a}nu{b}"] = complex(point[chir][k])
    return out
