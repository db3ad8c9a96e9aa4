"""``python -m mock_portal``: its options and how they reach the portal's settings."""

import subprocess
import sys

import pytest

from mock_portal import __main__ as cli


def test_help_lists_the_options():
    result = subprocess.run(
        [sys.executable, "-m", "mock_portal", "--help"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("usage: python -m mock_portal")
    for option in ("--host", "--port", "--db", "--seed", "--admin"):
        assert option in result.stdout


def test_defaults_serve_locally_on_port_5000_without_control_api():
    args = cli.parse_args([])
    assert (args.host, args.port, args.db, args.seed, args.admin) == (
        "127.0.0.1",
        5000,
        None,
        None,
        False,
    )


def test_flags_are_read():
    args = cli.parse_args(
        ["--host", "0.0.0.0", "--port", "0", "--db", "sqlite:///x.db", "--seed", "7", "--admin"]
    )
    assert (args.host, args.port, args.db, args.seed, args.admin) == (
        "0.0.0.0",
        0,
        "sqlite:///x.db",
        7,
        True,
    )


@pytest.mark.parametrize("argv", [["--port", "http"], ["--seed", "many"], ["--unknown"]])
def test_bad_flags_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.parse_args(argv)
    assert exit_.value.code == 2


class _StoppedServer:
    port = 5123

    def serve_forever(self):
        raise KeyboardInterrupt


@pytest.fixture
def started(monkeypatch):
    """Run ``main`` without serving: record the settings and the listening address."""
    seen = {}

    def create_app(config):
        seen["config"] = config
        return object()

    def make_server(host, port, app, threaded):
        seen["address"] = (host, port, threaded)
        return _StoppedServer()

    monkeypatch.setattr(cli, "create_app", create_app)
    monkeypatch.setattr(cli, "make_server", make_server)
    return seen


def test_flags_become_portal_settings(started, capsys):
    cli.main(["--db", "sqlite:///x.db", "--seed", "7", "--admin", "--port", "0"])
    assert started["config"] == {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///x.db",
        "FAKER_SEED": 7,
        "ADMIN_API": True,
    }
    assert started["address"] == ("127.0.0.1", 0, True)
    out = capsys.readouterr().out
    assert "EU Login:        http://127.0.0.1:5123/cas/login" in out
    assert "http://127.0.0.1:5123/training/tracesnt/login" in out
    assert "Control API:     http://127.0.0.1:5123/__admin/" in out


def test_without_flags_the_settings_are_left_to_the_defaults(started, capsys):
    cli.main([])
    assert started["config"] == {}
    assert "Control API:     off" in capsys.readouterr().out


def test_seed_zero_is_passed_on(started, capsys):
    cli.main(["--seed", "0"])
    assert started["config"] == {"FAKER_SEED": 0}


def test_addresses_printed_for_all_interfaces_are_local(started, capsys):
    cli.main(["--host", "0.0.0.0"])
    assert "EU Login:        http://127.0.0.1:5123/cas/login" in capsys.readouterr().out
