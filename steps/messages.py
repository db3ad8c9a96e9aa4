"""Cucumber Messages (``--cucumber-messages=PATH``): the NDJSON stream Cucumber's own tools read.

Cucumber's HTML formatter, its JUnit and JSON formatters and the report services read one
stream of messages: the feature files (source, Gherkin document, pickles), the step
definitions, then each test case as it ran, step by step, with its result and attachments.
The messages are the dataclasses of the ``cucumber-messages`` package, written through its
``message_converter``; the Gherkin documents and pickles come from ``gherkin-official``, the
parser pytest-bdd itself uses.

It works as ``steps/cucumber.py`` does under pytest-xdist: the process that runs a scenario
records it from pytest-bdd's hooks, the record travels with the test report, and the process
that writes the file (the controller, or a serial run) turns the records into messages. Ids
are derived from the feature file's path and content, never drawn at random, so the same
scenario has the same ids in a serial run, a parallel run and every CI shard: shards' streams
merge into one (``python -m steps.merge_reports``), and a selection's stream is the same
however it ran but for timestamps and durations.

Attachments: the failing step's screenshot always, and with ``--html`` or ``--alluredir`` the
screenshot ``steps/reporting.py`` takes after each step (the same photograph, not another).
"""

from __future__ import annotations

import base64
import inspect
import json
import os
import platform
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from cucumber_messages import (
    Attachment,
    AttachmentContentEncoding,
    Duration,
    Envelope,
    GherkinDocument,
    Group,
    Location,
    Meta,
    Pickle,
    Product,
    Source,
    SourceMediaType,
    SourceReference,
    StepDefinition,
    StepDefinitionPattern,
    StepDefinitionPatternType,
    StepMatchArgument,
    StepMatchArgumentsList,
    TestCase,
    TestCaseFinished,
    TestCaseStarted,
    TestRunFinished,
    TestRunStarted,
    TestStep,
    TestStepFinished,
    TestStepResult,
    TestStepResultStatus,
    TestStepStarted,
    Timestamp,
    message_converter,
)
from cucumber_messages import Exception as MessageException
from gherkin.ast_builder import AstBuilder
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler
from gherkin.stream.id_generator import IdGenerator
from playwright.sync_api import Error
from pytest_bdd import parsers
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import get_step_function
from pytest_bdd.steps import StepFunctionContext

from steps.reporting import scenario_page, shared_screenshot

REPORT_ATTRIBUTE = "cucumber_messages_scenario"
IMPLEMENTATION = "traces-nt-bdd"
_RECORD = pytest.StashKey[dict]()
_STEP_CLOCK = pytest.StashKey[int]()
_SCREENSHOT_TIMEOUT_MS = 5_000
# Every derived id lives under this namespace (uuid5), so that equal inputs give equal ids.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "traces-nt-bdd/cucumber-messages")
_SUCCESSFUL_EXITS = (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("traces-nt").addoption(
        "--cucumber-messages",
        dest="cucumber_messages_path",
        metavar="PATH",
        default=None,
        help="write Cucumber Messages (NDJSON) to PATH, complete under -n; "
        "python -m steps.merge_reports merges CI shards' streams",
    )


def _on(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "cucumber_messages_path", None))


