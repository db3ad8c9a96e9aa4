"""TRACES NT, a CAS client of EU Login, mounted once per environment."""

from flask import Blueprint, Flask, request

from .environments import ENVIRONMENTS, current_environment

bp = Blueprint("traces", __name__)

from . import operator_views, review_views, role_views, views  # noqa: E402, F401  (routes attach to bp)


def register_environments(app: Flask) -> None:
    """Mount TRACES NT at each environment's path, each with its own name."""
    for environment in ENVIRONMENTS:
        app.register_blueprint(bp, name=environment.endpoint, url_prefix=environment.prefix)

    @app.context_processor
    def environment_context():
        if not (request.blueprint or "").startswith("traces_"):
            return {}
        from . import referential
        from .activities import operator_access
        from .auth import current_user
        from .roles import KIND_LABELS, STATUS_LABELS, authority_countries, can_review

        user = current_user()
        return {
            "environment": current_environment(),
            "traces_user": user,
            "can_review": bool(user and can_review(user)),
            "is_authority": bool(user and authority_countries(user)),
            "operator_access": lambda operator: user and operator_access(user, operator),
            "country_label": referential.country_label,
            "section_of": referential.section,
            "status_labels": STATUS_LABELS,
            "kind_labels": KIND_LABELS,
        }
