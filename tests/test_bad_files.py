"""Every door that reads a user file (--wc, --dark, --model, model --file, scan files) gives one line naming the file
and the problem: alias bombs, binary, UTF-16, folders, empty files, Python tags, oversized files."""

import pytest
from typer.testing import CliRunner

from darkflav.cli import app
from darkflav.data import MAX_FILE_BYTES, MAX_YAML_NODES

BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}' if p else 'x'] * 9)}]\n"
               for p, a in zip(["", "a", "b", "c", "d", "e", "f"], "abcdefg", strict=True))
CONTENTS = {
    "alias bomb": (BOMB.encode(), f"more than {MAX_YAML_NODES} YAML nodes"),
    "binary": (bytes(range(256)) * 4, "not a UTF-8 text file"),
    "NUL bytes": (b"species: real scalar\x00\n", "binary file"),
    "UTF-16": ("species: real scalar\n".encode("utf-16"), "not a UTF-8 text file"),
    "empty": (b"", "empty"),
    "python tag": (b"!!python/object/apply:os.system ['echo hacked']\n", "could not determine a constructor"),
    "oversized": (b"#" * (MAX_FILE_BYTES + 1), "more than the"),
    "folder": (None, "is a folder"),
}
DOORS = {
    "--wc": lambda f: ["predict", "BR(B+->K+ nu nu)", "--wc", f, "--no-uncertainty"],
    "--dark": lambda f: ["predict", "BR(B+->K+ XX)", "--dark", f, "--no-uncertainty"],
    "--model": lambda f: ["monojet", "--model", f],
    "model --file": lambda f: ["model", "--file", f],
    "scan file": lambda f: ["scan", f, "--out", f + "-out"],
    "constrain --dark": lambda f: ["constrain", "--dark", f],
}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("content", CONTENTS)
def test_bad_files_at_every_door_are_one_line(door, content, tmp_path):
    data, message = CONTENTS[content]
    path = tmp_path / "input.yaml"
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    result = CliRunner().invoke(app, DOORS[door](str(path)))
    assert result.exit_code == 1, result.output
    assert message in result.output and str(path) in result.output.replace("\n", "")
    assert "Traceback" not in result.output and result.output.count("error:") == 1


OUTPUTS = {
    "missing folder": (lambda tmp: tmp / "no" / "such" / "plot.png", "does not exist"),
    "a folder": (lambda tmp: tmp, "it is a folder"),
    "unknown extension": (lambda tmp: tmp / "plot.xyz", "unknown image format 'xyz'"),
    "no extension": (lambda tmp: tmp / "plot", "unknown image format ''"),
    "symbolic link": (lambda tmp: _link(tmp), "symbolic link"),
}
PLOTS = {
    "kaon-window": ["plot", "kaon-window"],
    "rk-plane": ["plot", "rk-plane"],
    "relic": ["plot", "relic"],
    "coupling": ["plot", "coupling", "--species", "real scalar", "--operator", "CS_sb"],
    "vlq-plane": ["plot", "vlq-plane", "--mass", "2000"],
    "belle2-bins": ["plot", "belle2-bins"],
    "global-plane": ["plot", "global-plane", "--dark", "direction.yaml"],
}


def _link(tmp):
    target = tmp / "elsewhere.png"
    target.write_bytes(b"keep")
    (tmp / "link.png").symlink_to(target)
    return tmp / "link.png"


@pytest.mark.parametrize("plot", PLOTS)
@pytest.mark.parametrize("output", OUTPUTS)
def test_bad_plot_outputs_are_refused_before_any_work(plot, output, tmp_path):
    make, message = OUTPUTS[output]
    result = CliRunner().invoke(app, [*PLOTS[plot], "--out", str(make(tmp_path))])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    if output == "symbolic link":
        assert (tmp_path / "elsewhere.png").read_bytes() == b"keep"