def derived_id(*parts: str) -> str:
    """An id that is the same wherever the same parts name the same thing."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def _uri(path: str | Path, root: Path) -> str:
    # From the project's root, as Cucumber writes it, wherever the file lives.
    return Path(os.path.relpath(path, root)).as_posix()


# --- The record of a scenario, made where it runs ------------------------------------------


def _definition(context: StepFunctionContext, root: Path) -> dict:
    """Where a step definition lives and what its pattern is."""
    function = inspect.unwrap(context.step_func)
    # A regular expression, or a pattern whose parameters are named in braces, as in
    # Cucumber Expressions (pytest-bdd's string, parse and cfparse parsers).
    kind = (
        StepDefinitionPatternType.regular_expression
        if isinstance(context.parser, parsers.re)
        else StepDefinitionPatternType.cucumber_expression
    )
    return {
        "uri": _uri(inspect.getsourcefile(function), root),
        "line": function.__code__.co_firstlineno,
        "source": context.parser.name,
        "type": kind.value,
    }


def _arguments(context: StepFunctionContext, text: str) -> list[tuple[int, str]]:
    """Where the step's text holds its parameters, for a report to highlight them."""
    parser = context.parser
    if isinstance(parser, parsers.re):
        found = parser.regex.fullmatch(text)
        spans = [found.span(group) for group in range(1, found.re.groups + 1)] if found else []
    elif isinstance(parser, parsers.parse):
        found = parser.parser.parse(text)
        spans = list(found.spans.values()) if found else []
    else:
        spans = []
    return [(start, text[start:end]) for start, end in sorted(spans) if start >= 0]


def _recorded_step(request: pytest.FixtureRequest, step: Step) -> dict:
    # Matched before the scenario runs, as Cucumber builds a test case: the steps a failure
    # leaves unrun still name their definition.
    context = get_step_function(request, step)
    return {
        "line": step.line_number,
        "text": step.name,
        "status": TestStepResultStatus.skipped.value,
        "definition": None if context is None else _definition(context, request.config.rootpath),
        "arguments": [] if context is None else _arguments(context, step.name),
        "started": None,
        "duration": 0,
        "error": None,
        "attachments": [],
    }


def _example_index(item: pytest.Item) -> int:
    """Which row of a Scenario Outline's examples this test runs (0 for a plain scenario)."""
    callspec = getattr(item, "callspec", None)
    return callspec.indices.get("_pytest_bdd_example", 0) if callspec else 0


def _step_record(request: pytest.FixtureRequest, step: Step) -> dict | None:
    record = request.node.stash.get(_RECORD, None)
    if record is None:
        return None
    return next((s for s in record["steps"] if s["line"] == step.line_number), None)


def _attach(entry: dict, image: bytes, media_type: str, file_name: str) -> None:
    entry["attachments"].append(
        {
            "body": base64.b64encode(image).decode(),
            "mediaType": media_type,
            "fileName": file_name,
            "timestamp": time.time_ns(),
        }
    )


def _finish(
    request: pytest.FixtureRequest, step: Step, status: TestStepResultStatus
) -> dict | None:
    entry = _step_record(request, step)
    if entry is not None:
        started = request.node.stash.get(_STEP_CLOCK, time.perf_counter_ns())
        entry["status"] = status.value
        entry["duration"] = time.perf_counter_ns() - started
    return entry


def _error(exception: BaseException) -> dict:
    kind = type(exception)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    return {
        "type": name,
        "message": str(exception),
        "stackTrace": "".join(traceback.format_exception(exception)).strip(),
    }


def pytest_bdd_before_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    if not _on(request.config):
        return
    request.node.stash[_RECORD] = {
        "uri": _uri(feature.filename, request.config.rootpath),
        "line": scenario.line_number,
        "example": _example_index(request.node),
        "started": time.time_ns(),
        "finished": None,
        # Background steps first, as in the pickle.
        "steps": [_recorded_step(request, step) for step in scenario.steps],
    }


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    if _on(request.config) and (entry := _step_record(request, step)) is not None:
        entry["started"] = time.time_ns()
        request.node.stash[_STEP_CLOCK] = time.perf_counter_ns()


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Step) -> None:
    if not _on(request.config):
        return
    entry = _finish(request, step, TestStepResultStatus.passed)
    # steps/reporting.py photographed the step (first among these hooks) if a report asked.
    image = shared_screenshot(request)
    if entry is not None and image is not None:
        _attach(entry, image, "image/jpeg", "screen.jpeg")


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step, exception: Exception) -> None:
    if not _on(request.config):
        return
    entry = _finish(request, step, TestStepResultStatus.failed)
    if entry is None:
        return
    entry["error"] = _error(exception)
    image = shared_screenshot(request)
    if image is not None:
        _attach(entry, image, "image/jpeg", "failure.jpeg")
    elif (page := scenario_page(request)) is not None:
        try:
            image = page.screenshot(type="png", timeout=_SCREENSHOT_TIMEOUT_MS)
        except Error:
            return
        _attach(entry, image, "image/png", "failure.png")


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, step: Step) -> None:
    if _on(request.config) and (entry := _step_record(request, step)) is not None:
        entry["started"] = time.time_ns()
        entry["status"] = TestStepResultStatus.undefined.value


