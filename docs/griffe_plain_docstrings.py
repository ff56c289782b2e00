"""A griffe extension for the API pages (mkdocs.yml, mkdocstrings `extensions`): darkflav's docstrings are plain text
with physics notation (C_L^ij, V*_ts, <dBR/dq2>, [derived]), not Markdown. Before mkdocstrings renders them, this
escapes what Markdown would read as markup (emphasis, links, HTML tags) outside `code` spans, keeps "* " bullets,
turns indented formula blocks into code blocks (a blank line before them) and `>>>` lines into Python console
blocks, so that every docstring reads as it does in the source."""

from __future__ import annotations

import re

import griffe

CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
BULLET = re.compile(r"^(\s*)([*+-]|\d+\.)(\s+)")


def _escape(text: str) -> str:
    """Markdown-escape plain text outside inline code spans."""
    out, last = [], 0
    for match in CODE_SPAN.finditer(text):
        out.append(_escape_plain(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "*_[]#|":
        text = text.replace(char, "\\" + char)
    return text


def _line(line: str) -> str:
    """One prose line: a bullet marker stays a bullet, the rest is escaped."""
    bullet = BULLET.match(line)
    if bullet:
        return bullet.group(0) + _escape(line[bullet.end():])
    return _escape(line)


def plain_to_markdown(text: str) -> str:
    """The Markdown that renders the plain-text docstring `text` as written."""
    lines = text.splitlines()
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.lstrip().startswith(">>>"):  # a doctest-style example: a console block
            block = []
            while k < len(lines) and lines[k].strip():  # the example runs to the next blank line
                block.append(lines[k].strip())
                k += 1
            out += ["", "```pycon", *block, "```", ""]
            continue
        if line.startswith("    ") and line.strip():  # an indented formula block: a code block
            block = []
            while k < len(lines) and (lines[k].startswith("    ") or not lines[k].strip()):
                block.append(lines[k])
                k += 1
            while block and not block[-1].strip():
                block.pop()
            out += ["", *block, ""]
            continue
        out.append(_line(line))
        k += 1
    return "\n".join(out).strip("\n")


class PlainDocstrings(griffe.Extension):
    """Rewrite every docstring of the loaded package as Markdown that shows the plain text."""

    def on_package(self, *, pkg: griffe.Module, **kwargs) -> None:
        seen: set[int] = set()

        def visit(obj) -> None:
            if obj.is_alias or id(obj) in seen:
                return
            seen.add(id(obj))
            if obj.docstring is not None:
                obj.docstring.value = plain_to_markdown(obj.docstring.value)
            for member in obj.members.values():
                visit(member)

        visit(pkg)
