"""Helpers for the system tests: boot a scenario under QEMU and read its console."""
import io
import os
import subprocess

import pexpect
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
CONFIGS = os.path.join(ROOT, "configs")
TEST_CONFIGS = os.path.join(ROOT, "tests", "system", "configs")


class Run:
    """A finished QEMU run: everything printed and QEMU's exit status."""

    def __init__(self, output, status):
        self.output = output
        self.status = status

    def lines(self, prefix=""):
        return [l for l in self.output.splitlines() if l.startswith(prefix)]


def config_path(name):
    """A config by name (configs/, then tests/system/configs/) or by path."""
    if os.path.isabs(name):
        return name
    for d in (CONFIGS, TEST_CONFIGS):
        p = os.path.join(d, name + ".dts")
        if os.path.exists(p):
            return p
    raise FileNotFoundError(name)


def spawn(config, qemu_args=(), timeout=60):
    """Starts tools/run on a config; QEMU is bounded by `timeout -k`."""
    cmd = ["timeout", "-k", "5", str(timeout), os.path.join(ROOT, "tools", "run"),
           config_path(config)]
    if qemu_args:
        cmd += ["--", *qemu_args]
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                          timeout=timeout + 10, cwd=ROOT)
    # Everything the run prints, whatever the expects consumed.
    child.logfile_read = io.StringIO()
    _spawned.append((config, child))
    return child


# The runs of the test in progress: a failing test's report shows the end
# of what each printed, which an expect's timeout alone does not.
_spawned = []
TRANSCRIPT_TAIL = 6000


@pytest.fixture(autouse=True)
def _forget_runs():
    _spawned.clear()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for config, child in _spawned:
            tail = transcript(child)[-TRANSCRIPT_TAIL:]
            report.sections.append(("QEMU output of %s (last %d characters)" % (config, len(tail)), tail))


def transcript(child):
    return child.logfile_read.getvalue().replace("\r\n", "\n")


def run(config, qemu_args=(), timeout=60):
    """Boots a config to the end and returns its output and exit status."""
    child = spawn(config, qemu_args, timeout)
    child.expect(pexpect.EOF)
    child.close()
    status = child.exitstatus if child.exitstatus is not None else -child.signalstatus
    out = transcript(child)
    assert status != 124, "QEMU did not end by itself within %ds:\n%s" % (timeout, out)
    return Run(out, status)


@pytest.fixture(scope="session", autouse=True)
def built():
    """The hypervisor and guests must be built (make system-test does it)."""
    for f in ("hypocaust.bin", "guests/hello.elf"):
        assert os.path.exists(os.path.join(BUILD, f)), "run make first: %s missing" % f
