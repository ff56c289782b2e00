"""Scan-store integrity: truncated, corrupted, copied and foreign chunk files are found, set aside and recomputed;
a store is never resumed under other inputs (definition, parameters), also without its scan.yaml; a killed
process-pool worker's chunks are recomputed."""

import multiprocessing
import os
import shutil
import signal

import pytest
from typer.testing import CliRunner

from darkflav import DarkflavError
from darkflav.cli import app
from darkflav.parameters import Parameters
from darkflav.scan import ScanStore, run_scan

KAON = open("examples/kaon_window.yaml").read()  # 6000 grid points, 6 chunks, ~1 s
RANDOM = (open("examples/b_to_k_random.yaml").read()
          .replace("n: 20000, seed: 7", "n: 8000, seed: 3").replace("chunk_size: 5000", "chunk_size: 1000"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A complete, undamaged store of the kaon-window grid and its table."""
    folder = tmp_path_factory.mktemp("reference") / "scan"
    return folder, run_scan(KAON, folder).read()


@pytest.fixture
def copy(reference, tmp_path):
    folder = tmp_path / "scan"
    shutil.copytree(reference[0], folder)
    return folder


def chunk(folder, k):
    return folder / "chunks" / f"chunk-{k:06d}.parquet"


def damage_truncate(folder):
    os.truncate(chunk(folder, 2), 0)
    return "chunk-000002.parquet", "truncated"


def damage_cut_short(folder):
    data = chunk(folder, 4).read_bytes()
    chunk(folder, 4).write_bytes(data[: len(data) // 2])
    return "chunk-000004.parquet", "corrupt"


def damage_flip_bytes(folder):
    data = bytearray(chunk(folder, 1).read_bytes())
    data[len(data) // 3: len(data) // 3 + 8] = b"\x00\xff" * 4
    chunk(folder, 1).write_bytes(bytes(data))
    return "chunk-000001.parquet", "corrupt"


def damage_copy_of_another(folder):
    shutil.copyfile(chunk(folder, 1), chunk(folder, 3))
    return "chunk-000003.parquet", "copied"


def damage_stray_extra(folder):
    shutil.copyfile(chunk(folder, 0), chunk(folder, 99))
    return "chunk-000099.parquet", "foreign"


@pytest.mark.parametrize("damage", [damage_truncate, damage_cut_short, damage_flip_bytes, damage_copy_of_another])
def test_damaged_chunks_are_found_set_aside_and_recomputed(damage, copy, reference):
    name, word = damage(copy)
    store = ScanStore(copy)
    check = store.check()
    assert name in check.rejected and word in check.rejected[name] and len(check.missing) == 1
    with pytest.raises(DarkflavError, match="incomplete"):
        store.read()
    status = CliRunner().invoke(app, ["scan", "status", str(copy)])
    assert "5/6 chunks" in status.output and name in status.output and "— complete" not in status.output
    plot = CliRunner().invoke(app, ["plot", "scan", str(copy), "--x", "m", "--y", "C"])
    assert plot.exit_code == 1 and "incomplete" in plot.output and "Traceback" not in plot.output
    notices = []
    resumed = run_scan(KAON, copy, notice=notices.append)
    assert len(notices) == 1 and name in notices[0]
    assert (copy / "rejected" / name).is_file()  # kept for inspection, never used
    assert resumed.read().equals(reference[1])
    assert not run_scan(KAON, copy, notice=notices.append).check().rejected and len(notices) == 1


def test_a_stray_chunk_file_is_reported_and_never_read(copy, reference):
    name, word = damage_stray_extra(copy)
    store = ScanStore(copy)
    assert word in store.check().rejected[name] and store.read().equals(reference[1])  # no duplicated points
    status = CliRunner().invoke(app, ["scan", "status", str(copy)])
    assert "6/6 chunks" in status.output and "— complete" in status.output and name in status.output
    notices = []
    run_scan(KAON, copy, notice=notices.append)
    assert len(notices) == 1 and name in notices[0] and (copy / "rejected" / name).is_file()


def test_a_chunk_file_deleted_is_recomputed(copy, reference):
    chunk(copy, 5).unlink()
    assert ScanStore(copy).check().missing == [5]
    assert run_scan(KAON, copy).read().equals(reference[1])


def test_resume_after_deleting_scan_yaml_and_refusal_of_a_changed_definition(copy, reference):
    (copy / "scan.yaml").unlink()
    changed = KAON.replace("log: [1.0e-12, 1.0e-9, 100]", "log: [1.0e-12, 1.0e-8, 100]")
    with pytest.raises(DarkflavError, match="different scan"):
        run_scan(changed, copy)
    assert run_scan(KAON, copy).read().equals(reference[1])  # the same definition resumes (nothing to compute)
    assert (copy / "scan.yaml").read_text() == KAON


def test_a_store_computed_with_other_parameters_or_choices_is_refused(copy):
    changed = Parameters.default().replace({"tau_K+": 1.3e-8})
    with pytest.raises(DarkflavError, match="other parameter values"):
        run_scan(KAON, copy, params=changed)
    record = ScanStore(copy).metadata()
    assert record["scan_definition"] == KAON and record["parameters_changed"] == "{}"


def test_chunk_files_without_a_record_or_with_an_unreadable_record_are_refused(copy):
    (copy / "store.json").write_text("{not json")
    with pytest.raises(DarkflavError, match="unreadable"):
        run_scan(KAON, copy)
    (copy / "store.json").unlink()
    with pytest.raises(DarkflavError, match="no store.json"):
        run_scan(KAON, copy)
    with pytest.raises(DarkflavError, match="not a darkflav scan folder"):
        ScanStore(copy)


def test_the_definition_is_stored_once_not_in_every_chunk(reference):
    import pyarrow.parquet as pq

    metadata = pq.read_schema(chunk(reference[0], 0)).metadata
    assert b"scan_definition" not in metadata and metadata[b"chunk"] == b"0"


def _kill_a_worker_once(done, total, state={}):  # noqa: B006 (state kept across calls of one scan)
    if done >= 2 and not state.get("killed"):
        workers = multiprocessing.active_children()
        if workers:
            os.kill(workers[0].pid, signal.SIGKILL)
            state["killed"] = True


def test_a_killed_process_pool_worker_does_not_stop_the_scan(tmp_path):
    reference = run_scan(RANDOM, tmp_path / "reference").read()
    state = {}
    store = run_scan(RANDOM, tmp_path / "pool", backend="processes", workers=2,
                     progress=lambda done, total: _kill_a_worker_once(done, total, state))
    assert state.get("killed")
    assert store.read().equals(reference)


def test_markup_in_a_scan_name_is_printed_literally(tmp_path):
    scan = tmp_path / "odd.yaml"
    scan.write_text(KAON.replace("name: K -> pi phi phi window", "name: '[bold red]odd[/] [/oops] scan'"))
    result = CliRunner().invoke(app, ["scan", str(scan), "--out", str(tmp_path / "odd")])
    assert result.exit_code == 0, result.output
    assert "[bold red]odd[/] [/oops] scan" in result.output
    status = CliRunner().invoke(app, ["scan", "status", str(tmp_path / "odd")])
    assert "[/oops]" in status.output and "— complete" in status.output


def test_an_unreachable_dask_scheduler_is_one_line(tmp_path):
    pytest.importorskip("dask.distributed")
    result = CliRunner().invoke(app, ["scan", "examples/kaon_window.yaml", "--out", str(tmp_path / "d"),
                                      "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "cannot connect to the Dask scheduler" in result.output
    assert "Traceback" not in result.output
