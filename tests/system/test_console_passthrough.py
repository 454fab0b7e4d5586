"""The host's console UART passed through to Linux (`devices =
"/soc/serial@10000000"`): the guest drives the real ns16550a, gets typed
input and interrupt 10 itself, and makes no UART exit; the hypervisor
still writes its own lines and the other VMs' (docs/config.md)."""
import os
import re

import pexpect

from conftest import ROOT, run, spawn, transcript

OWNER_LINE = ('hypocaust: VM 0 "linux" owns the console UART (passed through): its input '
              'and interrupt go to it, the hypervisor only writes; Ctrl-A is off')


def stats_block(out, vm="linux"):
    """The exit statistics printed when the VM stopped (`stats;`)."""
    m = re.search(r'hypocaust: exits of VM "%s": (\d+).*\n(.*\n)(.*\n)(.*\n)' % vm, out)
    assert m, out
    return int(m.group(1)), m.group(2) + m.group(3) + m.group(4)


def assert_no_uart_exits(out):
    total, block = stats_block(out)
    mmio = [l for l in block.splitlines() if "mmio:" in l]
    assert mmio and "UART" not in mmio[0], block
    # Without the console, Linux's boot makes a few hundred exits, not ~14,000.
    assert total < 5000, block


def test_smoke_with_the_console_passed_through():
    """bench/run's config: same kernel and command line as bench/linux-smoke.dts."""
    r = run(os.path.join(ROOT, "bench", "linux-smoke-console.dts"), timeout=240)
    assert OWNER_LINE in r.output, r.output
    assert "10000000.serial: ttyS0 at MMIO 0x10000000" in r.output, r.output
    assert "hypocaust-init: up (1 cpus)" in r.output, r.output
    assert "smoke: PASS" in r.output, r.output
    assert_no_uart_exits(r.output)
    # Its 128 MiB are zeroed on demand: a few first touches beyond the chunks
    # its images fill, counted apart (and within the guest-page faults).
    m = re.search(r"guest-page-fault (\d+) ram-first-touch (\d+)", r.output)
    assert m and 1 <= int(m.group(2)) <= int(m.group(1)), stats_block(r.output)[1]
    assert 'VM "linux" powered off' in r.output
    assert r.status == 0


def shell(c, line, expect):
    c.send(line + "\r")
    c.expect(expect)
    c.expect_exact("hyp# ")


def test_typed_input_reaches_the_guest_owning_the_uart():
    c = spawn("linux-console", timeout=240)
    c.expect_exact(OWNER_LINE, timeout=30)
    # The other VM keeps its emulated UART: its lines come out prefixed.
    c.expect(r"\[heartbeat\] heartbeat: stopping after 3 beats", timeout=150)
    # The first prompt may have come before the heartbeat's last line.
    c.send("\r")
    c.expect_exact("hyp# ", timeout=150)
    shell(c, "echo typed-into-the-real-uart", r"\ntyped-into-the-real-uart\r")
    # Two vCPUs: interrupt 10 goes to vCPU 0's hart, which may not be the
    # boot hart (design.md, "Interrupts and SMP"). Asked now, when no other
    # VM's line can cut the answer.
    shell(c, "cat /sys/devices/system/cpu/online", r"\n0-1\r")
    shell(c, "uname -a", r"Linux \S+ 6\.1\.\d+")
    # The guest DT has one serial node, the host's, and stdout-path names it.
    shell(c, "ls /proc/device-tree/soc", r"serial@10000000")
    shell(c, "cat /proc/device-tree/chosen/stdout-path", r"/soc/serial@10000000")
    # Interrupt 10 reaches the guest through its vPLIC.
    shell(c, "cat /proc/interrupts", r"PLIC\s+10\s+\w+\s+ttyS0")
    c.send("poweroff\r")
    c.expect(pexpect.EOF)
    c.close()
    out = transcript(c)
    soc = out[out.index("ls /proc/device-tree/soc"):out.index("cat /proc/device-tree/chosen")]
    assert soc.count("serial@") == 1, soc
    assert "[heartbeat] heartbeat 3 sum=" in out, out
    assert_no_uart_exits(out)
    assert 'VM "linux" powered off' in out, out
    assert c.exitstatus == 0, out
