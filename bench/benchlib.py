# SPDX-License-Identifier: MIT
"""The benchmark runner behind bench/run (see docs/benchmarks.md).

Boots the benchmark guest (build/guests/bench.elf) natively and under the
hypervisor, parses its "bench:" lines, adds wall-clock, size and Linux
figures, and renders one Markdown table (build/bench.md).

Standard library only; every QEMU run is bounded by `timeout -k 5 300`
(under -icount QEMU may ignore SIGTERM).
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

import diskbench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
if not os.path.isabs(BUILD):
    BUILD = os.path.join(ROOT, BUILD)

QEMU = "qemu-system-riscv64"
QEMU_TIMEOUT = 300
ICOUNT = "shift=0,align=off,sleep=off"
BENCH_ELF = os.path.join(BUILD, "guests", "bench.elf")
HYP_ELF = os.path.join(BUILD, "hypocaust.elf")
CONFIG_1 = os.path.join(ROOT, "configs", "bench.dts")
CONFIG_2 = os.path.join(ROOT, "configs", "bench-2.dts")
LINUX_DTS = os.path.join(ROOT, "bench", "linux-smoke.dts")
LINUX_DTS_2 = os.path.join(ROOT, "bench", "linux-smoke-2.dts")
# bench/linux-smoke.dts with the host's console UART passed through.
LINUX_DTS_CONSOLE = os.path.join(ROOT, "bench", "linux-smoke-console.dts")
CONSOLE_LABEL = "Linux, console passed through"
LINUX_IMAGE = os.path.join(BUILD, "linux", "Image")
# The riscv defconfig kernel (linux/build.sh --defconfig), console passed through.
LINUX_DTS_DEFCONFIG = os.path.join(ROOT, "bench", "linux-defconfig-console.dts")
LINUX_DEFCONFIG_IMAGE = os.path.join(BUILD, "linux-defconfig", "Image")
DEFCONFIG_LABEL = "Linux defconfig, console passed through"
LINUX_INITRD = os.path.join(BUILD, "linux", "initramfs.cpio.gz")
LINUX_APPEND = "console=ttyS0 hyp.test=smoke"
DISK_DTS = os.path.join(ROOT, "bench", "linux-disk.dts")
DISK_APPEND = "console=ttyS0 hyp.test=diskbench"
OUT_DIR = os.path.join(BUILD, "bench")
OUT_MD = os.path.join(BUILD, "bench.md")
OUT_JSON = os.path.join(BUILD, "bench.json")
SIZE_TARGET = 64 * 1024

# Every metric the guest reports, in its order. The two-hart -icount runs
# must measure all of them, the one-hart ones all but TWO_HART_METRICS
# (timer_irq_sstc may be skipped when the CPU has no Sstc); the table takes
# TWO_HART_METRICS from the two-hart runs and the rest from the one-hart
# runs (see docs/benchmarks.md). The wall-clock runs need WALL_METRICS.
METRICS = ("sbi_null", "sbi_probe", "timer_irq_sbi", "timer_irq_sstc", "mmio_plic",
           "mmio_plic_write", "ipi_rtt", "hsm_start", "compute", "tlb")
TWO_HART_METRICS = ("ipi_rtt", "hsm_start")
ONE_HART_METRICS = tuple(m for m in METRICS if m not in TWO_HART_METRICS)
MAY_SKIP = ("timer_irq_sstc",)
WALL_METRICS = ("compute", "tlb")
# Results that must be identical natively and under the hypervisor.
CHECKSUMS = (("compute", "sum"), ("tlb", "sum"))
HEX_FIELDS = ("sum",)

# A console line of the guest, with the hypervisor's "[vm] " prefix if any.
LINE_RE = re.compile(r"^(?:\[[^\]]*\] )?bench: (\S+)(?: (.*))?$")


def log(msg):
    print("bench/run: " + msg, file=sys.stderr, flush=True)


# ---- parsing the guest's output ----

def parse_value(key, text):
    try:
        return int(text, 16) if key in HEX_FIELDS else int(text, 0)
    except ValueError:
        return text


def parse(output):
    """The bench: lines of one run, as a dict:

    metrics: {name: {field: value}}, skipped: {name: reason}, info: {field: value},
    errors: [text], done: whether "bench: done" was printed.
    """
    res = {"metrics": {}, "skipped": {}, "info": {}, "errors": [], "done": False}
    for raw in output.splitlines():
        m = LINE_RE.match(raw.strip("\r"))
        if not m:
            continue
        name, rest = m.group(1), (m.group(2) or "").strip()
        if name == "done":
            res["done"] = True
        elif name == "error:":
            res["errors"].append(rest)
        elif rest.startswith("skipped"):
            res["skipped"][name] = rest[len("skipped"):].strip(" ()")
        elif "=" in rest:
            fields = {}
            for tok in rest.split():
                if "=" in tok:
                    k, v = tok.split("=", 1)
                    fields[k] = parse_value(k, v)
            if name == "info":
                res["info"] = fields
            else:
                res["metrics"][name] = fields
    return res


def check_parsed(label, parsed, required, may_skip=()):
    """Problems (strings) with one run's parse: missing lines, errors, no done."""
    problems = ["%s: guest error: %s" % (label, e) for e in parsed["errors"]]
    if not parsed["done"]:
        problems.append("%s: no 'bench: done' line" % label)
    for m in required:
        fields = parsed["metrics"].get(m)
        if fields is not None:
            for f in ("instret", "time", "n"):
                if not isinstance(fields.get(f), int):
                    problems.append("%s: 'bench: %s' has no number %s=" % (label, m, f))
        elif m in parsed["skipped"]:
            if m not in may_skip:
                problems.append("%s: %s skipped (%s)" % (label, m, parsed["skipped"][m]))
        else:
            problems.append("%s: no 'bench: %s' line" % (label, m))
    return problems


