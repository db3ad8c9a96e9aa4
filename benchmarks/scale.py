"""A portal after a year of CI: filled with the data of many scenario runs, then under load.

    ./dev scale [--runs 10000] [--authorities 2] [--trainees 50] [--spawn-rate 2]
                [--think-time 2-6] [--run-time 300] [--workers N] [--threads N]

Starts the classroom portal (as ``./dev load`` does), fills its database straight through
SQLAlchemy Core, not through HTTP, with what ``--runs`` scenario runs leave behind over a year:
EU Login accounts (with a password hash, a cheap one: the live load uses the real one),
spent password links, SSO sessions and tickets, TRACES NT users, role requests (many still
pending for the seeded authorities), operators and activities created, and the mail of it
all, as much of it as the mailbox keeps (the newest ``MAILBOX_MAX``). Then Locust trainees do
the guide's journey while ``--authorities`` authority officers (the seeded Belgian one) page
through their requests and validate some. Last, one on-demand purge of what is older than 30
days, through the control API. It prints the fill's time and rows, every step's p95 against
the 200 ms target, the purge's time and rows, and checks that everything the portal
confirmed to a trainee is in the database.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from benchmarks.load import (  # noqa: E402
    LOCUST,
    add_load_options,
    classroom_options,
    report,
    run_load,
    stop_on_sigterm,
    work_folder,
)
from mock_portal.config import Config  # noqa: E402
from mock_portal.eulogin.models import (  # noqa: E402
    Account,
    PasswordLink,
    ServiceTicket,
    SsoSession,
)
from mock_portal.models import Mail  # noqa: E402
from mock_portal.postgres import LocalCluster  # noqa: E402
from mock_portal.testing import serve_classroom  # noqa: E402
from mock_portal.traces.models import (  # noqa: E402
    EndedSession,
    Operator,
    OperatorActivity,
    Organisation,
    Role,
    TracesUser,
)
from mock_portal.traces.referential import sections_for  # noqa: E402
from mock_portal.traces.seeddata import GUIDE_OPERATORS  # noqa: E402
from process_check import checked  # noqa: E402

# Every filled account signs in with it (hashed cheaply: the fill must take seconds).
FILL_PASSWORD = "Tr4inee-Year!"
FILL_HASH = "pbkdf2:sha256:1"
SENDER = "automated-notifications@nomail.ec.europa.eu"
# EU Login's uids are "n00" and six hex digits, random (eulogin/accounts.py); the fill's are
# "n01" and its index, in hex: as a real uid looks, and never one a registration draws.
FILL_UID = "n01{index:06x}"
# The on-demand purge timed after the load: what scenarios made more than this long ago.
PURGE_DAYS = 30
# How scenario runs spread over the environments, and what becomes of their role requests.
ENVIRONMENT_SHARES = {"production": 8, "training": 1, "acceptance": 1}
STATUS_SHARES = {"requested": 45, "valid": 35, "refused": 10, "suspended": 10}
# Whom a run asks a role of: the guide's Belgian operators (most scenarios), any operator, an
# operator the run created; rarely an authority or a control body, which no scenario validates
# (validated, each would become one more officer mailed about every request of its country).
TARGET_SHARES = {"guide": 55, "operator": 25, "created": 17, "authority": 2, "control_body": 1}
CREATED_COUNTRIES = ("BE", "FR")


def _pick(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _token(rng: random.Random, size: int = 16) -> str:
    return f"{rng.getrandbits(size * 4):0{size}x}"


class _Reference:
    """What the seed put in the database, which the runs refer to."""

    def __init__(self, connection):
        self.operators: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.guide: dict[str, list[int]] = defaultdict(list)
        guide_names = {row[0] for row in GUIDE_OPERATORS if row[6] == "BE"}
        for id_, environment, country, name in connection.execute(
            select(Operator.id, Operator.environment, Operator.country, Operator.name)
        ):
            self.operators[environment, country].append(id_)
            if name in guide_names:
                self.guide[environment].append(id_)
        self.organisations = {
            kind: [
                (id_, country)
                for id_, country in connection.execute(
                    select(Organisation.id, Organisation.country).where(Organisation.kind == kind)
                )
            ]
            for kind in ("authority", "control_body")
        }
        # The seeded authority officers of each environment and country: they get the mail.
        self.authorities: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        for user_id, email, environment, country in connection.execute(
            select(TracesUser.id, TracesUser.email, TracesUser.environment, Organisation.country)
            .join(Role, Role.user_id == TracesUser.id)
            .join(Organisation, Role.organisation_id == Organisation.id)
            .where(Role.kind == "authority", Role.status == "valid")
        ):
            self.authorities[environment, country].append((user_id, email))


def _insert(connection, model, rows: list[dict], returning: bool = False) -> list[int]:
    """Insert ``rows`` in batches (one statement per thousand rows); their ids if asked."""
    if not rows:
        return []
    if returning:
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(connection.scalars(statement, rows))
    connection.execute(insert(model), rows)
    return []


def fill(
    connection,
    runs: int,
    seed: int = 2024,
    now: datetime | None = None,
    mailbox_max: int = Config.MAILBOX_MAX,
) -> Counter:
    """Insert what ``runs`` scenario runs leave over a year up to ``now``; rows per table. Of
    the mail, the newest ``mailbox_max`` only (0: all), as a portal with that cap keeps."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    reference = _Reference(connection)
    year = timedelta(days=365)
    moments = sorted(now - year + year * rng.random() for _ in range(runs))
    password_hash = generate_password_hash(FILL_PASSWORD, method=FILL_HASH)
    counts: Counter = Counter()

    # EU Login: an account per run, its spent password link, an SSO session and two tickets.
    accounts = [
        {
            "uid": FILL_UID.format(index=index),
            "email": f"ci-{index:06d}-{_token(rng, 6)}@example.org",
            "first_name": "Jean",
            "last_name": "Dupont",
            "mail_language": rng.choice(("fr", "en")),
            "password_hash": password_hash,
            "created_at": moment,
        }
        for index, moment in enumerate(moments)
    ]
    account_ids = _insert(connection, Account, accounts, returning=True)
    links, sessions, tickets, ended, mails = [], [], [], [], []
    for account_id, account in zip(account_ids, accounts, strict=True):
        at = account["created_at"]
        token = _token(rng, 32)
        links.append({"token": token, "account_id": account_id, "created_at": at, "used_at": at})
        sso = f"TGT-{_token(rng, 32)}-mock"
        sessions.append(
            {"id": sso, "account_id": account_id, "created_at": at, "authenticated_at": at}
        )
        for _ in range(2):
            ticket = f"ST-{_token(rng, 32)}-mock"
            tickets.append(
                {
                    "id": ticket,
                    "service": "https://ci.example.org/tracesnt/login",
                    "account_id": account_id,
                    "created_at": at,
                    "sso_session_id": sso,
                    "consumed": True,
                    "authenticated_at": at,
                }
            )
            if rng.random() < 0.3:
                ended.append({"ticket": ticket, "ended_at": at + timedelta(minutes=2)})
        mails.append(
            _mail(
                account["email"],
                "EU Login: set your password",
                f"Dear Jean Dupont,\n\nYou have been registered in EU Login.\n\n"
                f"https://ci.example.org/cas/init/initialisePasswordLogin.cgi?token={token}",
                at,
            )
        )
    _insert(connection, PasswordLink, links)
    _insert(connection, SsoSession, sessions)
    _insert(connection, ServiceTicket, tickets)
    _insert(connection, EndedSession, ended)
    counts.update(account=len(accounts), password_link=len(links), sso_session=len(sessions))
    counts.update(service_ticket=len(tickets), ended_session=len(ended))

    # TRACES NT: a user per run, in one environment; some runs create an operator.
    environments = [_pick(rng, ENVIRONMENT_SHARES) for _ in accounts]
    users = [
        {
            "environment": environment,
            "uid": account["uid"],
            "email": account["email"],
            "first_name": "Jean",
            "last_name": "Dupont",
            "locale": account["mail_language"],
            "first_seen_at": account["created_at"],
        }
        for account, environment in zip(accounts, environments, strict=True)
    ]
    user_ids = _insert(connection, TracesUser, users, returning=True)
    targets = [_pick(rng, TARGET_SHARES) for _ in users]
    creators = [
        user_id for user_id, target in zip(user_ids, targets, strict=True) if target == "created"
    ]
    created = [
        {
            "environment": user["environment"],
            "name": f"CI Company {index:06d}",
            "country": rng.choice(CREATED_COUNTRIES),
            "region": "Region",
            "city": "City",
            "postal_code": "1000",
            "address": f"Street {index}",
            "created_at": user["first_seen_at"],
        }
        for index, (user, target) in enumerate(zip(users, targets, strict=True))
        if target == "created"
    ]
    created_ids = _insert(connection, Operator, created, returning=True)
    activities = []
    for operator_id, operator in zip(created_ids, created, strict=True):
        sections = rng.sample(sections_for(operator["country"]), k=rng.choice((1, 1, 2)))
        for section in sections:
            activities.append(
                {
                    "operator_id": operator_id,
                    "section_code": section.code,
                    "activity_code": rng.choice(section.activity_types).code,
                    "status": rng.choice(("new", "new", "valid", "refused")),
                    "created_at": operator["created_at"],
                }
            )
    _insert(connection, OperatorActivity, activities)
    counts.update(traces_user=len(users), operator=len(created), operator_activity=len(activities))
    created_by_user = dict(zip(creators, zip(created_ids, created, strict=True), strict=True))

    # Role requests, their decisions, and the mail each sends.
    roles, administered = [], set()
    for user_id, user, target in zip(user_ids, users, targets, strict=True):
        environment, at = user["environment"], user["first_seen_at"]
        kind, operator_id, organisation_id = "operator", None, None
        if target == "guide":
            operator_id = rng.choice(reference.guide[environment])
            country = "BE"
        elif target == "operator":
            country = rng.choice(("BE", "FR", "AR"))
            operator_id = rng.choice(reference.operators[environment, country])
        elif target == "created":
            operator_id, operator = created_by_user[user_id]
            country = operator["country"]
        else:
            kind = target
            organisation_id, country = rng.choice(reference.organisations[target])
        status = _pick(rng, STATUS_SHARES) if kind == "operator" else "requested"
        reviewers = reference.authorities.get((environment, country), [])
        decided = status != "requested" and bool(reviewers)
        if not decided:
            status = "requested"
        is_admin = (
            kind == "operator"
            and status in ("valid", "suspended")
            and operator_id not in administered
        )
        if is_admin:
            administered.add(operator_id)
        roles.append(
            {
                "environment": environment,
                "user_id": user_id,
                "kind": kind,
                "operator_id": operator_id,
                "organisation_id": organisation_id,
                "status": status,
                "is_admin": is_admin,
                "message": "Scenario run",
                "requested_at": at,
                "decided_at": at + timedelta(minutes=1) if decided else None,
                "decided_by_id": reviewers[0][0] if decided else None,
            }
        )
        for _reviewer_id, email in reviewers:
            mails.append(
                _mail(
                    email,
                    "TRACES NT: new authorisation request",
                    "Jean Dupont asks for a role.",
                    at,
                )
            )
        if decided:
            mails.append(
                _mail(user["email"], f"TRACES NT: your role is now {status}", "Decided.", at)
            )
    _insert(connection, Role, roles)
    # In the order they were sent, as the portal numbers them: its cap drops the lowest ids.
    mails.sort(key=lambda mail: mail["sent_at"])
    kept = mails[-mailbox_max:] if mailbox_max else mails
    _insert(connection, Mail, kept)
    counts.update(role=len(roles), mail=len(kept))
    counts["mail beyond the cap"] = len(mails) - len(kept)
    counts["pending role"] = sum(role["status"] == "requested" for role in roles)
    return counts


