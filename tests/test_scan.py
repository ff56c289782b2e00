"""Scans: reproducible points, resumable Parquet store (SIGKILL), Dask with a lost worker, bad files."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from darkflav import DarkflavError
from darkflav.scan import ScanStore, load, run_scan
from darkflav.scan.points import chunk_points

SCAN = (open("examples/b_to_k_random.yaml").read()
        .replace("n: 20000, seed: 7", "n: 24000, seed: 3").replace("chunk_size: 5000", "chunk_size: 1000"))


def test_points_are_reproducible_and_stratified():
    d = load(SCAN)
    i1, v1 = chunk_points(d, 5)
    i2, v2 = chunk_points(d, 5)
    np.testing.assert_array_equal(v1["CS"], v2["CS"])
    assert list(i1) == list(range(5000, 6000))
    # Latin hypercube: one point per stratum of each parameter within the chunk
    u = (v1["m"] - 0.0) / 2.5
    assert sorted(np.floor(u * 1000).astype(int)) == list(range(1000))
    grid = load(open("examples/kaon_window.yaml").read())
    index, values = chunk_points(grid, 0)
    assert values["m"][0] == 0.0 and values["C"][0] == pytest.approx(1e-12)
    assert values["C"][99] == pytest.approx(1e-9) and values["m"][100] == pytest.approx(0.177 / 59)


def test_results_record_inputs_outputs_and_metadata(tmp_path):
    store = run_scan(SCAN, tmp_path / "scan")
    table = store.read()
    assert table.num_rows == 24000 and list(table.column("index").to_numpy()) == list(range(24000))
    meta = store.metadata()
    assert meta["scan_definition"] == SCAN and "darkflav_version" in meta and "parameters_changed" in meta
    import darkflav
    row = 1234
    t = darkflav.DarkEFT("real scalar", table.column("m")[row].as_py(),
                         {"CS_sb": table.column("CS")[row].as_py(), "CP_sb": table.column("CP")[row].as_py()})
    assert table.column("BR(B+->K+ inv)")[row].as_py() == pytest.approx(darkflav.predict("BR(B+->K+ inv)", t))


def test_sigkill_midway_then_resume_gives_the_same_dataset(tmp_path):
    reference = run_scan(SCAN, tmp_path / "reference").read()
    scan_file = tmp_path / "scan.yaml"
    scan_file.write_text(SCAN)
    out = tmp_path / "killed"
    code = (f"import time, darkflav.scan as s\n"
            f"d = s.load({str(scan_file)!r})\n"
            f"s.run_scan(d, {str(out)!r}, progress=lambda done, total: time.sleep(0.15))\n")
    process = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while time.time() < deadline and len(list((out / "chunks").glob("chunk-*.parquet"))) < 4:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = len(list((out / "chunks").glob("chunk-*.parquet")))
    assert 4 <= partial < 24, partial  # killed midway
    resumed = run_scan(scan_file, out)
    assert len(resumed.done()) == 24
    assert resumed.read().equals(reference)


def test_dask_cluster_with_a_killed_worker_gives_the_same_dataset(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    reference = run_scan(SCAN, tmp_path / "reference").read()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
        killed = {}

        def kill_one(done, total):
            if done >= 3 and not killed:
                victim = next(iter(pids.values()))
                os.kill(victim, signal.SIGKILL)
                killed["pid"] = victim

        store = run_scan(SCAN, tmp_path / "dask", backend="dask", client=client, progress=kill_one)
        assert killed, "no worker was killed"
    assert store.read().equals(reference)


@pytest.mark.parametrize("change, message", [
    (("C: {log: [1.0e-12, 1.0e-9, 100]}", "C: {log: [1.0e-9, 1.0e-12, 100]}"), r"line 9 .*inverted"),
    (("C: {log: [1.0e-12, 1.0e-9, 100]}", "C: {log: [0.0, 1.0e-9, 100]}"), r"line 9 .*low > 0"),
    (("observables: [BR(K+->pi+ inv)", "observables: [BR(K+->pi+ invv)"), r"line 10 .*unknown observable"),
    (("coefficients: {CS_sd: C}", "coefficients: {CS_sd: D}"), r"line 6 .*'D' is not a scan parameter"),
    (("m: {linear:", "m: {lin:"), r"line 8 .*unknown kind 'lin'"),
    (("species: real scalar", "species: real scalr"), r"line 4 .*unknown invisible species"),
    (("grid:", "gird:"), r"line 7 .*unknown key. Did you mean 'grid'"),
    (("  mass: m", "  mas: m"), r"line 5 \(theory.mas\): unknown key 'mas' of type DarkEFT. Did you mean 'mass'"),
    (("coefficients: {CS_sd: C}", "coefficients: {CV_sd: C}"), r"line 6 \(theory.coefficients.*not allowed"),
    (("type: DarkEFT", "type: DarkEFFT"), r"line 3 \(theory.type\): type must be one of DarkEFT, NeutrinoWET, "
                                          "InvisibleBoson, model"),
])
def test_bad_scan_files_are_rejected_with_the_line(change, message, tmp_path):
    lines = open("examples/kaon_window.yaml").read().splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#")) + "\n"
    bad = text.replace(*change)
    assert bad != text
    with pytest.raises(DarkflavError, match=message):
        load(bad)
    assert not (tmp_path / "never").exists()


def test_a_different_scan_in_the_same_folder_is_refused(tmp_path):
    run_scan(open("examples/kaon_window.yaml").read(), tmp_path / "s")
    with pytest.raises(DarkflavError, match="different scan"):
        run_scan(SCAN, tmp_path / "s")
    with pytest.raises(DarkflavError, match="not a darkflav scan folder"):
        ScanStore(tmp_path / "nothing")


def test_profile_and_scan_plot(tmp_path):
    from darkflav.plots.scan import plot_scan, profile_2d

    x = np.array([0.1, 0.1, 0.9, 0.9])
    y = np.array([0.1, 0.1, 0.9, 0.1])
    ex, ey, delta = profile_2d(x, y, np.array([5.0, 3.0, 4.0, 7.0]), bins=2)
    assert delta[0, 0] == 0 and delta[1, 1] == 1 and delta[1, 0] == 4 and np.isnan(delta[0, 1])
    folder = tmp_path / "kw"
    run_scan(open("examples/kaon_window.yaml").read(), folder)
    png = plot_scan(folder, "m", "C", "NA62 2016-2022 K+->pi+nunu", path=tmp_path / "kw.png", log_y=True)
    assert png.stat().st_size > 10_000
    with pytest.raises(DarkflavError, match="unknown scan column"):
        plot_scan(folder, "mass", "C")


def test_scan_command_line(tmp_path):
    from typer.testing import CliRunner

    from darkflav.cli import app

    runner = CliRunner()
    out = tmp_path / "kw"
    result = runner.invoke(app, ["scan", "examples/kaon_window.yaml", "--out", str(out)])
    assert result.exit_code == 0, result.output
    status = runner.invoke(app, ["scan", "status", str(out)])
    assert "6/6 chunks" in status.output and "complete" in status.output
    plot = runner.invoke(app, ["plot", "scan", str(out), "--x", "m", "--y", "C", "--log-y",
                               "--out", str(tmp_path / "p.png")])
    assert plot.exit_code == 0, plot.output and (tmp_path / "p.png").stat().st_size > 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(open("examples/kaon_window.yaml").read().replace("linear: [0.0, 0.177", "linear: [0.177, 0.0"))
    result = runner.invoke(app, ["scan", str(bad), "--out", str(tmp_path / "never")])
    assert result.exit_code == 1 and "inverted" in result.output and not (tmp_path / "never").exists()


def test_process_pool_backend_gives_the_same_dataset(tmp_path):
    reference = run_scan(SCAN, tmp_path / "reference").read()
    pooled = run_scan(SCAN, tmp_path / "pool", backend="processes", workers=2).read()
    assert pooled.equals(reference)
    with pytest.raises(DarkflavError, match="backend 'threads' unknown"):
        run_scan(SCAN, tmp_path / "x", backend="threads")


def test_every_theory_type_of_the_reader_scans(tmp_path):
    """A scan theory is read by darkflav.theories.read_theory: an InvisibleBoson and a NeutrinoWET given as a matrix
    record what the objects built directly predict."""
    import darkflav

    boson = """name: boson
