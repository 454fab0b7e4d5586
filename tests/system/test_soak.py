"""tools/soak: 60 s of SMP Linux under stress beside a heartbeat guest (make
soak runs it for 10 minutes), and its watcher's verdicts on made-up lines."""
import importlib.machinery
import importlib.util
import os
import subprocess
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


def test_soak_for_a_minute():
    p = subprocess.run([SOAK, "--seconds", "60"], cwd=ROOT, capture_output=True, text=True,
                       timeout=180)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.startswith("soak: PASS: 60 s"), p.stdout
