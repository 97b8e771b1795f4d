"""The test modules of endpoints that are not on main yet (issue 21's server lanes), run only when
TOUCHSTONE_AWAITING names them: a comma-separated list of drafts, datasets, uploads, projects, work, webhooks, e2e, or
``all``. The JUnit harness passes it through (environment variable or -Dtouchstone.awaiting=...). Without it this
module adds no tests, so the suite stays green on a server that does not have the endpoints."""
import importlib
import os

AWAITING = ("drafts", "datasets", "uploads", "projects", "work", "webhooks", "e2e")


def selected():
    value = os.environ.get("TOUCHSTONE_AWAITING", "").strip()
    if not value:
        return []
    if value == "all":
        return list(AWAITING)
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in AWAITING]
    if unknown:
        raise ValueError(f"TOUCHSTONE_AWAITING names {unknown}; the modules are {', '.join(AWAITING)} or all")
    return names


def load_tests(loader, tests, pattern):
    for name in selected():
        tests.addTests(loader.loadTestsFromModule(importlib.import_module("awaiting_" + name)))
    return tests