def check_checksums(label, native, hyp):
    problems = []
    for metric, field in CHECKSUMS:
        a = native["metrics"].get(metric, {}).get(field)
        b = hyp["metrics"].get(metric, {}).get(field)
        if a is not None and b is not None and a != b:
            problems.append("%s: %s result differs: native %s=%x, hypervisor %s=%x (wrong result)"
                            % (label, metric, field, a, field, b))
    return problems


# ---- running QEMU ----

def native_cmd(smp, icount):
    cmd = ["timeout", "-k", "5", str(QEMU_TIMEOUT), QEMU, "-M", "virt", "-nographic",
           "-m", "256M", "-smp", str(smp)]
    if icount:
        cmd += ["-icount", ICOUNT]
    return cmd + ["-kernel", BENCH_ELF]


def hyp_cmd(config, icount):
    cmd = ["timeout", "-k", "5", str(QEMU_TIMEOUT), os.path.join(ROOT, "tools", "run"), config]
    if icount:
        cmd += ["--", "-icount", ICOUNT]
    return cmd


def shell_words(cmd):
    return " ".join("'%s'" % c if (" " in c or not c) else c for c in cmd)


def log_path(name):
    os.makedirs(OUT_DIR, exist_ok=True)
    return os.path.join(OUT_DIR, name + ".log")


def exit_counts(output):
    """The hypervisor's exit counters printed when the VM stopped (`stats;`)."""
    blocks = diskbench.stats_blocks(output.splitlines())
    return blocks[-1][1] if blocks else None


# Per metric: the exit causes it makes, and the metrics whose iterations
# they are spread over (the counters cover the whole run: the few calls
# outside the timed loops make the figure a little above the true one).
EXIT_CAUSES = {
    "sbi_null": (("base",), ("sbi_null", "sbi_probe")),
    "sbi_probe": (("base",), ("sbi_null", "sbi_probe")),
    "timer_irq_sbi": (("time",), ("timer_irq_sbi",)),
    "mmio_plic_write": (("PLIC",), ("mmio_plic_write",)),
    "ipi_rtt": (("ipi", "host-ipi"), ("ipi_rtt",)),
    "hsm_start": (("hsm",), ("hsm_start",)),
}


# Metrics whose operation makes no exit at all: a direct stimecmp write.
NO_EXIT_METRICS = ("timer_irq_sstc",)


def exits_per_op(parsed, exits, metric):
    """"1.02 (base)": exits of the metric's causes per iteration, or ""."""
    if not exits or metric not in EXIT_CAUSES:
        return "0" if exits and metric in NO_EXIT_METRICS else ""
    causes, over = EXIT_CAUSES[metric]
    n = sum(parsed["metrics"].get(m, {}).get("n", 0) for m in over)
    if not n:
        return ""
    count = sum(exits.get(c, 0) for c in causes)
    return "%.2f (%s)" % (count / n, " + ".join(causes))


def exits_summary(exits, top=3):
    """"13850: UART 13280, PLIC 300, ...": total and the largest causes."""
    if not exits:
        return ""
    skip = ("exits", "sbi", "guest-page-fault")
    causes = sorted(((v, k) for k, v in exits.items() if k not in skip and v > 0), reverse=True)
    return "%d: %s" % (exits["exits"], ", ".join("%s %d" % (k, v) for v, k in causes[:top]))


