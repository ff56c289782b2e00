"""docs/collider.md quotes the report's LHC numbers (the bounds with their scale, PDF and Monte Carlo components, the
σ × A ratios of the PDF sets, the VLQ benchmark and the VLQ (m_Q, y) plane): each is compared here with the report
that the suite runs once (`report_run`, tests/conftest.py), so the page cannot keep a number the report no longer
gives (the helpers of tests/test_docs.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from darkflav.collider.vlq.signal import PARTS

from .test_docs import check

PAGE = "collider.md"


@pytest.fixture(scope="module")
def sections(report_run) -> dict:
    out, _, _ = report_run
    return {name: section["data"] for name, section in
            json.loads((out / "predictions.json").read_text(encoding="utf-8"))["sections"].items()}


def test_bounds_table(sections):
    """The table of "Bounds with their uncertainties" (139 fb⁻¹): bound, scale band, PDF envelope and MC spread at
    m_φ = 1, 100, 500 GeV, in units of 10⁻³ GeV⁻¹ (C^{sb}) and 10⁻⁷ GeV⁻² (C_G)."""
    for pair, row, unit in (("sb", "C^{sb} (10⁻³ GeV⁻¹)", 1e-3), ("gg", "C_G(2 GeV) (10⁻⁷ GeV⁻²)", 1e-7)):
        found = sections["lhc"][f"{pair} uncertainties"]["ATLAS 139/fb"]
        assert [r["mass"] for r in found] == [1.0, 100.0, 500.0]
        values = [r["bound"] / unit for r in found]
        values += [edge / unit for r in found for edge in r["scale"]]
        values += [edge / unit for r in found for edge in r["pdf"]]
        values += [r["mc"] / unit for r in found]
        check(PAGE, f"| {row} | {{}} | {{}} | {{}} |\n| scale band | {{}}–{{}} | {{}}–{{}} | {{}}–{{}} |\n"
                    "| PDF envelope | {}–{} | {}–{} | {}–{} |\n| MC | ± {} | ± {} | ± {} |", *values)


def test_pdf_ratios(sections):
    """The table σ × A(set)/σ × A(default) of C^{sb} at m_φ = 1 and 500 GeV in IM0 and IM12, the NNPDF3.1 NLO over
    NNPDF3.1 LO ratios, the range of the gluon operator's ratios and the factors by which the clipped NNPDF3.1 LO
    lowers σ(sb)."""
    sb, gg = sections["lhc"]["sb PDF ratios"], sections["lhc"]["gg PDF ratios"]
    assert sb["masses"] == [1.0, 100.0, 500.0]
    others = ["NNPDF31_lo_as_0118", "NNPDF23_nlo_as_0119_qed", "NNPDF31_nlo_as_0118_luxqed", "NNPDF23_nnlo_as_0119_qed",
              "NNPDF31_nnlo_as_0118_luxqed", "CT14qed_proton"]
    rows = (("1 GeV, IM0 (p_T > 200 GeV)", "IM0", 0), ("1 GeV, IM12 (p_T > 1200 GeV)", "IM12", 0),
            ("500 GeV, IM0", "IM0", 2), ("500 GeV, IM12", "IM12", 2))
    for label, region, m in rows:
        check(PAGE, f"| {label} | {{}} | {{}} | {{}} | {{}} | {{}} | {{}} |", *(sb[s][region][m] for s in others))
    points = [("IM0", 0), ("IM12", 0), ("IM0", 2), ("IM12", 2)]
    check(PAGE, "NNPDF3.1 NLO gives {}, {}, {}, {} at these four points",
          *(sb["NNPDF31_nlo_as_0118_luxqed"][r][m] / sb["NNPDF31_lo_as_0118"][r][m] for r, m in points))
    im0, im12 = ([gg[s][r][0] for s in others] for r in ("IM0", "IM12"))
    check(PAGE, "the other sets give {}–{} (IM0) and {}–{} (IM12) of NNPDF2.3 LO at m_φ = 1 GeV",
          min(im0), max(im0), min(im12), max(im12))
    check(PAGE, "clipped to zero, they lowered σ(sb) by {} (p_T > 200 GeV) to {} (p_T > 1200 GeV, m_φ = 500 GeV)",
          1 / sb["NNPDF31_lo_as_0118"]["IM0"][0], 1 / sb["NNPDF31_lo_as_0118"]["IM12"][2])


def test_vlq_benchmark(sections):
    """The EFT-versus-UV ratios per exclusive bin and σ × A(IM0) by part at the benchmark with y₁ = 1."""
    data = sections["vlq_lhc"]["vlq_benchmark"]
    ratio = data["uv_over_contact"]
    check(PAGE, "full/contact = {} (EM0), {} (EM1), {} (EM2), {} (EM3), {} (EM4), {} (EM5), {} (EM6), {} (EM12)",
          *ratio[:7], ratio[12])
    parts = data["IM0_by_part"]
    check(PAGE, "The y₁ = 1 point has σ × A(IM0) = {} fb (t-channel {}, on-shell Fφ {}, QCD FF̄ {}, φ-exchange pairs "
                "{}, interference {})", sum(parts.values()), *(parts[p] for p in PARTS))


def test_vlq_plane(sections):
    """The report's bounds on y at m_Q = 2, 2.5, 3 TeV and σ × A(IM0) of each part at y = 1."""
    plane = sections["vlq_lhc"]["vlq_plane"]
    assert plane["m_Q"] == [2000.0, 2500.0, 3000.0]
    now, high = plane["ATLAS 139/fb"], plane["HL-LHC 3000/fb (expected)"]
    assert now[2] == np.inf and high[0] == 0.0
    check(PAGE, "y < {} and {} at m_Q = 2 and 2.5 TeV", *now[:2])
    check(PAGE, "at 3000 fb⁻¹ (expected) every y is excluded at 2 TeV (the QCD pairs alone), y < {} at 2.5 TeV and "
                "y < {} at 3 TeV", *high[1:])
    parts = plane["IM0_by_part_at_y_1"]
    for k, label in enumerate(("2 TeV", "2.5 TeV", "3 TeV")):
        check(PAGE, f"| {label} | {{}} | {{}} | {{}} | {{}} | {{}} |", parts["pairs"][k], parts["resonant"][k],
              parts["interference"][k], parts["t_channel"][k], parts["phi_pairs"][k])
    crossing = [(parts["pairs"][k] / parts["phi_pairs"][k]) ** 0.25 for k in range(3)]
    check(PAGE, "the pairs by φ exchange overtake the QCD pairs above y = (σ_FF̄/σ_φφ)^¼ = {}, {} and {}", *crossing)
