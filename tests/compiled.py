"""What the tests' portals share: compiled URL builders and compiled templates.

Each Flask test builds a fresh portal, as flaskr's tests do, some 2,000 a run. Building one
is mostly werkzeug compiling, for each of the portal's 110 URL rules, two ``url_for``
builders with Python's own compiler (nine tenths of ``create_app``); rendering its first
pages is mostly Jinja compiling templates. Neither depends on the portal: a builder is a
function of its rule alone (it reads the rule's converters through ``self`` when called),
a template's code a function of its source. So the test process compiles each once and
every portal reuses it. The URL builders are shared for every app of a test process, the
portal a worker serves to its browser scenarios included (the same builders, compiled
once); the portal run any other way (``python -m mock_portal``, the classroom's gunicorn)
is left alone.
"""

from __future__ import annotations

import inspect

from flask import Flask
from jinja2 import BytecodeCache
from werkzeug.routing import Rule

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


def share_url_builders() -> None:
    """Let every Flask app of this process reuse the URL builders compiled before."""
    # Only over the signature this was written for: another werkzeug keeps its own way.
    if list(inspect.signature(_compile_builder).parameters) == ["self", "append_unknown"]:
        Rule._compile_builder = _shared_builder


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


def share_templates(app: Flask) -> Flask:
    """Let ``app`` reuse the templates other apps of this process compiled."""
    app.jinja_env.bytecode_cache = _TEMPLATES
    return app
