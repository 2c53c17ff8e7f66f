"""SMTP settings: environment first, then the [smtp] table of TISSER_CONFIG."""

from __future__ import annotations

from pathlib import Path

import pytest

from tisser.core.errors import InvalidInput
from tisser.mail import smtp_settings


def test_environment_wins_over_the_file(tmp_path: Path) -> None:
    config = tmp_path / "tisser.toml"
    config.write_text(
        '[smtp]\nhost = "smtp.example.org"\nport = 2525\nuser = "helene"\nstarttls = false\n'
        'from = "h@example.org"\n',
        encoding="utf-8",
    )
    env = {"TISSER_CONFIG": str(config), "TISSER_SMTP_PORT": "587", "TISSER_SMTP_STARTTLS": "oui"}
    s = smtp_settings(env)
    assert (s.host, s.port, s.user, s.sender, s.starttls) == (
        "smtp.example.org",
        587,
        "helene",
        "h@example.org",
        True,
    )
    assert smtp_settings({}).port == 587 and smtp_settings({}).starttls is True


@pytest.mark.parametrize(
    ("text", "env", "where"),
    [
        ("[smtp\nhost=1", {}, "TOML"),
        ('[smtp]\nport = "abc"\n', {}, "port"),
        ("[smtp]\nport = 70000\n", {}, "range"),
        ("smtp = 3\n", {}, "table"),
        ("[smtp]\n", {"TISSER_SMTP_STARTTLS": "peut-être"}, "yes or no"),
    ],
)
def test_bad_settings_are_one_clear_error(tmp_path: Path, text: str, env: dict, where: str) -> None:
    config = tmp_path / "tisser.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        smtp_settings({"TISSER_CONFIG": str(config), **env})
    assert where in caught.value.one_line()


def test_missing_config_file_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        smtp_settings({"TISSER_CONFIG": "/nonexistent/tisser.toml"})
    assert "/nonexistent/tisser.toml" in caught.value.one_line()
