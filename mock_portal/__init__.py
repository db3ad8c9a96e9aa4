"""A mock of EU Login (a CAS server) and TRACES NT (its client), for BDD suites.

``create_app`` is the only entry point; ``python -m mock_portal`` serves it, and
``mock_portal.wsgi:app`` is the same portal for a WSGI server such as gunicorn.
"""

import os
from pathlib import Path

from flask import Flask

from .config import Config
from .extensions import babel, csrf, db


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: EU Login, the TRACES NT environments, mailbox and control API.

    ``config`` overrides the settings of :class:`Config`; its ``INSTANCE_PATH`` (or
    ``$MOCK_PORTAL_INSTANCE``) names the folder that holds the secret key and the
    default SQLite file.
    """
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None) or os.environ.get("MOCK_PORTAL_INSTANCE")
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
    )
    app.config.from_object(Config)
    app.config.from_mapping(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path, 'portal.db')}"
    if not app.config["SECRET_KEY"]:
        from .instance import secret_key

        app.config["SECRET_KEY"] = secret_key(app.instance_path)

    from . import (
        admin,
        database,
        errors,
        guards,
        health,
        i18n,
        mailbox,
        public_url,
        retention,
        seed,
        static_files,
    )
    from .eulogin import bp as eulogin_bp
    from .mobile_app import bp as mobile_app_bp
    from .traces import register_environments

    public_url.init_app(app)
    health.init_app(app)  # wraps the Host check: balancers call it by any address
    guards.init_app(app)  # before the blueprints: their routes use its converter
    static_files.init_app(app)
    database.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    app.register_blueprint(eulogin_bp)
    register_environments(app)
    app.register_blueprint(mailbox.bp)
    app.register_blueprint(mobile_app_bp)
    app.register_blueprint(admin.bp)
    csrf.exempt(admin.bp)
    errors.init_app(app)
    retention.init_app(app)  # the daily purge, when --retain-days asks for one

    with app.app_context():
        seed.ensure_seeded()
        # No connection is left open for a forking server (gunicorn --preload) to share.
        db.engine.dispose()
    return app


__all__ = ["babel", "create_app"]
