"""Linux 6.1 from Debian's sources, unmodified, as a guest: smoke tests and the shell."""
import re
import time

import pexpect

from conftest import run, spawn, transcript


def smoke_checks(out):
    for check in ("fork-exec", "threads", "nanosleep", "ipi", "cpuinfo", "interrupts"):
        assert re.search(r"smoke: %s ok" % check, out), out
    assert "smoke: PASS" in out, out
    assert 'VM "linux" powered off' in out


def test_linux_one_vcpu_smoke():
    r = run("linux-smoke", timeout=240)
    assert "hypocaust-init: up (1 cpus)" in r.output, r.output
    smoke_checks(r.output)
    assert r.status == 0


def test_linux_four_vcpus_smoke():
    r = run("linux-smp", timeout=300)
    assert "hypocaust-init: up (4 cpus)" in r.output, r.output
    smoke_checks(r.output)
    assert "threads ran on cpus: 0 1 2 3" in r.output
    assert "riscv-timer counted on all 4 cpus" in r.output
    assert re.search(r"ipi ok \(2000 futex round trips cpu \d <-> cpu \d", r.output)
    # `stats` in the config: the SBI IPIs and remote fences Linux made.
    assert re.search(r"sbi calls:.* ipi \d+", r.output), r.output
    assert r.status == 0


def test_linux_shell_and_poweroff():
    c = spawn("linux", timeout=240)
    c.expect_exact("hyp# ", timeout=200)
    c.send("uname -a\r")
    c.expect(r"Linux \S+ 6\.1\.\d+")
    c.expect_exact("hyp# ")
    c.send("cat /proc/cpuinfo\r")
    c.expect(r"processor\s*: 1")
    c.expect_exact("hyp# ")
    c.send("poweroff\r")
    c.expect(pexpect.EOF)
    c.close()
    out = transcript(c)
    assert 'VM "linux" powered off' in out, out
    assert c.exitstatus == 0


def test_linux_defconfig_kernel_boots_to_init():
    """The riscv defconfig kernel (drivers, modules built in): same init, 2 vCPUs."""
    r = run("linux-defconfig", timeout=400)
    assert "hypocaust-init: up (2 cpus)" in r.output, r.output
    # This kernel trusts the bootloader's seed: the VM's /chosen/rng-seed
    # seeded its CRNG before init, as QEMU's does natively.
    assert "hypocaust-init: crng ready" in r.output, r.output
    # Its RTC model set the clock to the host's time, as QEMU's RTC does natively.
    m = re.search(r"goldfish_rtc 101000\.rtc: setting system clock to \S+ UTC \((\d+)\)", r.output)
    assert m, r.output
    assert abs(int(m.group(1)) - time.time()) < 600, m.group(0)
    smoke_checks(r.output)
    assert r.status == 0
