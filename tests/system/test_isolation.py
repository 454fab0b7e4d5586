"""A hostile guest beside a victim (configs/attack.dts, docs/isolation.md).

The attacker tries to reach what is not its own and prints one line per
attempt; the heartbeat victim checksums 8 MiB of its RAM every 200 ms. The
test asserts both sides: every attempt was refused the expected way, the
100 000-call SBI fuzz completed, the hypervisor never failed, and the victim
kept beating with the same checksum before, during and after the attack.
"""
import re

import pexpect

from conftest import spawn, transcript

MiB = 1 << 20
SWEEP = (0x80000000, 0xC0000000)  # the host RAM range the attacker sweeps
LOAD, STORE, FETCH = "fault scause=5", "fault scause=7", "fault scause=1"
ILLEGAL = "fault scause=2"
INVALID_PARAM, NOT_SUPPORTED, INVALID_ADDRESS = "sbi err=-3", "sbi err=-2", "sbi err=-5"
OWN_MODEL = r"ok value=0x[0-9a-f]+"


def expected_outcomes():
    """Attack name -> regex its whole outcome must match."""
    e = {}
    for what in ("firmware", "hypervisor-image", "beyond-ram", "below-ram", "null", "gpa-top",
                 "gpa-beyond-sv39x4", "address-all-ones"):
        e.update({what + "-load": LOAD, what + "-store": STORE, what + "-fetch": FETCH})
    for kind, fault in (("load", LOAD), ("store", STORE), ("fetch", FETCH)):
        e["host-ram-sweep-" + kind] = re.escape(fault) + (
            r" at all 1024 addresses 0x%x-0x%x" % SWEEP)
    e.update({"pt-walk-hypervisor-load": LOAD, "pt-walk-hypervisor-fetch": FETCH})
    for what in ("foreign-m-enable", "foreign-s-enable", "foreign-threshold", "foreign-claim",
                 "foreign-complete", "last-context-enable", "last-context-threshold"):
        e["plic-" + what] = "ignored"
    e.update({
        "plic-byte-load": LOAD, "plic-misaligned-load": LOAD, "plic-misaligned-store": STORE,
        "plic-doubleword-load": LOAD, "plic-amo": STORE, "plic-lr": LOAD, "plic-fp-load": LOAD,
        "plic-fetch": FETCH, "uart-fetch": FETCH, "uart-amo": STORE,
        # The attacker's own vPLIC registers, mapped read-only: loads read them.
        "plic-window-byte-load": r"ok value=0x[0-7]", "plic-window-doubleword-load": r"ok value=0x([0-7]0{8}|0)",
        "plic-window-byte-store": STORE, "plic-window-amo": STORE,
        # The victim owns the host's RTC; at its address the attacker has its
        # own RTC model (check_attacker_rtc), which takes loads and stores.
        "victim-rtc-load": OWN_MODEL, "victim-rtc-store": OWN_MODEL, "victim-rtc-fetch": FETCH,
        "clint-msip-hart1-store": STORE, "clint-mtime-load": LOAD,
        "clint-mtimecmp-store": STORE, "fw-cfg-load": LOAD, "flash-load": LOAD,
        "flash-fetch": FETCH, "pcie-ecam-load": LOAD, "pcie-mmio-store": STORE,
        "virtio-host-devices": r"empty \(all 8 slots device-id 0\)",
    })
    e.update({
        "hsm-start-hart1": INVALID_PARAM, "hsm-start-hart-all-ones": INVALID_PARAM,
        "hsm-start-hart-top-bit": INVALID_PARAM, "hsm-start-at-hypervisor": INVALID_ADDRESS,
        "hsm-status-hart1": INVALID_PARAM, "hsm-status-hart-all-ones": INVALID_PARAM,
        "hsm-suspend-reserved-type": INVALID_PARAM,
    })
    for call in ("ipi", "rfence-fence-i", "rfence-sfence-vma", "rfence-sfence-vma-asid"):
        for mask in ("hart1", "base1", "base-top-bit", "base-minus-2", "mask-all-ones",
                     "base-63"):
            e["%s-%s" % (call, mask)] = INVALID_PARAM
    e.update({
        "rfence-hfence-gvma-vmid": NOT_SUPPORTED, "rfence-hfence-vvma": NOT_SUPPORTED,
        "legacy-ipi-hart1": INVALID_PARAM, "legacy-ipi-mask-at-hypervisor": INVALID_ADDRESS,
        "legacy-fence-i-mask-beyond-ram": INVALID_ADDRESS,
        "legacy-sfence-vma-mask-all-ones": INVALID_ADDRESS,
        "srst-reserved-type": INVALID_PARAM, "srst-reserved-reason": INVALID_PARAM,
        "srst-type-above-32-bits": r"sbi err=-[23]", "unknown-extension": NOT_SUPPORTED,
        "pmu-counter-start": NOT_SUPPORTED, "susp-reserved-type": NOT_SUPPORTED,
        "base-unknown-function": NOT_SUPPORTED,
        "console-forge-dbcn": r"written \d+ bytes", "console-forge-uart": r"written \d+ bytes",
    })
    for buf in ("write-hypervisor", "write-firmware", "write-high-half", "write-across-ram-end",
                "write-huge-length", "write-wrapping", "read-into-hypervisor",
                "read-into-firmware"):
        e["dbcn-" + buf] = INVALID_PARAM
    privileged = ("hlv-w", "hlv-d", "hlvx-hu", "hsv-w", "hsv-d", "hfence-vvma", "hfence-gvma",
                  "csrr-hstatus", "csrw-hstatus", "csrr-hgatp", "csrw-hgatp", "csrr-hvip",
                  "csrr-vsatp", "csrr-mstatus", "csrr-mhartid", "csrr-hpmcounter3")
    for mode in ("vs", "vu"):
        e.update({"%s-%s" % (mode, i): ILLEGAL for i in privileged})
        e.update({
            mode + "-ebreak": "fault scause=3",
            # The attacker's own RAM: emulated or a misaligned fault, both fine.
            mode + "-misaligned-load-own-ram": r"ok value=0x[0-9a-f]+|fault scause=4",
            mode + "-misaligned-store-own-ram": r"ok value=0x[0-9a-f]+|fault scause=6",
            mode + "-misaligned-amo-own-ram": r"fault scause=[67]",
            mode + "-load-across-ram-end": r"fault scause=[45]",
        })
    e.update({"vu-" + i: ILLEGAL for i in ("csrr-sstatus", "csrw-satp", "sret", "wfi")})
    e.update({
        "vu-ecall": "fault scause=8",  # reaches the guest's own handler, not the SBI
        "vu-load-hypervisor": LOAD, "vu-store-firmware": STORE, "vu-fetch-hypervisor": FETCH,
        "vu-load-victim-rtc": OWN_MODEL,
        "sbi-fuzz": r"done calls=100000 skipped=\d+ clobbered=0 bad-codes=0",
    })
    return e