theory: {type: InvisibleBoson, spin: 0, mass: m, couplings: {gS_sb: {Re: g, Im: 0.5e-9}}}
grid: {m: {linear: [0.5, 4.0, 8]}, g: {log: [1.0e-9, 1.0e-8, 3]}}
observables: [BR(B+->K+ X)]
"""
    table = run_scan(boson, tmp_path / "boson").read()
    m, g = table.column("m").to_numpy(), table.column("g").to_numpy()
    direct = darkflav.predict("BR(B+->K+ X)", darkflav.InvisibleBoson(0, m, {"gS_sb": g + 0.5e-9j}))
    np.testing.assert_allclose(table.column("BR(B+->K+ X)").to_numpy(), direct, rtol=1e-12)
    matrix = """name: matrix
theory: {type: NeutrinoWET, sector: sd, C_L: [[0, 0, 0], [0, 0, 0], [0, 0, c]]}
grid: {c: {values: [-10.0, 0.0, 10.0]}}
observables: [BR(K+->pi+ nu nu)]
"""
    table = run_scan(matrix, tmp_path / "matrix").read()
    for c, value in zip(table.column("c").to_pylist(), table.column("BR(K+->pi+ nu nu)").to_pylist(), strict=True):
        direct = darkflav.predict("BR(K+->pi+ nu nu)", darkflav.NeutrinoWET(C_L={"tautau": c}, sector="sd"))
        assert value == pytest.approx(float(direct), rel=1e-12)
