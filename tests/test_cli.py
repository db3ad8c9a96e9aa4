"""``python -m mock_portal``: its options and how they reach the portal's settings."""

import os
import subprocess
import sys

import pytest
import requests

from mock_portal import __main__ as cli
from process_check import stop_group


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


class _App:
    def __init__(self, config, instance_path):
        self.config = dict(config)
        self.instance_path = instance_path


@pytest.fixture
def started(monkeypatch, tmp_path):
    """Run ``main`` without serving: record the settings, the app and the listening address."""
    seen = {}
    monkeypatch.delenv("MOCK_PORTAL_SECRET_KEY", raising=False)
    monkeypatch.delenv("MOCK_PORTAL_CAS_SERVICES", raising=False)
    monkeypatch.setattr(cli.Config, "CAS_SERVICES", [])

    def create_app(config):
        seen["config"] = config
        seen["app"] = _App(config, tmp_path)
        return seen["app"]

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


def test_public_url_defaults_to_the_address_listened_on(started, capsys):
    cli.main(["--port", "0"])
    assert started["app"].config["PUBLIC_URL"] == "http://127.0.0.1:5123"


def test_public_url_is_the_one_given(started, capsys):
    cli.main(["--host", "0.0.0.0", "--public-url", "http://Trainer-Laptop.local:5123/"])
    assert started["app"].config["PUBLIC_URL"] == "http://trainer-laptop.local:5123"
    assert "EU Login:        http://trainer-laptop.local:5123/cas/login" in capsys.readouterr().out


def test_every_address_without_a_public_url_is_refused(started, capsys):
    with pytest.raises(SystemExit) as refused:
        cli.main(["--host", "0.0.0.0"])
    assert "--public-url" in str(refused.value.code)
    assert "config" not in started


@pytest.mark.parametrize("url", ["ftp://host/", "http://host:5000/portal", "http://host:port"])
def test_a_public_url_that_is_no_origin_is_refused(started, url):
    with pytest.raises(SystemExit) as refused:
        cli.main(["--public-url", url])
    assert url in str(refused.value.code)
    assert "config" not in started


def test_services_and_hosts_are_registered(started, capsys):
    cli.main(
        [
            "--service",
            "https://ci.example/app/",
            "--service",
            "http://127.0.0.1:8080/",
            "--allowed-host",
            "portal.lan:5000",
            "--classroom",
        ]
    )
    assert started["config"] == {
        "CAS_SERVICES": ["https://ci.example/app/", "http://127.0.0.1:8080/"],
        "ALLOWED_HOSTS": ["portal.lan:5000"],
        "CLASSROOM": True,
    }


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_admin_on_a_network_address_is_refused(started, host):
    with pytest.raises(SystemExit) as refused:
        cli.main(["--host", host, "--admin", "--public-url", "http://portal.lan:5000"])
    assert cli.UNSAFE_ADMIN_FLAG in str(refused.value.code)
    assert "config" not in started


def test_admin_on_a_network_address_starts_with_the_loud_flag(started, capsys):
    cli.main(
        ["--host", "0.0.0.0", "--admin", cli.UNSAFE_ADMIN_FLAG, "--public-url", "http://p.lan:5123"]
    )
    assert started["config"]["ADMIN_API"] is True


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_admin_on_loopback_needs_no_flag(started, capsys, host):
    cli.main(["--host", host, "--admin"])
    assert started["config"]["ADMIN_API"] is True


def test_each_start_signs_with_a_new_secret_key(started, capsys, tmp_path):
    cli.main([])
    first = started["app"].config["SECRET_KEY"]
    cli.main([])
    second = started["app"].config["SECRET_KEY"]
    assert len(first) >= 32 and first != second
    assert (tmp_path / "secret_key").read_text() == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_secret_key_from_the_environment_is_kept(started, capsys, monkeypatch):
    monkeypatch.setenv("MOCK_PORTAL_SECRET_KEY", "k" * 40)
    cli.main([])
    assert "SECRET_KEY" not in started["app"].config


def test_services_can_be_registered_from_the_environment():
    environment = dict(os.environ, MOCK_PORTAL_CAS_SERVICES="https://ci.example/app/, http://x/")
    script = "from mock_portal.config import Config; print(Config.CAS_SERVICES)"
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['https://ci.example/app/', 'http://x/']"


@pytest.fixture
def served(tmp_path):
    """``python -m mock_portal`` as a person starts it, with a service of their own."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_PORTAL_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mock_portal",
            "--port",
            "0",
            "--instance",
            str(tmp_path),
            "--service",
            "http://127.0.0.1:8089/my-app/",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        start_new_session=True,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("EU Login:"), first + process.stdout.read()
        yield first.split()[-1].removesuffix("/cas/login")
    finally:
        stop_group(process, timeout=30)
        process.stdout.close()


def test_a_service_given_on_the_command_line_gets_its_redirect(served):
    service = "http://127.0.0.1:8089/my-app/callback"
    answer = requests.get(
        f"{served}/cas/login",
        params={"service": service, "gateway": "true"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == service
    refused = requests.get(
        f"{served}/cas/login", params={"service": "http://127.0.0.1:8089/other/"}, timeout=10
    )
    assert refused.status_code == 403