def run_guest(name, cmd):
    """Runs one QEMU command to its end; returns a dict with status, output, seconds, parsed."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, cwd=ROOT, timeout=QEMU_TIMEOUT + 30)
        status, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        status, out = "timeout", e.stdout or b""
    seconds = time.monotonic() - t0
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    with open(log_path(name), "w") as f:
        f.write("$ %s\n%s\n[exit status %s after %.2f s]\n" % (shell_words(cmd), text, status,
                                                               seconds))
    return {"name": name, "cmd": cmd, "status": status, "seconds": seconds, "output": text,
            "parsed": parse(text), "exits": exit_counts(text)}


def status_problem(run):
    st = run["status"]
    if st == 0:
        return []
    why = " (killed by timeout)" if st in (124, 137, "timeout") else ""
    return ["%s: exit status %s%s, see %s" % (run["name"], st, why,
                                               os.path.relpath(log_path(run["name"]), ROOT))]


# ---- Linux ----

LINUX_MARKS = {
    "up": re.compile(r"hypocaust-init: up\b"),
    "pass": re.compile(r"^smoke: PASS"),
    "fail": re.compile(r"^smoke: FAIL"),
}
KERNEL_TO_INIT_RE = re.compile(r"hypocaust-init: (\d+\.\d+) s after boot \(CLOCK_BOOTTIME\)")


# tools/run prints this just before it becomes QEMU (HYP_RUN_MARK set).
QEMU_START_MARK = "tools/run: starting QEMU"


def run_linux(name, cmd):
    """Boots Linux, timestamping (host monotonic clock) the lines that matter.

    Times count from QEMU's start: from tools/run's QEMU_START_MARK line
    when there is one (the hypervisor runs), else from the call (native).
    """
    marks, text, partial = {}, [], ""
    kernel_to_init = None
    t0 = time.monotonic()
    qemu_start = 0.0
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, cwd=ROOT,
                         env=dict(os.environ, HYP_RUN_MARK="1"))
    for chunk in diskbench.output_chunks(p, t0, QEMU_TIMEOUT + 30):
        now = time.monotonic() - t0
        partial += chunk
        *lines, partial = partial.split("\n")
        for line in lines:
            text.append(line)
            if line.strip() == QEMU_START_MARK and not marks:
                qemu_start = now
            for key, rx in LINUX_MARKS.items():
                if key not in marks and rx.search(line):
                    marks[key] = now
            m = KERNEL_TO_INIT_RE.search(line)
            if m and kernel_to_init is None:
                kernel_to_init = float(m.group(1))
    text.append(partial)
    try:
        status = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    seconds = time.monotonic() - t0
    out = "\n".join(text)
    with open(log_path(name), "w") as f:
        f.write("$ %s\n%s\n[exit status %s after %.2f s]\n" % (shell_words(cmd), out, status,
                                                               seconds))
    ok = status == 0 and "pass" in marks and "fail" not in marks and kernel_to_init is not None
    since_qemu = {k: v - qemu_start for k, v in marks.items()}
    return {"name": name, "status": status, "seconds": seconds, "ok": ok,
            "up": since_qemu.get("up"), "pass": since_qemu.get("pass"),
            "kernel_to_init": kernel_to_init,
            "exits": exit_counts(out)}


def compile_linux_config(dts=LINUX_DTS, name="linux-smoke.dtb"):
    out = os.path.join(OUT_DIR, name)
    os.makedirs(OUT_DIR, exist_ok=True)
    cmd = ["dtc", "-q", "-W", "no-name_properties", "-E", "no-name_properties", "-I", "dts",
           "-O", "dtb", "-i", BUILD, "-i", os.path.dirname(dts), "-o", out, dts]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out


def linux_native_cmd(append=LINUX_APPEND, extra=(), smp=1, image=LINUX_IMAGE):
    return ["timeout", "-k", "5", str(QEMU_TIMEOUT), QEMU, "-M", "virt", "-nographic",
            "-smp", str(smp), "-m", "256M", "-kernel", image, "-initrd", LINUX_INITRD,
            "-append", append, *extra]


def linux_hyp_cmd(dtb, extra=()):
    cmd = ["timeout", "-k", "5", str(QEMU_TIMEOUT), os.path.join(ROOT, "tools", "run"), dtb]
    return cmd + ["--", *extra] if extra else cmd


def tag_text(tag):
    """How a log line names a kind of Linux boot: "2" harts, "-defconfig"."""
    if not tag:
        return ""
    return " (%s harts)" % tag if tag.isdigit() else " (%s)" % tag.lstrip("-")


def linux_problems(runs, problems):
    for r in runs:
        if not r["ok"]:
            problems.append("%s: no `smoke: PASS` or exit status %s, see %s" % (
                r["name"], r["status"], os.path.relpath(log_path(r["name"]), ROOT)))


def linux_boots(tag, runs, native_cmd, hyp_cmds, problems):
    """Native and hypervisor Linux boots in turn, run after run, so each
    kind sees the same noise; hyp_cmds: {name suffix: command}. Returns the
    native runs and {suffix: hypervisor runs}; failures go to problems."""
    native, hyp = [], {suffix: [] for suffix in hyp_cmds}
    for i in range(runs):
        log("Linux%s runs %d/%d" % (tag_text(tag), i + 1, runs))
        native.append(run_linux("linux%s-native-%d" % (tag, i + 1), native_cmd))
        for suffix, cmd in hyp_cmds.items():
            hyp[suffix].append(run_linux("linux%s-hyp%s-%d" % (tag, suffix, i + 1), cmd))
    linux_problems(native + [r for runs_of in hyp.values() for r in runs_of], problems)
    return native, hyp


def linux_pairs(tag, runs, native_cmd, hyp_cmd, problems):
    """Alternating native and hypervisor Linux boots; failures go to problems."""
    native, hyp = linux_boots(tag, runs, native_cmd, {"": hyp_cmd}, problems)
    return native, hyp[""]


def disk_boots(runs):
    """Alternating native and hypervisor diskbench boots, a fresh image each."""
    dtb = compile_linux_config(DISK_DTS, "linux-disk.dtb")
    image = os.path.join(OUT_DIR, "disk.img")
    native, hyp = [], []
    for i in range(runs):
        log("disk runs %d/%d (virtio-blk, O_DIRECT)" % (i + 1, runs))
        for side, boots, cmd in (
                ("native", native, linux_native_cmd(DISK_APPEND, diskbench.drive_args(image))),
                ("hyp", hyp, linux_hyp_cmd(dtb, diskbench.drive_args(image)))):
            diskbench.make_image(image)
            name = "disk-%s-%d" % (side, i + 1)
            boots.append(diskbench.boot(cmd, name, log_path(name), side == "hyp",
                                        QEMU_TIMEOUT + 30))
    return native, hyp


def exits_text(exits):
    """The causes of the exits per device interrupt, largest first."""
    if not exits:
        return ""
    irqs = exits["irqs"] or 1
    # guest-page-fault counts the MMIO exits (PLIC, UART) a second time.
    skip = ("exits", "irqs", "sbi", "guest-page-fault")
    causes = sorted(((v, k) for k, v in exits.items() if k not in skip and v > 0), reverse=True)
    return ", ".join("%s %.1f" % (k, v / irqs) for v, k in causes[:4])


def disk_rows(native_boots, hyp_boots):
    n, h = diskbench.summary(native_boots), diskbench.summary(hyp_boots)
    nruns = max((s["nruns"] for s in (n, h) if s), default=0)
    ratio = Target("ratio ≥ 0.95", lambda a, b: b / a >= 0.95)
    rows = []
    for key, what, target in (("write", "sequential write, MiB/s", ratio),
                              ("read", "sequential read, MiB/s", ratio),
                              ("irq_per_s", "virtio-blk interrupts per second", None)):
        rows.append(row("Disk: %s (64 MiB file on ext4, O_DIRECT, 1 MiB requests, median of %s)"
                        % (what, plural(nruns, "run")), n[key] if n else None,
                        h[key] if h else None, target, "failed" if not n else None,
                        "failed" if not h else None))
    per_irq = h.get("exits_per_irq") if h else None
    detail = ""
    if per_irq is not None:
        totals = {}
        for b in hyp_boots:
            if b["ok"] and b["exits"]:
                for k, v in b["exits"].items():
                    totals[k] = totals.get(k, 0) + v
                totals["irqs"] = totals.get("irqs", 0) + sum(r[2] for r in b["runs"])
        detail = " (%s)" % exits_text(totals)
    rows.append(row("Disk: hypervisor exits per device interrupt during the runs", None, per_irq,
                    None, native_text="—", exits=detail.strip(" ()")))
    return rows


# ---- the table ----

class Target:
    """A target from the issue: its text and a check on (native, hypervisor)."""

    def __init__(self, text, check, needs_native=True):
        self.text = text
        self.check = check
        self.needs_native = needs_native

    def render(self, native, hyp):
        if hyp is None or (native is None and self.needs_native):
            return self.text
        return "%s (%s)" % (self.text, "met" if self.check(native, hyp) else "**missed**")


def same_as_native(tolerance):
    return Target("= native ± %d (no exit)" % tolerance, lambda n, h: abs(h - n) <= tolerance)


# (metric, field, what the number is, target or None) for the -icount runs.
ICOUNT_ROWS = [
    ("sbi_null", "instret", "instructions per call", Target("≤ 120", lambda n, h: h <= 120)),
    ("sbi_null", "time", "ticks per call", None),
    ("sbi_probe", "instret", "instructions per call", Target("≤ 130", lambda n, h: h <= 130)),
    ("sbi_probe", "time", "ticks per call", None),
    ("timer_irq_sbi", "call_instret", "instructions in the set_timer call", None),
    ("timer_irq_sbi", "lat_ns", "virtual ns, deadline → handler (best phase)", None),
    ("timer_irq_sbi", "time", "ticks, deadline → handler", None),
    ("timer_irq_sbi", "instret", "virtual ns, set_timer → handler (5000 ns wait)", None),
    ("timer_irq_sstc", "call_instret", "instructions in the stimecmp write", same_as_native(20)),
    ("timer_irq_sstc", "lat_ns", "virtual ns, deadline → handler (best phase)",
     same_as_native(20)),
    ("timer_irq_sstc", "time", "ticks, deadline → handler", None),
    ("timer_irq_sstc", "instret", "virtual ns, write → handler (5000 ns wait)", None),
    ("mmio_plic", "instret", "instructions per 4-byte read", Target("≤ 150", lambda n, h: h <= 150)),
    ("mmio_plic", "time", "ticks per read", None),
    ("mmio_plic_write", "instret", "instructions per 4-byte write (emulated)", None),
    ("mmio_plic_write", "time", "ticks per write", None),
    ("ipi_rtt", "ns", "round trip, ns (ticks × 100)",
     Target("≤ 3000 virtual ns", lambda n, h: h <= 3000)),
    ("ipi_rtt", "instret", "round trip, virtual ns (instret)", None),
    ("ipi_rtt", "time", "round trip, ticks", None),
    ("hsm_start", "ns", "hart_start → first instruction, ns (ticks × 100)", None),
    ("hsm_start", "instret", "hart_start → first instruction, virtual ns", None),
    ("hsm_start", "time", "hart_start → first instruction, ticks", None),
    ("compute", "instret", "instructions per pass", None),
    ("compute", "time", "ticks per pass", None),
    ("tlb", "instret", "instructions per 200k-access walk", None),
    ("tlb", "time", "ticks per walk", None),
]


def fmt_num(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        if abs(v) >= 100:
            return "%.1f" % v
        return "%.3f" % v
    return str(v)


def fmt_ratio(native, hyp):
    if native is None or hyp is None or native == 0:
        return "n/a"
    r = hyp / native
    return "%.1f" % r if r >= 100 else "%.2f" % r if r >= 10 else "%.3f" % r


def field_of(parsed, metric, field):
    fields = parsed["metrics"].get(metric)
    if fields is None:
        return None
    v = fields.get(field)
    return v if isinstance(v, (int, float)) else None


def row(label, native, hyp, target=None, native_text=None, hyp_text=None, exits=""):
    return [label, native_text if native_text is not None else fmt_num(native),
            hyp_text if hyp_text is not None else fmt_num(hyp), fmt_ratio(native, hyp),
            exits, target.render(native, hyp) if target else ""]


def icount_rows(one, two, exits_one=None, exits_two=None):
    """one, two: (native, hypervisor) parses of the one-hart and two-hart runs;
    exits_*: the hypervisor runs' exit counters."""
    rows, shown = [], set()
    for metric, field, what, target in ICOUNT_ROWS:
        native, hyp = two if metric in TWO_HART_METRICS else one
        exits = exits_two if metric in TWO_HART_METRICS else exits_one
        n, h = field_of(native, metric, field), field_of(hyp, metric, field)
        nt = "skipped" if metric in native["skipped"] else None
        ht = "skipped" if metric in hyp["skipped"] else None
        per_op = "" if metric in shown else exits_per_op(hyp, exits, metric)
        shown.add(metric)
        rows.append(row("`%s` %s: %s" % (metric, field, what), n, h, target, nt, ht, per_op))
    return rows


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def median_or_none(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def wall_rows(native_runs, hyp_runs, nruns):
    rows = []
    for metric, what, target in (
            ("compute", "wall ms per pass, no icount",
             Target("ratio ≤ 1.02", lambda n, h: h / n <= 1.02)),
            ("tlb", "wall ms per 200k-access walk, no icount", None)):
        n = median_or_none([field_of(r["parsed"], metric, "wall_ns") for r in native_runs])
        h = median_or_none([field_of(r["parsed"], metric, "wall_ns") for r in hyp_runs])
        n = n / 1e6 if n is not None else None
        h = h / 1e6 if h is not None else None
        rows.append(row("`%s` %s (median of %s)" % (metric, what, plural(nruns, "run")), n, h,
                        target))
    return rows


def hyp_size():
    """(text + data, bss) of build/hypocaust.elf, from riscv64-unknown-elf-size."""
    out = subprocess.run(["riscv64-unknown-elf-size", HYP_ELF], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    text, data, bss = (int(x) for x in out[1].split()[:3])
    return text + data, bss


# Issue targets for one vCPU against native (docs/benchmarks.md).
LINUX_TARGETS = {
    "up": Target("ratio ≤ 1.10", lambda n, h: h / n <= 1.10),
    "kernel_to_init": Target("ratio ≤ 1.05", lambda n, h: h / n <= 1.05),
}


def linux_rows(native_runs, hyp_runs, label="Linux", keys=None, targets=None):
    nruns = max(len(native_runs), len(hyp_runs))
    rows = []
    good = [r for r in hyp_runs if r["ok"] and r.get("exits")]
    exits = exits_summary(good[0]["exits"]) if good else ""
    for key, what in (("up", "QEMU start → `hypocaust-init: up`, s"),
                      ("kernel_to_init", "kernel start → init, s (printed by init)"),
                      ("pass", "QEMU start → `smoke: PASS`, s")):
        if keys and key not in keys:
            continue
        n = median_or_none([r[key] for r in native_runs if r["ok"]])
        h = median_or_none([r[key] for r in hyp_runs if r["ok"]])
        nt = "failed" if n is None else None
        ht = "failed" if h is None else None
        rows.append(row("%s: %s (median of %s, wall clock)" % (label, what, plural(nruns, "run")),
                        n, h, (targets or {}).get(key), nt, ht, exits if key == "pass" else ""))
        if key == "kernel_to_init" and nruns > 1:
            rows.append(fastest_row(label, native_runs, hyp_runs, nruns))
    return rows


def fastest_row(label, native_runs, hyp_runs, nruns):
    """Kernel start → init of the fastest boot of each kind: this host runs
    a boot at one of two speeds (docs/benchmarks.md), and noise only adds."""
    n = min((r["kernel_to_init"] for r in native_runs if r["ok"]), default=None)
    h = min((r["kernel_to_init"] for r in hyp_runs if r["ok"]), default=None)
    return row("%s: kernel start → init, s (fastest of %s, wall clock)"
               % (label, plural(nruns, "run")), n, h,
               native_text="failed" if n is None else None,
               hyp_text="failed" if h is None else None)


def linux_icount_boots(dtb, problems, image=LINUX_IMAGE, tag=""):
    """One native and one console-passed-through boot under -icount."""
    log("Linux%s runs with -icount (1 hart)" % tag_text(tag))
    # A fixed seed for QEMU's guest randomness (its /chosen/rng-seed): the
    # kernel's random choices change its work, so each run repeats exactly.
    icount = ["-icount", ICOUNT, "-seed", "1"]
    boots = (run_linux("linux%s-icount-native" % tag, linux_native_cmd(extra=icount, image=image)),
             run_linux("linux%s-icount-hyp-console" % tag, linux_hyp_cmd(dtb, icount)))
    linux_problems(boots, problems)
    return boots


def linux_icount_rows(native, hyp, label=CONSOLE_LABEL):
    """Kernel start → init in virtual time: 1 ns per instruction executed."""
    n = native["kernel_to_init"] if native["ok"] else None
    h = hyp["kernel_to_init"] if hyp["ok"] else None
    return [row("%s: kernel start → init under -icount, virtual ms (1 instruction = 1 ns)"
                % label, n * 1000 if n is not None else None,
                h * 1000 if h is not None else None,
                native_text="failed" if n is None else None,
                hyp_text="failed" if h is None else None)]


def defconfig_rows(runs, problems, results):
    """The riscv defconfig kernel against itself natively: wall clock, then -icount."""
    dtb = compile_linux_config(LINUX_DTS_DEFCONFIG, "linux-defconfig-console.dtb")
    native, hyp = linux_boots("-defconfig", runs,
                              linux_native_cmd(image=LINUX_DEFCONFIG_IMAGE),
                              {"-console": linux_hyp_cmd(dtb)}, problems)
    ic_n, ic_h = linux_icount_boots(dtb, problems, LINUX_DEFCONFIG_IMAGE, "-defconfig")
    results["linux_defconfig"] = {"native": native, "hypervisor": hyp["-console"],
                                  "icount": {"native": ic_n, "hypervisor": ic_h}}
    return (linux_rows(native, hyp["-console"], DEFCONFIG_LABEL, ("up", "kernel_to_init", "pass"),
                       targets=LINUX_TARGETS) +
            linux_icount_rows(ic_n, ic_h, DEFCONFIG_LABEL))


def render_table(rows):
    head = ["metric", "native", "hypervisor", "ratio", "hypervisor exits", "target"]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---", "---:", "---:", "---:", "---", "---"]) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return "\n".join(lines)


# ---- the machine ----

def command_output(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def machine_info():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    commit = command_output(["git", "rev-parse", "--short", "HEAD"])
    if commit and command_output(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " + uncommitted changes"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "qemu": (command_output([QEMU, "--version"]).splitlines() or ["QEMU ?"])[0],
        "machine": platform.machine(),
        "nproc": command_output(["nproc"]),
        "cpu": cpu,
        "load": "%.2f %.2f %.2f" % os.getloadavg(),
        "commit": commit or "?",
    }


# ---- main ----

def parse_args(argv):
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="one wall-clock run of each kind instead of five (used by the test)")
    ap.add_argument("--no-linux", action="store_true", help="skip the Linux boot figures")
    ap.add_argument("--runs", type=int, default=None,
                    help="wall-clock and Linux runs of each kind (default 5, 1 with --quick)")
    args = ap.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    return args


def main(argv):
    args = parse_args(argv)
    for f in (BENCH_ELF, HYP_ELF, os.path.join(BUILD, "hypocaust.bin")):
        if not os.path.exists(f):
            log("%s is missing: run make first" % os.path.relpath(f, ROOT))
            return 2
    info = machine_info()
    problems = []
    results = {"machine": info, "runs": args.runs, "quick": args.quick}

    # 1. Exact counts under -icount: two harts for ipi_rtt and hsm_start,
    # one hart for the rest (with two, QEMU's round-robin adds a few ns to
    # native timer writes; see docs/benchmarks.md).
    icount, exits_of = {}, {}
    for key, what, native, hyp, required in (
            ("two", "2 harts, configs/bench-2.dts", native_cmd(2, True),
             hyp_cmd(CONFIG_2, True), METRICS),
            ("one", "1 hart, configs/bench.dts", native_cmd(1, True), hyp_cmd(CONFIG_1, True),
             ONE_HART_METRICS)):
        log("native and hypervisor runs with -icount (%s)" % what)
        pair = (run_guest("native-icount-%s" % key, native),
                run_guest("hyp-icount-%s" % key, hyp))
        for r in pair:
            problems += status_problem(r)
            problems += check_parsed(r["name"], r["parsed"], required, MAY_SKIP)
        problems += check_checksums("icount runs (%s)" % what, pair[0]["parsed"],
                                    pair[1]["parsed"])
        icount[key] = (pair[0]["parsed"], pair[1]["parsed"])
        exits_of[key] = pair[1]["exits"]
        if not exits_of[key]:
            problems.append("%s: no exit counters (is `stats;` in its config?)" % pair[1]["name"])
    results["icount"] = {k: {"native": v[0], "hypervisor": v[1]} for k, v in icount.items()}

    # 2. Wall clock: no -icount, one hart, native and hypervisor runs alternated.
    wall_n, wall_h = [], []
    for i in range(args.runs):
        log("wall-clock runs %d/%d (no -icount, 1 hart)" % (i + 1, args.runs))
        wall_n.append(run_guest("native-wall-%d" % (i + 1), native_cmd(1, False)))
        wall_h.append(run_guest("hyp-wall-%d" % (i + 1), hyp_cmd(CONFIG_1, False)))
    for r in wall_n + wall_h:
        problems += status_problem(r)
        problems += check_parsed(r["name"], r["parsed"], WALL_METRICS)
    for a, b in zip(wall_n, wall_h):
        problems += check_checksums("wall runs", a["parsed"], b["parsed"])
    results["wall"] = {"native": [r["parsed"] for r in wall_n],
                       "hypervisor": [r["parsed"] for r in wall_h]}

    rows = icount_rows(icount["one"], icount["two"], exits_of["one"], exits_of["two"])
    rows += wall_rows(wall_n, wall_h, args.runs)
    size, bss = hyp_size()
    results["size"] = {"text_data": size, "bss": bss}
    rows.append(row("`hypocaust.elf` text+data, bytes (bss %d not counted)" % bss, None, size,
                    Target("≤ %d (64 KiB)" % SIZE_TARGET, lambda n, h: h <= SIZE_TARGET,
                           needs_native=False), native_text="—"))

    # 3. Linux, if it was built.
    linux_note = None
    if args.no_linux:
        linux_note = "Linux: not measured (--no-linux)."
    elif not (os.path.exists(LINUX_IMAGE) and os.path.exists(LINUX_INITRD)):
        linux_note = "Linux: not measured (no build/linux/Image; run linux/build.sh)."
    else:
        # One vCPU, with the emulated console and with the host's UART
        # passed through, against the same native boots.
        dtb = compile_linux_config()
        dtb_console = compile_linux_config(LINUX_DTS_CONSOLE, "linux-smoke-console.dtb")
        lin_n, lin = linux_boots("", args.runs, linux_native_cmd(),
                                 {"": linux_hyp_cmd(dtb), "-console": linux_hyp_cmd(dtb_console)},
                                 problems)
        rows += linux_rows(lin_n, lin[""], targets=LINUX_TARGETS)
        rows += linux_rows(lin_n, lin["-console"], CONSOLE_LABEL, targets=LINUX_TARGETS)
        # The same boots under -icount: what the guest and the hypervisor
        # execute, without QEMU's cost of emulating the MMU (see
        # docs/benchmarks.md, "Where the overhead comes from").
        ic_n, ic_h = linux_icount_boots(dtb_console, problems)
        rows += linux_icount_rows(ic_n, ic_h)
        results["linux_icount"] = {"native": ic_n, "hypervisor": ic_h}
        # The defconfig kernel, if it was built (make linux builds both).
        if os.path.exists(LINUX_DEFCONFIG_IMAGE):
            rows += defconfig_rows(args.runs, problems, results)
        results["linux"] = {"native": lin_n, "hypervisor": lin[""]}
        results["linux_console"] = {"native": lin_n, "hypervisor": lin["-console"]}
        # Two vCPUs, each on its own hart (vCPUs are pinned: there is no
        # "two on one"), against the same kernel natively with -smp 2.
        dtb2 = compile_linux_config(LINUX_DTS_2, "linux-smoke-2.dtb")
        smp_n, smp_h = linux_pairs("2", args.runs, linux_native_cmd(smp=2),
                                   linux_hyp_cmd(dtb2), problems)
        rows += linux_rows(smp_n, smp_h, "Linux, 2 vCPUs on 2 harts",
                           ("kernel_to_init", "pass"))
        results["linux_smp2"] = {"native": smp_n, "hypervisor": smp_h}
        disk_n, disk_h = disk_boots(args.runs)
        for b in disk_n + disk_h:
            if not b["ok"]:
                problems.append("%s: no `diskbench: PASS` or exit status %s, see %s" % (
                    b["name"], b["status"], os.path.relpath(log_path(b["name"]), ROOT)))
        rows += disk_rows(disk_n, disk_h)
        results["disk"] = {"native": disk_n, "hypervisor": disk_h}

    md = render_markdown(info, args, rows, linux_note, problems)
    os.makedirs(os.path.dirname(OUT_MD), exist_ok=True)
    with open(OUT_MD, "w") as f:
        f.write(md)
    results["problems"] = problems
    results["table"] = rows
    with open(OUT_JSON, "w") as f:
        json.dump(results, f, indent=1, default=str)
    print(md, end="")
    if problems:
        log("%d problem(s), see above and the logs in %s" % (len(problems),
                                                              os.path.relpath(OUT_DIR, ROOT)))
        return 1
    return 0


def render_markdown(info, args, rows, linux_note, problems):
    out = ["# Hypocaust-2 benchmarks", ""]
    out.append("%s; %s, %s CPUs (%s), load average %s at the start; %s; tree %s."
               % (info["date"], info["machine"], info["nproc"], info["cpu"] or "cpu ?",
                  info["load"], info["qemu"], info["commit"]))
    out.append("")
    out.append("Counts: `-icount %s`, medians over the guest's iterations; instret is "
               "QEMU's virtual clock in ns (1 instruction = 1 ns), time in 10 MHz ticks. "
               "`ipi_rtt` and `hsm_start` from two-hart runs (native `-smp 2`, hypervisor "
               "`configs/bench-2.dts`), the rest from one-hart runs (`-smp 1`, "
               "`configs/bench.dts`). Wall clock: %s of each without -icount, one hart%s."
               % (ICOUNT, plural(args.runs, "run"), " (quick run)" if args.quick else ""))
    out.append("")
    out.append(render_table(rows))
    out.append("")
    if linux_note:
        out.append(linux_note)
        out.append("")
    if problems:
        out.append("Problems:")
        out.append("")
        out += ["- " + p for p in problems]
        out.append("")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
