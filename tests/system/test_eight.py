"""configs/eight.dts: seven VMs on eight harts (Linux on two, U-Boot, five
bare-metal guests), each running as it does alone; the keyboard moves
between Linux and U-Boot with Ctrl-A N."""
import re

import pexpect

from conftest import spawn, transcript

SMALL_GUESTS = {
    "hello": "hello: done",
    "timer": "timer: done",
    "paging": "paging: done",
    "counters": "counters: done",
    "mmio": "mmio: powering off through the test finisher",
}


def test_seven_vms_on_eight_harts():
    c = spawn("eight", timeout=240)
    # VM 0 (Linux) has the keyboard first.
    c.expect_exact("[linux] hyp# ", timeout=200)
    c.send("uname -m\r")
    c.expect(r"\[linux\] riscv64\r*\n")
    c.expect_exact("[linux] hyp# ")
    # U-Boot's prompt has no newline: it waits in its line buffer until
    # the VM gets the keyboard.
    c.expect_exact("[uboot] Hit any key to stop autoboot", timeout=120)
    c.send("\x011")
    c.expect_exact("[uboot] => ", timeout=120)
    c.send("version\r")
    c.expect(r"\[uboot\] U-Boot 20\d\d")
    c.expect_exact("[uboot] => ")
    c.send("poweroff\r")
    c.expect_exact('VM "uboot" powered off')
    c.send("\x010")
    c.send("poweroff\r")
    c.expect(pexpect.EOF)
    c.close()
    out = transcript(c)
    for name, done in SMALL_GUESTS.items():
        assert "[%s] %s" % (name, done) in out, out
        assert 'VM "%s" powered off' % name in out, out
    assert re.search(r"\[linux\] \[ *[0-9.]+\] smp: Brought up 1 node, 2 CPUs", out), out
    assert 'VM "linux" powered off' in out, out
    assert "failure" not in out, out
    # Every guest line carries its VM's name.
    for line in out.splitlines():
        assert not re.match(r"(hello|timer|paging|counters|mmio): ", line), line
    assert c.exitstatus == 0, out
