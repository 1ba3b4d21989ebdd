"""The ``workbench report`` and ``workbench app`` commands."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from workbench.cli import app_notebook, main, write_app_notebook

HOSTILE = Path(__file__).parent / "fixtures" / "hostile-event"


def _dashboard_argument(notebook: dict) -> object:
    """The value the app cell passes to ``dashboard``, read by parsing the cell."""
    (cell,) = notebook["cells"]
    module = ast.parse(cell["source"])
    imports, call = module.body
    assert ast.unparse(imports) == "from workbench.dashboards import dashboard"
    assert isinstance(call, ast.Expr) and ast.unparse(call.value.func) == "dashboard"
    (argument,) = call.value.args
    return ast.literal_eval(argument)


@pytest.mark.parametrize(
    "path",
    [
        "corpora/sumy-strike-2025",
        'evil"); import os; os.system("x"); ("',
        "back\\slash\nnew line '''\"\"\" {{ template }}",
    ],
)
def test_app_notebook_passes_any_path_as_one_string_literal(path):
    notebook = app_notebook(path)
    assert _dashboard_argument(notebook) == path
    assert notebook["nbformat"] == 4
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_write_app_notebook_uses_the_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "event").mkdir()
    (tmp_path / "app").mkdir()
    written = write_app_notebook("event", tmp_path / "app")
    assert written == tmp_path / "app" / "workbench-app.ipynb"
    notebook = json.loads(written.read_text(encoding="utf-8"))
    assert _dashboard_argument(notebook) == str(tmp_path / "event")


def test_app_refuses_a_missing_event_before_starting_a_server(tmp_path, capsys):
    assert main(["app", str(tmp_path / "nowhere"), "--no-browser"]) == 2
    error = capsys.readouterr().err
    assert "nowhere" in error and "Fix:" in error


def test_report_command_writes_the_report_and_the_figures(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(HOSTILE), "-o", str(out), "--figures", str(tmp_path / "f")]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert {path.suffix for path in (tmp_path / "f").iterdir()} == {".png", ".svg"}
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed


def test_report_command_names_a_missing_event(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.html")]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
