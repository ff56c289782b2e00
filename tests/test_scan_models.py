"""Scans of UV models (theory type 'model'): the recorded columns equal direct predictions of the model built
from the same parameters, and mistakes in the model part of a scan file are reported with their line."""

import numpy as np
import pytest

import darkflav
from darkflav import DarkflavError
from darkflav.experiments import Likelihood
from darkflav.models import S12Tilde, VectorLikeQuarks
from darkflav.scan import load, run_scan

LEPTOQUARK = (open("examples/leptoquark_s12tilde.yaml").read()
              .replace("n: 20000, seed: 11", "n: 600, seed: 5").replace("chunk_size: 5000", "chunk_size: 250"))
VLQ = (open("examples/vlq_benchmark.yaml").read()
       .replace("1000.0, 10000.0, 41", "2000.0, 4000.0, 3").replace("0.1, 3.0, 41", "0.5, 2.0, 4"))


def test_leptoquark_scan_equals_direct_predictions(tmp_path):
    definition = load(LEPTOQUARK)
    table = run_scan(definition, tmp_path / "lq").read()
    assert table.num_rows == 600 and definition.n_chunks == 3
    c = {name: table.column(name).to_numpy() for name in table.column_names}
    y = np.zeros((600, 3, 3))
    y[:, 2, 2], y[:, 1, 2], y[:, 2, 1], y[:, 1, 1] = c["y_btau"], c["y_stau"], c["y_bmu"], c["y_smu"]
    model = S12Tilde(c["M"], y)
    for name in definition.observables:
        np.testing.assert_allclose(c[name], darkflav.predict(name, model), rtol=1e-12, atol=0)
    for name in definition.likelihoods:
        # 1e-10: the published Belle II likelihood's Newton steps multiply matrices whose rounding depends on
        # how many points share a call (BLAS blocking); the scan chunks the points, the direct call does not
        np.testing.assert_allclose(c[f"-2lnL {name}"], Likelihood(name).minus_two_log_l(model), rtol=1e-10)
    # the sample spans its ranges and the columns vary: R_K moves off 1 and the side constraints bite
    assert c["M"].min() < 1100 and c["M"].max() > 3900 and c["y_btau"].min() < 0.02
    assert c["R_K(nu nu)"].max() > 2 and np.ptp(c["-2lnL leptoquark side constraints"]) > 10


def test_vlq_grid_equals_direct_predictions(tmp_path):
    definition = load(VLQ)
    table = run_scan(definition, tmp_path / "vlq").read()
    c = {name: table.column(name).to_numpy() for name in table.column_names}
    assert table.num_rows == 12 and sorted(set(c["m"])) == pytest.approx([2000.0, 2000.0 * np.sqrt(2), 4000.0])
    y = np.stack([np.zeros(12), c["y"], np.full(12, 0.2)], axis=-1)
    model = VectorLikeQuarks(c["m"], c["m"], 1.0, y, y)
    for name in definition.observables:
        np.testing.assert_allclose(c[name], darkflav.predict(name, model), rtol=1e-10)
    np.testing.assert_allclose(c["-2lnL seeds Belle II"], Likelihood("seeds Belle II").minus_two_log_l(model),
                               rtol=1e-10)
    # grid order (C order: m slow, y fast) and a rate growing with the Yukawa coupling
    assert list(c["y"][:4]) == pytest.approx(np.geomspace(0.5, 2.0, 4))
    assert np.all(np.diff(c["BR(B+->K+ inv)"][:4]) > 0)


@pytest.mark.parametrize("change, message", [
    (("model: S1/2~", "model: S1/2"), r"line 4 \(theory.model\): unknown model 'S1/2'. Did you mean 'S1/2~'"),
    (("    mass: M", "    mas: M"), r"line 6 \(theory.parameters.mas\).*unexpected \['mas'\]"),
    (("btau: y_btau", "btua: y_btau"), r"line 7 \(theory.parameters.couplings.btua\): unknown coupling .*'btua'"),
    (("smu: y_smu}", "smu: y_sm}"), r"line 7 .*'y_sm' is not a scan parameter. Did you mean 'y_smu'"),
    (("M: {uniform: [1000.0, 4000.0]}", "M: {uniform: [-1000.0, 4000.0]}"),
     r"line 6 \(theory.parameters.mass\): mass = .* outside the allowed range"),
    (("  model: S1/2~", "  model: S1/2~\n  species: real scalar"), r"line 5 \(theory.species\): unknown key"),
])
def test_bad_model_scans_are_rejected_with_the_line(change, message):
    text = "\n".join(line for line in LEPTOQUARK.splitlines() if not line.startswith("#")) + "\n"
    bad = text.replace(*change)
    assert bad != text
    with pytest.raises(DarkflavError, match=message):
        load(bad)


def test_bad_vlq_mass_is_reported_at_its_key():
    text = "\n".join(line for line in VLQ.splitlines() if not line.startswith("#")) + "\n"
    with pytest.raises(DarkflavError, match=r"line 8 \(theory.parameters.m_phi\): m_phi = -1.0"):
        load(text.replace("m_phi: 1.0", "m_phi: -1.0"))
    with pytest.raises(DarkflavError, match=r"line 6 \(theory.parameters.m_Q\): m_Q = .* must be > m_phi"):
        load(text.replace("m_phi: 1.0", "m_phi: 2500.0"))  # inside the m range: its lower end fails
