"""What the tests' portals share (tests/compiled.py) is shared without mixing their data,
and routes as werkzeug's own parsing would."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.routing import Rule

from mock_portal.eulogin.models import Account
from mock_portal.extensions import db
from tests import compiled

NOBODY = "Zébulon-Compilé"


def _count(app) -> tuple[int, bool]:
    """How many accounts of ``app`` bear NOBODY's name, and whether the statement's SQL
    came from the cache."""
    with app.app_context():
        statement = select(func.count()).select_from(Account).where(Account.first_name == NOBODY)
        result = db.session.connection().execute(statement)
        count = result.scalar_one()
        hit = result.context.cache_hit == result.context.dialect.CACHE_HIT
        db.session.remove()
    return count, hit


def test_portals_share_a_statements_sql_and_each_reads_its_own_database(make_app, portal):
    first, second = make_app(), make_app()
    with first.app_context():
        engine = db.engine
    with second.app_context():
        assert db.engine.dialect is engine.dialect
        assert db.engine._compiled_cache is engine._compiled_cache
    portal.create_account(email="zebulon@example.com", first_name=NOBODY)
    counts = [_count(app) for app in (portal.app, first, second)]
    # Compiled once (by whichever portal ran it first), then found in the cache by the others;
    # each counts in its own database.
    assert [count for count, _ in counts] == [1, 0, 0]
    assert [hit for _, hit in counts][1:] == [True, True]


def test_rules_parsed_once_are_the_rules_werkzeug_parses(app):
    reused = [rule for rule in app.url_map.iter_rules() if rule.arguments]
    assert reused, "the portal has no rule with a variable part"
    for rule in reused:
        fresh = Rule(rule.rule, endpoint=rule.endpoint)
        fresh.map, fresh._trace, fresh._converters = app.url_map, [], {}
        parts = list(compiled._parse_rule(fresh, rule.rule))
        assert [part.content for part in rule._parts[1:]] == [part.content for part in parts]
        assert rule._trace[1:] == fresh._trace
        assert {name: type(c) for name, c in rule._converters.items()} == {
            name: type(c) for name, c in fresh._converters.items()
        }
        # Each rule has converters of its own map, as werkzeug makes them.
        assert all(c.map is app.url_map for c in rule._converters.values())
    assert Rule._parse_rule is compiled._shared_parse
