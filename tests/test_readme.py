"""The README's Python examples run as written, in order, in one namespace, in a fresh interpreter (so that
`darkflav.experiments` is reachable after `import darkflav` alone); a line ending in `# <number>` must give that
number to the digits shown."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
STATED = re.compile(r"^(?P<expression>\S.*?)\s+#\s*(?P<value>[-+]?\d+\.\d+e[-+]?\d+)\s*$")

# the WCxf file the README reads: a flavio-basis WET point (b → s ν_τ ν̄_τ, right-handed quark current)
WCXF_POINT = {"eft": "WET", "basis": "flavio", "scale": 4.8, "values": {"CR_bsnutaunutau": {"Re": -1.0}}}


def stated_values(code: str) -> str:
    """The code with each `expression  # number` line replaced by a check of the number to its digits."""
    lines = []
    for line in code.splitlines():
        match = STATED.match(line)
        if match:
            value = match["value"]
            digits = len(value.split("e")[0].replace(".", "").lstrip("+-0"))
            line = (f"_value = float(np.asarray({match['expression']}))\n"
                    f"assert float(f'{{_value:.{digits - 1}e}}') == {value}, "
                    f"({match['expression']!r}, _value, {value!r})")
        lines.append(line)
    return "\n".join(lines)


def test_readme_python_blocks_run_as_written(tmp_path):
    blocks = BLOCK.findall(README.read_text())
    assert len(blocks) >= 4, "the README's Python examples were not found"
    (tmp_path / "my_point.yaml").write_text(yaml.safe_dump(WCXF_POINT))
    script = "\n\n".join(stated_values(block) for block in blocks)
    assert "assert float" in script, "no README number is checked"
    done = subprocess.run([sys.executable, "-c", script + "\nprint('README ran')"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, textwrap.shorten(done.stderr[-3000:], 3000)
    assert done.stdout.strip().endswith("README ran")


def test_ci_runs_exactly_the_readme_test_command():
    """The last line of .ci/run is the README's second set-up command (install, ruff, import-linter, mypy, pytest)."""
    setup = re.search(r"^## Set-up.*?^```bash\n(.*?)^```$", README.read_text(), re.S | re.M)
    assert setup, "the README's set-up block was not found"
    commands = setup[1].strip().splitlines()
    ci = (README.parent / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == commands[1]
    assert "mypy" in commands[1].split(" && ")