# What may go through: its own RAM, its own vPLIC registers (read-only
# pages) and its own RTC model.
ITS_OWN = re.compile(r"v[su]-misaligned-(load|store)-own-ram$|plic-window-(byte|doubleword)-load$"
                     r"|(vu-load-)?victim-rtc(-load|-store)?$")


def run_attack():
    """Boots the scenario with a virtio device on the host that nobody owns;
    starts the attacker once the victim beats, lets it beat on after the
    attack, then stops the victim with `q`."""
    c = spawn("attack", ["-device", "virtio-rng-device"], timeout=300)
    c.expect_exact("[attacker] attacker: press a key to start", timeout=60)
    c.expect(r"\[heartbeat\] heartbeat 2 sum=", timeout=60)
    c.send("g")
    c.expect_exact("[attacker] attacker: done", timeout=240)
    for _ in range(3):
        c.expect(r"\n\[heartbeat\] heartbeat \d+ sum=", timeout=60)
    c.send("\x011")
    c.expect_exact('console input goes to VM 1 "heartbeat"', timeout=30)
    c.send("q")
    c.expect(pexpect.EOF, timeout=60)
    c.close()
    # Console lines end at '\n' only: a '\r' a guest prints is not one.
    return transcript(c).split("\n"), c.exitstatus


def index_of(lines, text):
    return next(i for i, l in enumerate(lines) if l == text)


