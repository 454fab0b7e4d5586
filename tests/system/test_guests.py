"""Each project guest under the hypervisor: what it printed and QEMU's exit status."""
import os
import re
import subprocess

import pytest

from conftest import BUILD, run, spawn, transcript


def test_hello_sbi_console_and_errors():
    r = run("hello")
    for check in ("legacy console", "spec version 2.0", "dbcn console", "dbcn bad address",
                  "probe unknown extension", "unknown extension", "unknown base function"):
        assert "hello: %s ok" % check in r.output, r.output
    assert "hello: done" in r.output
    assert "FAIL" not in r.output
    assert r.status == 0


def test_hello_as_raw_binary():
    """The flat image of the same program, loaded at kernel-addr."""
    r = run("hello-raw")
    assert "kernel raw" in r.output
    assert "hello: done" in r.output and "FAIL" not in r.output
    assert r.status == 0


def test_timer_sbi_legacy_and_sstc():
    r = run("timer")
    for line in ("timer: sbi ticks 10", "timer: legacy ticks 3", "timer: past deadline ok",
                 "timer: cancel ok", "timer: sstc ticks 10", "timer: done"):
        assert line in r.output, r.output
    assert "Sstc yes" in r.output
    assert r.status == 0


def test_timer_without_sstc_uses_host_timer():
    """Without Sstc the hypervisor forwards the host timer as VSTIP; stimecmp is illegal."""
    r = run("timer", ["-cpu", "rv64,sstc=false"])
    for line in ("timer: sbi ticks 10", "timer: legacy ticks 3", "timer: past deadline ok",
                 "timer: cancel ok", "timer: sstc absent", "timer: done"):
        assert line in r.output, r.output
    assert "Sstc no" in r.output
    assert r.status == 0


def test_paging_in_vs_and_vu():
    r = run("paging")
    for line in ("paging: user ecall ok", "paging: demand fault ok",
                 "paging: protection fault ok", "paging: done"):
        assert line in r.output, r.output
    assert r.status == 0


def test_counters_readable_without_exit():
    r = run("counters")
    for c in ("time", "cycle", "instret"):
        assert "counters: %s ok" % c in r.output, r.output
    assert r.status == 0


def test_fault_is_injected_and_a_vm_that_cannot_take_it_is_stopped():
    """A load outside the VM's memory is an access fault the guest handles,
    as natively; with no trap vector to take it the VM is stopped with a
    report, and the VM beside it is untouched."""
    r = run("fault")
    assert "[fault] fault: load access fault at 0x90000000 (sepc 0x" in r.output, r.output
    assert re.search(r'VM "fault" vCPU 0 \(hart 0\): fetch at guest-physical 0x90000000, '
                     r"outside its memory: that is its trap vector \(the trap before: "
                     r"vscause=0x5 vstval=0x90000000 vsepc=0x[0-9a-f]+\)", r.output), r.output
    assert re.search(r"scause=0x14 stval=0x90000000 htval=0x24000000", r.output)
    assert re.search(r"sepc=0x90000000", r.output)
    assert "fault: survived" not in r.output
    # The VM beside it is untouched and runs to its end. (Its own lines may
    # be split by the fault guest's: it has the keyboard and prints as it
    # writes. The hypervisor's line is whole.)
    assert 'VM "hello" powered off' in r.output, r.output
    assert r.status == 1


def test_two_vms_on_two_harts_each_print():
    r = run("two")
    assert len(r.lines("[hello] hello:")) >= 7
    assert "[timer] timer: done" in r.output
    assert 'VM "hello" powered off' in r.output and 'VM "timer" powered off' in r.output
    # Lines of the two VMs never mix: every guest line carries one prefix.
    for line in r.output.splitlines():
        if "hello:" in line or "timer:" in line:
            assert re.match(r"^\[(hello|timer)\] (hello|timer): ", line), line
    assert r.status == 0


SEED_RE = re.compile(r"reboot: rng-seed of (\d+) bytes: ([0-9a-f]{16})")


def vm_stream(out, name):
    """What VM `name` printed, its prefixed pieces joined in order: the
    console breaks the line of the VM in focus when another VM's line goes
    out, so one guest line may come in several pieces."""
    prefix = "[%s] " % name
    return "".join(l[len(prefix):] for l in out.splitlines() if l.startswith(prefix))


def test_srst_reboot_reloads_pristine_image():
    r = run("reboot")
    assert r.output.count("reboot: first boot") == 1, r.output
    assert 'VM "reboot" rebooting' in r.output
    assert "reboot: rebooted with a pristine image ok" in r.output, r.output
    assert "FAIL" not in r.output
    assert r.status == 0
    # QEMU virt's 32-byte /chosen/rng-seed: each start gets its own.
    assert "hypocaust: rng-seed of 32 bytes in the host DT" in r.output, r.output
    seeds = SEED_RE.findall(r.output)
    assert [n for n, _ in seeds] == ["32", "32"], r.output
    assert seeds[0][1] != seeds[1][1], r.output


