"""TRACES NT, a CAS client of EU Login, mounted once per environment."""

from flask import Blueprint, Flask

from .environments import ENVIRONMENTS, current_environment

bp = Blueprint("traces", __name__)

from . import views  # noqa: E402, F401  (routes attach to bp)


def register_environments(app: Flask) -> None:
    """Mount TRACES NT at each environment's path, each with its own name."""
    for environment in ENVIRONMENTS:
        app.register_blueprint(bp, name=environment.endpoint, url_prefix=environment.prefix)

    @app.context_processor
    def environment_context():
        from flask import request

        if request.blueprint and request.blueprint.startswith("traces_"):
            from .auth import current_user

            return {"environment": current_environment(), "traces_user": current_user()}
        return {}
