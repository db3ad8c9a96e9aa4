"""What the tests' portals share: parsed URL rules, compiled URL builders, templates and
SQL statements.

Each Flask test builds a fresh portal, as flaskr's tests do, some 2,000 a run. Building one
is mostly werkzeug parsing each of the portal's 110 URL rules and compiling two ``url_for``
builders for it with Python's own compiler; rendering its first pages is mostly Jinja
compiling templates, and running its first queries SQLAlchemy compiling statements (a
quarter of a test on a fresh portal). None depends on the portal: a rule's parts are a
function of its text and its map's converters, a builder of its rule alone (it reads the
rule's converters through ``self`` when called), a template's code of its source, a
statement's SQL of the statement and the database's dialect. So the test process makes
each once and every portal reuses it.

The URL rules and builders are shared by every app of a test process, the portal a worker
serves to its browser scenarios included; the templates and statements by the apps the
tests build. The portal run any other way (``python -m mock_portal``, the classroom's
gunicorn) is left alone.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

from flask import Flask
from jinja2 import BytecodeCache
from sqlalchemy.engine import Dialect
from sqlalchemy.util import LRUCache
from werkzeug.routing import Rule

from mock_portal.extensions import db

_compile_builder = Rule._compile_builder
_builders: dict[tuple, object] = {}


def _builder_key(rule: Rule, append_unknown: bool) -> tuple:
    # Defaults and converters are part of the key: a default value in the path is folded
    # into the builder as a constant, and a converter's class decides its arguments.
    converters = tuple((name, type(c).__qualname__) for name, c in rule._converters.items())
    defaults = repr(sorted((rule.defaults or {}).items(), key=lambda item: item[0]))
    trace = tuple(rule._trace)
    return (rule.rule, rule.subdomain, rule.host, trace, converters, defaults, append_unknown)


def _shared_builder(self: Rule, append_unknown: bool = True):
    key = _builder_key(self, append_unknown)
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile_builder(self, append_unknown)
    return builder


_parse_rule = Rule._parse_rule
# A parsed rule, by its text and its map's converters: its parts, what it adds to the rule's
# trace, and the converters it makes (made again for each rule: a converter knows its map).
_parsed: dict[tuple, tuple[list, list, list]] = {}


def _shared_parse(self: Rule, rule: str) -> Iterable:
    key = (rule, frozenset(self.map.converters.items()))
    parsed = _parsed.get(key)
    if parsed is None:
        made = []
        own_converter = self.get_converter

        def recording(variable, converter, args, kwargs):
            made.append((variable, converter, args, kwargs))
            return own_converter(variable, converter, args, kwargs)

        self.get_converter = recording
        try:
            start = len(self._trace)
            parts = list(_parse_rule(self, rule))
        finally:
            del self.get_converter
        parsed = _parsed[key] = (parts, self._trace[start:], made)
        return parts
    parts, trace, made = parsed
    self._trace.extend(trace)
    for variable, converter, args, kwargs in made:
        self._converters[variable] = self.get_converter(variable, converter, args, kwargs)
        self.arguments.add(variable)
    return list(parts)


def share_url_builders() -> None:
    """Let every Flask app of this process reuse the URL rules parsed and the URL builders
    compiled before."""
    # Only over the signatures this was written for: another werkzeug keeps its own way.
    if list(inspect.signature(_compile_builder).parameters) == ["self", "append_unknown"]:
        Rule._compile_builder = _shared_builder
    if list(inspect.signature(_parse_rule).parameters) == ["self", "rule"]:
        Rule._parse_rule = _shared_parse


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept across the tests' apps."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        # The key covers the template's name and source, so an edited template recompiles.
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _SharedBytecode()


# SQLAlchemy keys a compiled statement by the dialect object itself, and each engine has
# its own: the engines of one kind of database share the first one's (the same settings,
# the same server), and one cache of statements.
_DIALECTS: dict[tuple[str, str], Dialect] = {}
_STATEMENTS = LRUCache(5000)


def _share_statements(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    dialect = _DIALECTS.setdefault((engine.dialect.name, engine.dialect.driver), engine.dialect)
    engine.dialect = engine.pool._dialect = dialect
    engine._compiled_cache = _STATEMENTS


def share_compiled(app: Flask) -> Flask:
    """Let ``app`` reuse the templates and SQL statements other apps of this process
    compiled."""
    app.jinja_env.bytecode_cache = _TEMPLATES
    _share_statements(app)
    return app