def _mail(recipient: str, subject: str, body: str, at: datetime) -> dict:
    return {
        "sender": SENDER,
        "recipient": recipient,
        "subject": subject,
        "body": body,
        "sent_at": at,
    }


def fill_database(url: str, runs: int, seed: int, mailbox_max: int) -> tuple[Counter, float]:
    """Fill the database at ``url`` in one transaction; the rows, and the seconds it took."""
    started = time.monotonic()
    engine = create_engine(url)
    with engine.begin() as connection:
        counts = fill(connection, runs, seed, mailbox_max=mailbox_max)
    if engine.dialect.name == "postgresql":
        # What autovacuum would have done over the year: the planner knows the tables' sizes.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()
    return counts, time.monotonic() - started


def timed_purge(portal, days: int = PURGE_DAYS) -> tuple[dict, float]:
    """One on-demand purge of what is older than ``days`` (``POST /__admin/purge``); the
    portal's answer and the seconds it took."""
    request = urllib.request.Request(
        portal.url("/__admin/purge"),
        data=json.dumps({"older_than_days": days}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as answer:
        body = json.load(answer)
    return body, time.monotonic() - started


def print_purge(answer: dict, seconds: float) -> None:
    """The purge's time and rows, as the fill's are printed."""
    deleted = {kind: count for kind, count in answer["deleted"].items() if count}
    print(
        f"purge (POST /__admin/purge, older than {answer['older_than_days']} days): "
        f"{sum(deleted.values())} rows in {seconds:.1f} s"
    )
    print("  " + (", ".join(f"{kind} {count}" for kind, count in deleted.items()) or "nothing"))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="./dev scale", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=10_000, help="scenario runs to fill in (default 10000)"
    )
    parser.add_argument(
        "--seed", type=int, default=2024, help="seed of the filled data (default 2024)"
    )
    add_load_options(parser)
    # The requests a year left are waiting for someone: officers review them meanwhile.
    parser.set_defaults(authorities=2)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    stop_on_sigterm()
    if not LOCUST.exists():
        print(
            f"{LOCUST} is missing: run ./dev scale, which installs Locust there.", file=sys.stderr
        )
        return 2
    work = work_folder()
    # The portal's cap, set on it: the classroom sees none of this process's $MOCK_PORTAL_*.
    mailbox_max = Config.MAILBOX_MAX or 0
    options = [*classroom_options(args, work), "--mailbox-max", str(mailbox_max), "--admin"]
    try:
        with serve_classroom(work, *options) as portal:
            print(f"Classroom portal: {portal.base_url}", flush=True)
            url = LocalCluster(work / "postgres").url("traces")
            counts, seconds = fill_database(url, args.runs, args.seed, mailbox_max)
            rows = sum(count for table, count in counts.items() if " " not in table)
            print(f"filled: {args.runs} scenario runs, {rows} rows in {seconds:.1f} s")
            print("  " + ", ".join(f"{table} {count}" for table, count in counts.items()))
            run = run_load(args, portal, work / "postgres", work)
            # After the load, which must meet the whole year: the purge leaves a month of it.
            try:
                print_purge(*timed_purge(portal))
                purged = True
            except (OSError, KeyError, ValueError) as error:  # URLError is an OSError
                print(f"purge FAILED: {error}")
                purged = False
        return report(args, run) or (0 if purged else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    # Fails, naming them, when the classroom, its database or Locust outlive the run.
    sys.exit(checked(lambda: main(sys.argv[1:]), "./dev scale"))
