"""The portal's clock read once per request, and read again wherever it changes."""

from datetime import timedelta

from sqlalchemy import event, update

from mock_portal import clock
from mock_portal.extensions import db
from mock_portal.models import ClockOffset
from mock_portal.seed import reset_portal

from .conftest import PASSWORD
from .html_page import page


def _clock_reads(app) -> list[str]:
    """The statements that read the clock's table, as the engine sends them."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if "clock_offset" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listen)
    return seen


def test_a_sign_in_reads_the_clock_once(app, client, portal):
    portal.create_account()
    form = page(client.get("/cas/login"))
    reads = _clock_reads(app)
    signed_in = client.post(
        "/cas/login",
        data={
            "csrf_token": form.csrf_token(),
            "email": "marie.dupont@example.com",
            "password": PASSWORD,
            "method": "password",
        },
    )
    # Lockout, the SSO session and its expiry each read the row again after each commit.
    assert signed_in.status_code == 200, signed_in.get_data(as_text=True)[:500]
    assert len(reads) == 1, reads


def test_moving_the_clock_shows_at_once_in_the_same_request(app):
    with app.app_context():
        before = clock.now()
        clock.advance(timedelta(days=2))
        assert clock.now() - before >= timedelta(days=2)
        clock.freeze(True)
        assert clock.is_frozen()
        stood = clock.now()
        clock.advance(timedelta(minutes=5))
        assert clock.now() == stood + timedelta(minutes=5)


def test_a_reset_in_the_same_request_seeds_on_the_real_time(app):
    with app.app_context():
        clock.advance(timedelta(days=30))
        clock.freeze(True)
        reset_portal()
        assert not clock.is_frozen()
        assert abs(clock.offset()) < timedelta(seconds=5)


def test_a_reading_lasts_one_request(app):
    with app.app_context():
        assert abs(clock.offset()) < timedelta(seconds=5)
        # Another worker moves the clock meanwhile: this request keeps the time it read...
        db.session.execute(update(ClockOffset).values(seconds=3 * 3600))
        db.session.commit()
        assert abs(clock.offset()) < timedelta(seconds=5)
    with app.app_context():
        # ...and the next one reads the move.
        assert abs(clock.offset() - timedelta(hours=3)) < timedelta(seconds=5)
