"""The seeded state: what a fresh portal holds, and what reset restores exactly."""

from flask import current_app

from .extensions import db


def reset_portal() -> None:
    """Drop every record and rebuild the seeded state."""
    db.session.remove()
    db.drop_all()
    db.create_all()
    _seed(current_app.config["FAKER_SEED"])


def ensure_seeded() -> None:
    """Create the tables and seed them on first start; keep existing data otherwise."""
    from .models import ClockOffset

    db.create_all()
    if db.session.get(ClockOffset, 1) is None:
        _seed(current_app.config["FAKER_SEED"])


def _seed(faker_seed: int) -> None:
    from .models import ClockOffset
    from .traces.seeddata import seed_traces

    db.session.add(ClockOffset(id=1, seconds=0))
    seed_traces(faker_seed)
    db.session.commit()
