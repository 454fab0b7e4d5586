"""configs/default.dts, the scenario of `make run`: Linux on two vCPUs beside
a heartbeat guest. Linux reboots three times while the heartbeat goes on,
its memory checksum unchanged."""
import re
import time

import pexpect

from conftest import spawn, transcript

BEAT = re.compile(r"\[heartbeat\] heartbeat (\d+) sum=(0x[0-9a-f]+)")
# Linux has the input focus, so its output goes out as it comes, while the
# heartbeat's lines go out whole: one can land inside a line of Linux's,
# which then goes on after a fresh "[linux] " prefix (console.c).
INTERRUPTION = re.compile(r"\n(?:\[heartbeat\][^\n]*\n)+\[linux\] ")


def beats(text):
    return [(int(n), s) for n, s in BEAT.findall(text)]


def expect_linux(c, since, texts, timeout):
    """Waits until Linux has printed texts, in order, after transcript
    position since, wherever heartbeat lines cut them."""
    deadline = time.monotonic() + timeout
    while True:
        out, pos = INTERRUPTION.sub("", transcript(c)[since:]), 0
        for t in texts:
            pos = out.find(t, pos)
            if pos < 0:
                break
        if pos >= 0:
            return
        left = deadline - time.monotonic()
        assert left > 0, "Linux did not print %r within %d s" % (texts, timeout)
        try:
            c.expect(r"\n", timeout=min(left, 2))
        except pexpect.TIMEOUT:
            pass


def test_linux_reboots_three_times_beside_a_heartbeat():
    c = spawn("default", timeout=300)
    expect_linux(c, 0, ["[linux] hyp# "], 200)
    for _ in range(3):
        since = len(transcript(c))
        c.send("reboot\r")
        c.expect_exact('VM "linux" rebooting')
        # A new kernel from the pristine image, to the shell again.
        expect_linux(c, since, ['VM "linux" rebooting', "[linux] hypocaust-init: up (2 cpus)",
                                "[linux] hyp# "], 180)
    # The heartbeat beats on after the reboots.
    c.expect(r"\[heartbeat\] heartbeat \d+ sum=", timeout=30)
    c.send("poweroff\r")
    c.expect_exact('VM "linux" powered off', timeout=60)
    c.send("\x011")
    c.send("q")
    c.expect(pexpect.EOF, timeout=60)
    c.close()
    out = transcript(c)
    all_beats = beats(out)
    assert all_beats, out
    # One run of beats from 1, none lost: the heartbeat VM was never reset.
    numbers = [n for n, _ in all_beats]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert len({s for _, s in all_beats}) == 1, "the heartbeat's memory changed"
    assert "MEMORY CHANGED" not in out
    assert out.count('VM "linux" rebooting') == 3
    assert 'VM "heartbeat" powered off' in out, out
    assert c.exitstatus == 0, out
