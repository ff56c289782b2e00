"""Notebook rendering (`_repr_html_`): theories, UV models and likelihood breakdowns are compact, well-formed, escaped
HTML tables that show every coefficient's name and value."""

from html.parser import HTMLParser

import numpy as np
import pytest

import darkflav
from darkflav.eft import ChargedLeptonWET, DeltaF2, DipoleWET, HeavyQuarks
from darkflav.models import S12Tilde, VectorLikeQuarks, Zprime
from darkflav.notebook import breakdown_html, format_value, table_html


class _Checked(HTMLParser):
    """Parses HTML, failing on a closing tag that does not close the innermost open one; collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> _Checked:
    """The parser after reading `html`: every tag closed in order, one table."""
    parser = _Checked()
    parser.feed(html)
    parser.close()
    assert not parser.open, f"unclosed tags {parser.open}"
    assert parser.tags.count("table") == 1 and "caption" in parser.tags
    return parser


def cells(html: str) -> list[str]:
    return [t for t in parsed(html).text if t.strip()]


THEORIES = [
    (darkflav.NeutrinoWET(C_R={"tautau": -15.4}), {"C_R^tautau": -15.4}),
    (darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 5e-8, "CS_ss": 1.5e-4}), {"CS_sb": 5e-8, "CS_ss": 1.5e-4}),
    (darkflav.InvisibleBoson(0, 2.1, {"gS_sb": 1e-8 + 2e-9j}), {"gS_sb": 1e-8 + 2e-9j}),
    (ChargedLeptonWET(C9={"mumu": -1.0}, C_VL={"tau": 0.05}), {"C9^mumu": -1.0, "C_VL^tau": 0.05}),
    (DipoleWET(C7=0.01), {"C7": 0.01}),
    (DeltaF2("sb", {"VLL": 1e-12}, scale=1000.0), {"DeltaF2 sb VLL": 1e-12}),
    (HeavyQuarks(0.1), {"delta (h couplings)": 0.1}),
]


@pytest.mark.parametrize(("theory", "expected"), THEORIES, ids=lambda t: type(t).__name__)
def test_containers_show_each_coefficient_name_and_value(theory, expected):
    text = cells(theory._repr_html_())
    assert text[0].startswith(type(theory).__name__)  # the caption
    for name, value in expected.items():
        assert name in text
        assert text[text.index(name) + 1] == format_value(value)


def test_only_non_zero_coefficients_are_listed_and_arrays_are_summarised():
    text = cells(darkflav.NeutrinoWET(C_L={"mumu": np.linspace(1, 2, 50)})._repr_html_())
    assert "C_L^mumu" in text and "C_L^ee" not in text
    assert text[0] == "NeutrinoWET, shape (50,)"
    assert text[text.index("C_L^mumu") + 1] == "array of shape (50,), |value| 1 … 2"  # stored complex


def test_uv_models_and_their_matched_theories():
    lq = S12Tilde(2000.0, np.diag([0.0, 0.3, 1.0]))
    text = cells(lq._repr_html_())
    assert "S1/2~" in text[0] and "mass" in text and "2000" in text
    assert text[text.index("couplings") + 1] == "[[0, 0, 0], [0, 0.3, 0], [0, 0, 1]]"
    matched = cells(lq.match()._repr_html_())
    assert "neutrino: C_R^taumu" in matched and "charged: C9_prime^taumu" in matched  # y*_{s mu} y_{b tau}
    z = cells(Zprime.from_mapping({"mass": 1000.0, "g_sb_L": 1e-3, "g_nu_L": {"tautau": 0.5}})._repr_html_())
    assert "g_sb L" in z and "0.001" in z
    vlq = VectorLikeQuarks(1500.0, 1500.0, 1.0, [0, 0.1, 1.0], [0, 0, 0], y1=0.5)
    text = cells(vlq._repr_html_())
    assert "m_phi" in text and text[text.index("y_q") + 1] == "[0, 0.1, 1]"
    parsed(vlq.match()._repr_html_())


def test_text_is_escaped():
    html = table_html("a <b> & c", ["<th>"], [["<script>alert(1)</script>"], [1e-8]])
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &lt;b&gt; &amp; c" in html
    assert cells(html) == ["a <b> & c", "<th>", "<script>alert(1)</script>", "1e-08"]


def test_breakdown_table():
    html = breakdown_html({"Belle II <2023>": 1.25, "NA62": 0.5}, {"Belle II <2023>": 1.1})
    text = cells(html)
    assert "Belle II <2023>" in text and "Belle II &lt;2023&gt;" in html
    assert text[text.index("Belle II <2023>") + 1:][:2] == ["1.25", "1.1"]
    assert text[text.index("NA62") + 1:][:2] == ["0.5", "—"]
    assert text[text.index("total") + 1] == "1.75"
    assert "pull" not in cells(breakdown_html({"NA62": 0.5}))


def test_breakdown_of_a_likelihood():
    lh = darkflav.experiments.Likelihood(["NA62 2016-2022 K+->pi+nunu"])
    theory = darkflav.NeutrinoWET(C_L={"tautau": 1.0}, sector="sd")
    contributions = lh.contributions(theory)
    text = cells(breakdown_html({k: float(v) for k, v in contributions.items()},
                                {k: float(v) for k, v in lh.pulls(theory, contributions).items()}))
    assert "NA62 2016-2022 K+->pi+nunu" in text and "total" in text


def test_format_value():
    assert format_value(-15.4) == "-15.4"
    assert format_value(1 - 2j) == "1 - 2i" and format_value(3 + 0j) == "3"
    assert format_value(np.array([1e-3, 2.0])) == "[0.001, 2]"
    assert format_value(np.arange(20.0) - 5j) == "array of shape (20,), |value| 5 … 19.65"
    assert format_value(np.zeros((0, 3))) == "empty array of shape (0, 3)"
    assert format_value(True) == "True" and format_value("real scalar") == "real scalar"


def test_a_likelihood_breakdown_is_a_table_in_a_notebook():
    """Likelihood.breakdown: each measurement's −2 ln L and pull (equal to contributions and pulls), their total, and
    an HTML table naming every measurement."""
    from darkflav.experiments import Likelihood

    likelihood = Likelihood(["NA62 2016-2022 K+->pi+nunu", "KOTO 2021 KL->pi0nunu"])
    theory = darkflav.DarkEFT("real scalar", 0.1, {"CS_sd": 3e-10})
    breakdown = likelihood.breakdown(theory)
    contributions, pulls = likelihood.contributions(theory), likelihood.pulls(theory)
    for name in contributions:
        assert float(breakdown.contributions[name]) == pytest.approx(float(contributions[name]))
        assert float(breakdown.pulls[name]) == pytest.approx(float(pulls[name]))
    assert breakdown.total == pytest.approx(likelihood.minus_two_log_l(theory))
    page = breakdown._repr_html_()
    assert page.startswith("<table") and all(m.name.replace(">", "&gt;") in page for m in likelihood.measurements)


def test_predictions_with_uncertainties_are_a_table_in_a_notebook():
    """darkflav.predictions: predict and uncertainty of several observables (— for a Monte Carlo observable), units,
    and an HTML table naming each."""
    theory = darkflav.NeutrinoWET(C_L={"tautau": 1.0})
    table = darkflav.predictions(["BR(B+->Knunu)", "R_K(nu nu)"], theory, n_samples=50)
    assert table.values["R_K(nu nu)"] == pytest.approx(darkflav.predict("R_K(nu nu)", theory))
    assert table.errors["BR(B+->Knunu)"] == pytest.approx(darkflav.uncertainty("BR(B+->Knunu)", theory,
                                                                                 n_samples=50))
    page = table._repr_html_()
    assert page.startswith("<table") and "BR(B+-&gt;Knunu)" in page and "R_K(nu nu)" in page
    mc = darkflav.predictions("sigma(pp->phi phi j)[IM0]", darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 1e-6}))
    assert mc.errors["sigma(pp->phi phi j)[IM0]"] is None and mc.units["sigma(pp->phi phi j)[IM0]"] == "fb"
    assert "—" in mc._repr_html_()