def check_attacker(lines):
    outcomes = {}
    for l in lines:
        m = re.match(r"\[attacker\] attack (\S+): (.*)$", l)
        if m:
            assert m.group(1) not in outcomes, "attack %s reported twice" % m.group(1)
            outcomes[m.group(1)] = m.group(2)
    expected = expected_outcomes()
    assert sorted(set(expected) - set(outcomes)) == [], "attacks missing"
    assert sorted(set(outcomes) - set(expected)) == [], "attacks the test does not know"
    wrong = {n: o for n, o in outcomes.items() if not re.fullmatch(expected[n], o)}
    assert wrong == {}, wrong
    went_through = [n for n, o in outcomes.items() if o.startswith("ok")]
    assert all(ITS_OWN.match(n) for n in went_through), went_through
    summary = [l for l in lines if l.startswith("[attacker] attacker: summary:")]
    assert len(summary) == 1 and summary[0].startswith(
        "[attacker] attacker: summary: %d attacks," % len(outcomes)), summary


def check_attacker_rtc(lines):
    """The attacker's loads and stores at the victim's RTC address each
    trapped to its own model (its exit counts, `stats` in the config): the
    victim's device is mapped into the victim's stage 2 only."""
    i = next(k for k, l in enumerate(lines) if l.startswith('hypocaust: exits of VM "attacker":'))
    mmio = next(l for l in lines[i + 1:i + 6] if l.startswith("hypocaust:   mmio:"))
    assert int(re.search(r"\bRTC (\d+)", mmio).group(1)) >= 3, mmio


def check_fuzz(lines):
    fuzz = [l for l in lines if l.startswith("[attacker] fuzz: seed ")]
    assert len(fuzz) == 1, fuzz
    counts = dict(re.findall(r" (-?\d+|legacy):(\d+)", fuzz[0]))
    assert sum(int(n) for n in counts.values()) == 100000, fuzz[0]
    # Most calls are refused; some must have succeeded for the fuzz to reach
    # past the argument checks.
    assert int(counts["0"]) > 0 and int(counts["-2"]) > 0 and int(counts["-3"]) > 0, fuzz[0]


def check_victim(lines):
    start = index_of(lines, "[attacker] attacker: start")
    done = index_of(lines, "[attacker] attacker: done")
    watch = [l for l in lines if l.startswith("[heartbeat] heartbeat: watching ")]
    assert len(watch) == 1, watch
    sum0 = re.search(r"sum=(0x[0-9a-f]{16})$", watch[0]).group(1)
    beats = [(i, re.fullmatch(r"\[heartbeat\] heartbeat (\d+) sum=(0x[0-9a-f]+)", l))
             for i, l in enumerate(lines)]
    beats = [(i, int(m.group(1)), m.group(2)) for i, m in beats if m]
    # Every beat came out, in order, each with the checksum of the start.
    assert [n for _, n, _ in beats] == list(range(1, len(beats) + 1))
    assert {s for _, _, s in beats} == {sum0}
    assert sum(1 for i, _, _ in beats if i < start) >= 2
    assert sum(1 for i, _, _ in beats if i > done) >= 3
    assert not any("MEMORY CHANGED" in l for l in lines)
    assert "[heartbeat] heartbeat: stopping after %d beats, memory unchanged" % len(beats) \
        in lines


def test_attacker_is_refused_and_victim_keeps_beating():
    lines, status = run_attack()
    out = "\n".join(lines)
    assert "BUG" not in out, out
    check_attacker(lines)
    check_attacker_rtc(lines)
    check_fuzz(lines)
    check_victim(lines)
    # The lines the attacker forged stay under its own prefix.
    assert not any(l.startswith("[heartbeat] heartbeat 99999") for l in lines)
    assert "[attacker] [heartbeat] heartbeat 999999 sum=0x0000000000000000" in lines
    # The sweep covered the victim's host RAM, the hypervisor and the firmware.
    host = re.search(r'VM 1 "heartbeat": harts 1, RAM 0x80000000\+(\d+)M \(host (0x[0-9a-f]+)\)',
                     out)
    base, size = int(host.group(2), 16), int(host.group(1)) * MiB
    assert SWEEP[0] <= base and base + size <= SWEEP[1]
    hyp = re.search(r"hypocaust: running at (0x[0-9a-f]+)-(0x[0-9a-f]+)", out)
    assert SWEEP[0] <= int(hyp.group(1), 16) and int(hyp.group(2), 16) <= SWEEP[1], hyp.group(0)
    assert 'VM "attacker" powered off' in out and 'VM "heartbeat" powered off' in out
    assert "stopped after a failure" not in out
    assert status == 0
