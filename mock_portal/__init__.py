"""A mock of EU Login (a CAS server) and TRACES NT (its client), for BDD suites.

``create_app`` is the only entry point; ``python -m mock_portal`` serves it.
"""

from pathlib import Path

from flask import Flask

from .config import Config
from .extensions import babel, csrf, db


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: EU Login, the TRACES NT environments, mailbox and control API."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if config:
        app.config.from_mapping(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path, 'portal.db')}"

    db.init_app(app)
    csrf.init_app(app)

    from . import admin, errors, i18n, mailbox, seed
    from .eulogin import bp as eulogin_bp
    from .traces import register_environments

    i18n.init_app(app)
    app.register_blueprint(eulogin_bp)
    register_environments(app)
    app.register_blueprint(mailbox.bp)
    app.register_blueprint(admin.bp)
    csrf.exempt(admin.bp)
    errors.init_app(app)

    with app.app_context():
        seed.ensure_seeded()
    return app


__all__ = ["babel", "create_app"]