def _close(record: dict, call: pytest.CallInfo) -> None:
    """End the record. A step that started and never ended was cut short by what pytest-bdd
    does not report (pytest.skip() leaves it skipped; any other BaseException fails it)."""
    record["finished"] = time.time_ns()
    cut_short = call.excinfo is not None and not call.excinfo.errisinstance(pytest.skip.Exception)
    for entry in record["steps"]:
        unfinished = entry["status"] == TestStepResultStatus.skipped.value
        if entry["started"] is not None and unfinished and cut_short:
            entry["status"] = TestStepResultStatus.failed.value
            entry["error"] = _error(call.excinfo.value)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Send the scenario's record with its report (to the controller, under xdist)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and _RECORD in item.stash:
        record = item.stash[_RECORD]
        _close(record, call)
        setattr(report, REPORT_ATTRIBUTE, record)


# --- Messages ---------------------------------------------------------------------------------


def timestamp(ns: int) -> Timestamp:
    return Timestamp(seconds=ns // 1_000_000_000, nanos=ns % 1_000_000_000)


def duration(ns: int) -> Duration:
    return Duration(seconds=ns // 1_000_000_000, nanos=ns % 1_000_000_000)


def _version(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def meta() -> Meta:
    return Meta(
        protocol_version=version("cucumber-messages"),
        implementation=Product(name=IMPLEMENTATION, version=_version(IMPLEMENTATION)),
        runtime=Product(name=platform.python_implementation(), version=platform.python_version()),
        os=Product(name=platform.system(), version=platform.release()),
        cpu=Product(name=platform.machine()),
    )


class _FileIds(IdGenerator):
    """The Gherkin parser's ids, named by the file and the node's rank in it: the same file
    gets the same ids in every run and every shard, whatever other files they parsed."""

    def __init__(self, uri: str):
        super().__init__()
        self.uri = uri

    def get_next_id(self) -> str:
        return derived_id(self.uri, super().get_next_id())


def _scenario_lines(document: dict) -> dict[str, int]:
    """The line of each scenario of a Gherkin document (as a dict), by the scenario's id."""
    lines = {}
    for child in document["feature"]["children"] if document.get("feature") else []:
        nested = child["rule"]["children"] if "rule" in child else [child]
        for node in nested:
            if "scenario" in node:
                lines[node["scenario"]["id"]] = node["scenario"]["location"]["line"]
    return lines


class FeatureFile:
    """A feature file as Cucumber reads it: its source, Gherkin document and pickles."""

    def __init__(self, root: Path, uri: str):
        text = (root / uri).read_text(encoding="utf-8")
        ids = _FileIds(uri)
        document = {**Parser(AstBuilder(ids)).parse(text), "uri": uri}
        pickles = Compiler(ids).compile(document)
        self.source = Source(
            data=text, media_type=SourceMediaType.text_x_cucumber_gherkin_plain, uri=uri
        )
        self.document = message_converter.from_dict(document, GherkinDocument)
        # An outline's pickles come row after row: the n-th is the n-th example pytest-bdd runs.
        lines, rank = _scenario_lines(document), Counter()
        self.pickles: dict[tuple[int, int], Pickle] = {}
        for pickle in pickles:
            line = lines[pickle["astNodeIds"][0]]
            self.pickles[line, rank[line]] = message_converter.from_dict(pickle, Pickle)
            rank[line] += 1

    def pickle(self, line: int, example: int) -> Pickle:
        try:
            return self.pickles[line, example]
        except KeyError:
            raise LookupError(
                f"{self.source.uri}:{line}: no scenario (example {example}) there; "
                "did the file change during the run?"
            ) from None


def _step_definition(definition: dict) -> StepDefinition:
    pattern = StepDefinitionPattern(
        source=definition["source"], type=StepDefinitionPatternType(definition["type"])
    )
    where = f"{definition['uri']}:{definition['line']}"
    return StepDefinition(
        id=derived_id("stepDefinition", where, definition["type"], definition["source"]),
        pattern=pattern,
        source_reference=SourceReference(
            uri=definition["uri"], location=Location(line=definition["line"])
        ),
    )


def _match_arguments(entry: dict) -> list[StepMatchArgumentsList]:
    if entry["definition"] is None:
        return []
    found = [
        StepMatchArgument(group=Group(start=start, value=value, children=[]))
        for start, value in entry["arguments"]
    ]
    return [StepMatchArgumentsList(step_match_arguments=found)]


def _result(entry: dict) -> TestStepResult:
    error = entry["error"]
    return TestStepResult(
        duration=duration(entry["duration"]),
        status=TestStepResultStatus(entry["status"]),
        # The exception as a person reads it, and as a reader of messages takes it apart.
        message=None if error is None else error["stackTrace"],
        exception=None
        if error is None
        else MessageException(
            type=error["type"], message=error["message"], stack_trace=error["stackTrace"]
        ),
    )


def scenario_messages(record: dict, pickle: Pickle, test_case_id: str) -> Iterator[Envelope]:
    """A recorded scenario's step definitions, test case and run, as messages."""
    if [step["text"] for step in record["steps"]] != [step.text for step in pickle.steps]:
        raise ValueError(f"{pickle.uri}:{record['line']}: the steps run are not the pickle's")
    definitions = [
        None if entry["definition"] is None else _step_definition(entry["definition"])
        for entry in record["steps"]
    ]
    yield from (Envelope(step_definition=d) for d in definitions if d is not None)
    test_steps = [
        TestStep(
            id=derived_id(test_case_id, pickle_step.id),
            pickle_step_id=pickle_step.id,
            step_definition_ids=[] if definition is None else [definition.id],
            step_match_arguments_lists=_match_arguments(entry),
        )
        for entry, pickle_step, definition in zip(
            record["steps"], pickle.steps, definitions, strict=True
        )
    ]
    yield Envelope(test_case=TestCase(id=test_case_id, pickle_id=pickle.id, test_steps=test_steps))
    started_id = derived_id(test_case_id, "started")
    yield Envelope(
        test_case_started=TestCaseStarted(
            attempt=0,
            id=started_id,
            test_case_id=test_case_id,
            timestamp=timestamp(record["started"]),
        )
    )
    for entry, test_step in zip(record["steps"], test_steps, strict=True):
        # A step that never ran starts and ends, skipped, when the scenario does.
        began = entry["started"] or record["finished"]
        yield Envelope(
            test_step_started=TestStepStarted(
                test_case_started_id=started_id,
                test_step_id=test_step.id,
                timestamp=timestamp(began),
            )
        )
        for attachment in entry["attachments"]:
            yield Envelope(
                attachment=Attachment(
                    body=attachment["body"],
                    content_encoding=AttachmentContentEncoding.base64,
                    media_type=attachment["mediaType"],
                    file_name=attachment["fileName"],
                    test_case_started_id=started_id,
                    test_step_id=test_step.id,
                    timestamp=timestamp(attachment["timestamp"]),
                )
            )
        yield Envelope(
            test_step_finished=TestStepFinished(
                test_case_started_id=started_id,
                test_step_id=test_step.id,
                test_step_result=_result(entry),
                timestamp=timestamp(began + entry["duration"]),
            )
        )
    yield Envelope(
        test_case_finished=TestCaseFinished(
            test_case_started_id=started_id,
            timestamp=timestamp(record["finished"]),
            will_be_retried=False,
        )
    )


# --- The stream -------------------------------------------------------------------------------


class DuplicateTestCase(ValueError):
    """Two runs of one scenario in streams that should share none (shards of one run)."""


def _kind(envelope: Envelope) -> str:
    [kind] = [name for name, value in vars(envelope).items() if value is not None]
    return kind


class MessageStream:
    """The messages of one test run, written in Cucumber's order whatever order they came in.

    Definitions (sources, documents, pickles, step definitions) are kept once by id, so that
    streams of CI shards merge; each test case's run is kept whole, and test cases come in
    the order of their feature files and lines, so the same selection gives the same stream
    serially, in parallel or in shards.
    """

    def __init__(self) -> None:
        self.meta: Meta | None = None
        self.sources: dict[str, Source] = {}
        self.documents: dict[str, GherkinDocument] = {}
        self.pickles: dict[str, Pickle] = {}
        self.step_definitions: dict[str, StepDefinition] = {}
        self.run_started: TestRunStarted | None = None
        self.run_finished: TestRunFinished | None = None
        self.test_cases: dict[str, TestCase] = {}
        # By TestCaseStarted id: that attempt's messages, TestCaseStarted to TestCaseFinished.
        self.attempts: dict[str, list[Envelope]] = {}

    def add(self, envelope: Envelope) -> None:
        kind = _kind(envelope)
        message = getattr(envelope, kind)
        if kind == "meta":
            self.meta = self.meta or message
        elif kind == "source":
            self.sources.setdefault(message.uri, message)
        elif kind == "gherkin_document":
            self.documents.setdefault(message.uri, message)
        elif kind == "pickle":
            self.pickles.setdefault(message.id, message)
        elif kind == "step_definition":
            self.step_definitions.setdefault(message.id, message)
        elif kind == "test_run_started":
            self._run_started(message)
        elif kind == "test_run_finished":
            self._run_finished(message)
        elif kind == "test_case":
            if message.id in self.test_cases:
                pickle = self.pickles.get(message.pickle_id)
                where = f"{pickle.uri}: {pickle.name}" if pickle else message.pickle_id
                raise DuplicateTestCase(f"{where} ran more than once")
            self.test_cases[message.id] = message
        elif kind == "test_case_started":
            self.attempts[message.id] = [envelope]
        elif kind in {
            "test_step_started",
            "test_step_finished",
            "attachment",
            "test_case_finished",
        }:
            self.attempts[message.test_case_started_id].append(envelope)
        else:
            raise ValueError(f"no place for a {kind} message in this stream")

    def _run_started(self, message: TestRunStarted) -> None:
        # Shards' runs make one: the first to start names it.
        if self.run_started is None or _ns(message.timestamp) < _ns(self.run_started.timestamp):
            self.run_started = message

    def _run_finished(self, message: TestRunFinished) -> None:
        if self.run_finished is None:
            self.run_finished = message
            return
        last = max(message.timestamp, self.run_finished.timestamp, key=_ns)
        success = message.success and self.run_finished.success
        self.run_finished = replace(self.run_finished, success=success, timestamp=last)

    def _pickle_order(self, pickle_id: str) -> tuple[str, int]:
        pickle = self.pickles[pickle_id]
        return pickle.uri, pickle.location.line if pickle.location else 0

    def envelopes(self) -> Iterator[Envelope]:
        if self.meta is not None:
            yield Envelope(meta=self.meta)
        pickles = sorted(self.pickles.values(), key=lambda p: self._pickle_order(p.id))
        for uri in sorted(self.sources):
            yield Envelope(source=self.sources[uri])
            if uri in self.documents:
                yield Envelope(gherkin_document=self.documents[uri])
            yield from (Envelope(pickle=p) for p in pickles if p.uri == uri)
        for definition in sorted(self.step_definitions.values(), key=_definition_order):
            yield Envelope(step_definition=definition)
        run_id = self.run_started.id if self.run_started else None
        if self.run_started is not None:
            yield Envelope(test_run_started=self.run_started)
        test_cases = sorted(
            self.test_cases.values(), key=lambda c: (*self._pickle_order(c.pickle_id), c.id)
        )
        for test_case in test_cases:
            yield Envelope(test_case=replace(test_case, test_run_started_id=run_id))
        attempts_of = {}
        for attempt in self.attempts.values():
            attempts_of.setdefault(attempt[0].test_case_started.test_case_id, []).append(attempt)
        for test_case in test_cases:
            for attempt in sorted(attempts_of.get(test_case.id, []), key=_attempt_number):
                yield from attempt
        if self.run_finished is not None:
            yield Envelope(test_run_finished=replace(self.run_finished, test_run_started_id=run_id))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            for envelope in self.envelopes():
                out.write(to_json(envelope) + "\n")

    @classmethod
    def read(cls, paths: Iterable[Path]) -> MessageStream:
        """One stream of every message of the NDJSON files ``paths``."""
        stream = cls()
        for path in paths:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    stream.add(message_converter.from_dict(json.loads(line), Envelope))
        return stream


def to_json(envelope: Envelope) -> str:
    return json.dumps(
        message_converter.to_dict(envelope), ensure_ascii=False, separators=(",", ":")
    )


def _ns(moment: Timestamp) -> int:
    return moment.seconds * 1_000_000_000 + moment.nanos


def _definition_order(definition: StepDefinition) -> tuple:
    reference = definition.source_reference
    return reference.uri or "", reference.location.line if reference.location else 0, definition.id


def _attempt_number(attempt: list[Envelope]) -> int:
    return attempt[0].test_case_started.attempt


# --- The report -------------------------------------------------------------------------------


class CucumberMessagesReport:
    """Turns the scenarios of every report into messages, and writes them as one stream."""

    def __init__(self, path: str, root: Path):
        self.path = Path(path).expanduser().resolve()
        self.root = root
        self.stream = MessageStream()
        self.files: dict[str, FeatureFile] = {}
        self.runs_of: Counter[str] = Counter()
        self.stream.add(Envelope(meta=meta()))
        started = TestRunStarted(timestamp=timestamp(time.time_ns()), id=str(uuid.uuid4()))
        self.stream.add(Envelope(test_run_started=started))

    def _feature_file(self, uri: str) -> FeatureFile:
        if uri not in self.files:
            self.files[uri] = feature = FeatureFile(self.root, uri)
            self.stream.add(Envelope(source=feature.source))
            self.stream.add(Envelope(gherkin_document=feature.document))
        return self.files[uri]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = getattr(report, REPORT_ATTRIBUTE, None)
        if report.when != "call" or record is None:
            return
        pickle = self._feature_file(record["uri"]).pickle(record["line"], record["example"])
        # Only the pickles that ran: a stream's every pickle has its test case.
        self.stream.add(Envelope(pickle=pickle))
        # A scenario bound twice (two modules naming one feature) runs twice: two test cases.
        runs = self.runs_of[pickle.id]
        self.runs_of[pickle.id] += 1
        test_case_id = derived_id("testCase", pickle.id, *([str(runs)] if runs else []))
        for envelope in scenario_messages(record, pickle, test_case_id):
            self.stream.add(envelope)

    def pytest_sessionfinish(self, exitstatus: int) -> None:
        finished = TestRunFinished(
            success=exitstatus in _SUCCESSFUL_EXITS, timestamp=timestamp(time.time_ns())
        )
        self.stream.add(Envelope(test_run_finished=finished))
        self.stream.write(self.path)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        terminalreporter.write_sep("-", f"Cucumber Messages: {self.path}")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    path = getattr(config.option, "cucumber_messages_path", None)
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(
            CucumberMessagesReport(path, config.rootpath), "traces-cucumber-messages"
        )
