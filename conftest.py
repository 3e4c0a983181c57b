"""Repository-wide pytest settings (tests/, adapters/*/tests/, plugins/example/tests/)."""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: a skip hides a missing browser, data folder or dependency."""
    if not os.environ.get("CI") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        reasons = sorted({str(getattr(r, "longrepr", ""))[:200] for r in skipped})
        print(f"\nCI: {len(skipped)} test(s) skipped, which CI does not allow:\n  " + "\n  ".join(reasons))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