def test_each_vm_start_gets_its_own_rng_seed():
    """Two VMs, two starts each: four seeds, no two alike."""
    r = run("reboot-two")
    assert r.status == 0, r.output
    seeds = []
    for vm in ("reboot-a", "reboot-b"):
        text = vm_stream(r.output, vm)
        assert "reboot: rebooted with a pristine image ok" in text, r.output
        found = SEED_RE.findall(text)
        assert [n for n, _ in found] == ["32", "32"], r.output
        seeds += [hexa for _, hexa in found]
    assert len(set(seeds)) == 4, r.output


def native_lines(guest, prefix):
    """What a test guest prints as an S-mode payload of OpenSBI on bare QEMU."""
    native = subprocess.run(
        ["timeout", "-k", "5", "30", "qemu-system-riscv64", "-M", "virt", "-nographic",
         "-m", "256M", "-kernel", os.path.join(BUILD, "guests", guest + ".elf")],
        capture_output=True, text=True)
    return [l for l in native.stdout.replace("\r\n", "\n").splitlines() if l.startswith(prefix)]


def test_mmio_emulation_matches_native_qemu():
    """Every load/store width, compressed too, on the empty virtio-mmio slots;
    the test finisher powers the VM off. The same binary is run natively and
    must print the same lines."""
    r = run("mmio")
    mmio_lines = r.lines("mmio: ")
    assert "mmio: powering off through the test finisher" in mmio_lines, r.output
    assert not any("FAIL" in l for l in mmio_lines), r.output
    assert 'VM "mmio" powered off' in r.output
    assert r.status == 0
    assert native_lines("mmio", "mmio: ") == mmio_lines


RTC_CHECKS = ("time is after 2023", "time advances with the clock", "set time reads back",
              "alarm interrupt through the PLIC", "alarm in the past fires at once",
              "cleared alarm never fires", "doubleword load reads the time", "byte load faults",
              "load past the registers faults")


@pytest.mark.parametrize("cpu", ["sstc", "no-sstc"])
def test_rtc_model_matches_native_qemu(cpu):
    """The VM's own Goldfish RTC: time, setting it, alarms through the vPLIC
    (timed by the tick with Sstc, by the hart's timer without), the accesses
    QEMU refuses. The same binary natively must print the same lines (but
    the "info" ones, which carry times)."""
    r = run("rtc", [] if cpu == "sstc" else ["-cpu", "rv64,sstc=false"])
    assert "hypocaust: RTC at 0x101000" in r.output, r.output
    lines = [l for l in r.lines("rtc: ") if not l.startswith("rtc: info")]
    for check in RTC_CHECKS:
        assert "rtc: %s ok" % check in lines, r.output
    assert "rtc: done, 0 failures" in lines, r.output
    assert r.status == 0
    native = [l for l in native_lines("rtc", "rtc: ") if not l.startswith("rtc: info")]
    assert native == lines


def test_smp_hsm_ipi_rfence_between_vcpus():
    """4 vCPUs: HSM start/stop/status, 200 IPI rounds to every vCPU, 200 rounds
    of remote fences, and hart masks naming vCPUs the VM does not have refused
    with SBI_ERR_INVALID_PARAM (SBI 2.0; OpenSBI 1.1 itself ignores them)."""
    r = run("smp", timeout=120)
    for line in ("smp: 4 harts started", "smp: ipi rounds 200 ok", "smp: legacy ipi ok",
                 "smp: rfence rounds 200 ok", "smp: bad masks ok",
                 "smp: harts restarted after hart_stop", "smp: hsm stop and restart ok",
                 "smp: done"):
        assert line in r.output, r.output
    assert "FAIL" not in r.output
    # `stats` in the config: exits by cause at shutdown, SBI by extension.
    m = re.search(r"sbi calls:.* ipi (\d+) rfence (\d+) hsm (\d+)", r.output)
    assert m, r.output
    assert int(m.group(1)) >= 600 and int(m.group(2)) >= 600 and int(m.group(3)) >= 6
    assert re.search(r"interrupts and faults:.* host-ipi \d+", r.output)
    assert r.status == 0


def test_on_crash_restart_starts_a_failed_vm_afresh():
    c = spawn("fault-restart", timeout=60)
    for start in (2, 3, 4):
        c.expect_exact('VM "fault" restarting after a failure (on-crash = "restart") '
                       "(start %d)" % start)
    c.expect_exact("[fault] fault: touching 0x90000000")
    c.terminate(force=True)
    out = transcript(c)
    # Each start runs the pristine image from its first line again.
    assert out.count("[fault] fault: touching 0x90000000") >= 4, out
    assert "fault: survived" not in out
    assert 'VM "fault" stopped after a failure' not in out
    # The other VM is untouched.
    assert 'VM "hello" powered off' in out, out
