"""The README documents every CLI command and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

from etl.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def cli_commands() -> list[str]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return list(sub.choices)


def test_every_cli_command_is_in_the_readme():
    missing = [name for name in cli_commands() if f"doanthe {name}" not in README]
    assert not missing, f"README lacks: {missing}"


def test_readme_gives_the_two_setup_commands():
    assert "make run" in README and "make test" in README
