"""tools/soak's watcher (make soak): its verdicts on made-up lines. The soak
itself is not part of make test yet: a 10-minute soak found a hang of the
SMP Linux guest (docs/reliability.md), which would make a 60 s soak in
make test fail now and then."""
import importlib.machinery
import importlib.util
import os
import sys

from conftest import ROOT

SOAK = os.path.join(ROOT, "tools", "soak")


def load_soak():
    loader = importlib.machinery.SourceFileLoader("soak", SOAK)
    spec = importlib.util.spec_from_loader("soak", loader)
    mod = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        loader.exec_module(mod)
    finally:
        sys.dont_write_bytecode = saved
    return mod


soak = load_soak()


def watch(lines, gap_at=None):
    w = soak.Watch(0.0)
    for i, line in enumerate(lines):
        w.line(line, float(i))
    if gap_at is not None:
        w.check_gaps(gap_at)
    return w


def test_watch_accepts_a_steady_run():
    w = watch(["[heartbeat] heartbeat 1 sum=0xab", "[linux] stress: round 1 ok",
               "[heartbeat] heartbeat 2 sum=0xab"], gap_at=3.0)
    assert w.problem is None and w.beat == 2 and w.round == 1


def test_watch_catches_each_kind_of_problem():
    cases = {
        "beats were lost": ["[heartbeat] heartbeat 1 sum=0xab", "[heartbeat] heartbeat 3 sum=0xab"],
        "checksum changed": ["[heartbeat] heartbeat 1 sum=0xab", "[heartbeat] heartbeat 2 sum=0xac"],
        "stress round failed": ["[linux] stress: round 4 FAIL"],
        "hypervisor report": ['hypocaust: VM "linux" vCPU 2 (hart 2): load at guest-physical 0x0'],
    }
    for what, lines in cases.items():
        assert watch(lines).problem and what in watch(lines).problem, (what, watch(lines).problem)
    assert "no heartbeat" in watch([], gap_at=soak.HEARTBEAT_GAP + 1).problem
