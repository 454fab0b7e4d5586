"""bench/run end to end (--quick --no-linux): every metric is measured in every
run and the table has a row of numbers for each. Timings and ratios are never
checked: only that the numbers are there (and positive where they must be)."""
import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import BUILD, ROOT

RUNNER = os.path.join(ROOT, "bench", "run")
TABLE = os.path.join(BUILD, "bench.md")
RAW = os.path.join(BUILD, "bench.json")


def load_benchlib():
    """bench/benchlib.py, imported without leaving a __pycache__ in bench/."""
    spec = importlib.util.spec_from_file_location(
        "benchlib", os.path.join(ROOT, "bench", "benchlib.py"))
    mod = importlib.util.module_from_spec(spec)
    if os.path.join(ROOT, "bench") not in sys.path:
        sys.path.insert(0, os.path.join(ROOT, "bench"))
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.dont_write_bytecode = saved
    return mod


benchlib = load_benchlib()


@pytest.fixture(scope="module")
def quick_run():
    for f in (TABLE, RAW):
        if os.path.exists(f):
            os.remove(f)
    p = subprocess.run([RUNNER, "--quick", "--no-linux"], cwd=ROOT, capture_output=True,
                       text=True, timeout=1200)
    assert p.returncode == 0, "bench/run failed (%d):\n%s\n%s" % (p.returncode, p.stdout,
                                                                  p.stderr)
    return p


def number(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def table_rows(text):
    """The data rows of the Markdown table, as lists of cells."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| metric "):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def test_parser_reads_every_line_form():
    out = "\n".join([
        "OpenSBI banner noise",
        "bench: info hart=0 other=1 sstc=1 timebase=10000000",
        "bench: sbi_null instret=246 time=3 n=201",
        "[bench] bench: tlb instret=3000004 time=30000 n=5 base=0x80400000 sum=f77f790e",
        "bench: timer_irq_sstc skipped (no Sstc)",
        "bench: error: ipi_rtt: no answer (-2)",
        "bench: done",
    ])
    p = benchlib.parse(out)
    assert p["info"]["timebase"] == 10000000
    assert p["metrics"]["sbi_null"] == {"instret": 246, "time": 3, "n": 201}
    assert p["metrics"]["tlb"]["base"] == 0x80400000 and p["metrics"]["tlb"]["sum"] == 0xf77f790e
    assert p["skipped"] == {"timer_irq_sstc": "no Sstc"}
    assert p["errors"] == ["ipi_rtt: no answer (-2)"]
    assert p["done"]
    problems = benchlib.check_parsed("x", p, ("sbi_null", "tlb", "compute"))
    assert any("no 'bench: compute' line" in q for q in problems), problems
    assert any("guest error" in q for q in problems), problems


def test_linux_lines_match_what_the_init_prints():
    """The runner's patterns against the init's own printf formats."""
    with open(os.path.join(ROOT, "linux", "init", "init.c")) as f:
        init = f.read()
    assert '"hypocaust-init: %ld.%06ld s after boot (CLOCK_BOOTTIME)\\n"' in init
    m = benchlib.KERNEL_TO_INIT_RE.search("hypocaust-init: 0.390125 s after boot (CLOCK_BOOTTIME)")
    assert m and float(m.group(1)) == 0.390125
    assert '"hypocaust-init: up (%d cpus)\\n"' in init
    assert benchlib.LINUX_MARKS["up"].search("hypocaust-init: up (1 cpus)")
    assert 'printf("smoke: PASS\\n")' in init
    assert benchlib.LINUX_MARKS["pass"].search("smoke: PASS")


def test_disk_parser_takes_the_exits_between_the_two_snapshots():
    import diskbench
    stats = ('hypocaust: exits of VM "linux": %d (sbi 5)\n'
             "hypocaust:   sbi calls: base 5\n"
             "hypocaust:   mmio: PLIC %d UART 7\n"
             "hypocaust:   interrupts and faults: host-external %d guest-page-fault 9\n")
    out = ("diskbench: begin (64 MiB, 1024 KiB O_DIRECT requests)\n" + stats % (100, 40, 10)
           + "diskbench: run 1 write 500.5 MiB/s read 900.0 MiB/s irqs 130 irq/s 700\n"
           + "diskbench: run 2 write 400.0 MiB/s read 800.0 MiB/s irqs 120 irq/s 650\n"
           + "diskbench: end\n" + stats % (1350, 540, 260) + "diskbench: PASS\n"
           + stats % (1400, 550, 265))
    p = diskbench.parse(out)
    assert p["pass"]
    assert p["runs"] == [(500.5, 900.0, 130, 700), (400.0, 800.0, 120, 650)]
    # The shutdown block after the second snapshot is not taken.
    assert p["exits"]["exits"] == 1250 and p["exits"]["PLIC"] == 500
    assert p["exits"]["host-external"] == 250 and p["exits"]["UART"] == 0
    boot = dict(p, ok=True)
    s = diskbench.summary([boot])
    assert s["write"] == 450.25 and s["read"] == 850.0 and s["nruns"] == 2
    assert s["exits_per_irq"] == 1250 / 250
    assert diskbench.summary([dict(p, ok=False)]) is None


def test_linux_times_count_from_qemu_start(tmp_path):
    """Under the hypervisor "QEMU start" is tools/run's mark, not the call:
    what tools/run does first (dtc, fdtget) is not the hypervisor's boot."""
    script = tmp_path / "fake-boot"
    script.write_text("#!/bin/sh\n"
                      "sleep 1\n"
                      "echo '%s'\n"
                      "echo 'hypocaust-init: up (1 cpus)'\n"
                      "echo 'hypocaust-init: 0.123 s after boot (CLOCK_BOOTTIME)'\n"
                      "echo 'smoke: PASS'\n" % benchlib.QEMU_START_MARK)
    script.chmod(0o755)
    r = benchlib.run_linux("fake-mark", [str(script)])
    assert r["ok"] and r["kernel_to_init"] == 0.123
    assert r["seconds"] >= 1.0
    # The three lines come right after the mark: far less than the second before it.
    assert 0 <= r["up"] <= r["pass"] < 0.9
    # Without the mark (native QEMU), from the call.
    script.write_text("#!/bin/sh\nsleep 1\necho 'hypocaust-init: up (1 cpus)'\n"
                      "echo 'hypocaust-init: 0.1 s after boot (CLOCK_BOOTTIME)'\n"
                      "echo 'smoke: PASS'\n")
    assert benchlib.run_linux("fake-nomark", [str(script)])["up"] >= 1.0


def test_console_rows_share_the_native_boots(monkeypatch):
    """The console-passed-through rows: their own hypervisor boots, the same
    native boots as the Linux rows, interleaved run by run."""
    order = []

    # (kernel start -> init, QEMU start -> smoke: PASS) per kind of boot.
    times = {"native": (0.2, 1.0), "hyp": (0.4, 2.0), "hyp-console": (0.25, 1.1)}

    def fake_run_linux(name, cmd):
        order.append(name)
        kind, nth = name.split("-", 1)[1].rsplit("-", 1)
        hyp = kind != "native"
        # The second boot of each kind is the fast one: 10 % quicker.
        return {"name": name, "status": 0, "seconds": 3.0, "ok": True, "up": 0.5,
                "kernel_to_init": times[kind][0] * (0.9 if nth == "2" else 1.0),
                "pass": times[kind][1],
                "exits": {"exits": 900, "PLIC": 500, "sbi": 200} if hyp else None}

    monkeypatch.setattr(benchlib, "run_linux", fake_run_linux)
    problems = []
    native, hyp = benchlib.linux_boots("", 2, ["n"], {"": ["h"], "-console": ["c"]}, problems)
    assert problems == []
    assert order == ["linux-native-1", "linux-hyp-1", "linux-hyp-console-1",
                     "linux-native-2", "linux-hyp-2", "linux-hyp-console-2"]
    rows = benchlib.linux_rows(native, hyp["-console"], benchlib.CONSOLE_LABEL,
                               ("kernel_to_init", "pass"))
    assert [r[0] for r in rows] == [
        "Linux, console passed through: kernel start → init, s (printed by init) "
        "(median of 2 runs, wall clock)",
        "Linux, console passed through: kernel start → init, s (fastest of 2 runs, wall clock)",
        "Linux, console passed through: QEMU start → `smoke: PASS`, s "
        "(median of 2 runs, wall clock)"]
    assert rows[0][1:4] == ["0.190", "0.237", "1.250"]
    assert rows[1][1:4] == ["0.180", "0.225", "1.250"]
    assert rows[2][1:4] == ["1.000", "1.100", "1.100"]
    assert rows[2][4] == "900: PLIC 500"
    # linux_pairs keeps its shape for the two-hart rows.
    n2, h2 = benchlib.linux_pairs("2", 1, ["n"], ["h"], problems)
    assert [r["name"] for r in n2 + h2] == ["linux2-native-1", "linux2-hyp-1"]


def test_icount_linux_row_runs_both_kinds_under_icount(monkeypatch):
    """The -icount Linux row: one native and one console-passed-through
    boot, both with -icount, shown in virtual ms; a failed boot is a
    problem and a "failed" cell, not a number."""
    cmds = {}

    def fake_run_linux(name, cmd):
        cmds[name] = cmd
        k2i = {"linux-icount-native": 0.026768, "linux-icount-hyp-console": 0.023749}[name]
        return {"name": name, "status": 0, "seconds": 3.0, "ok": True, "up": 0.5,
                "kernel_to_init": k2i, "pass": 1.0, "exits": None}

    monkeypatch.setattr(benchlib, "run_linux", fake_run_linux)
    problems = []
    native, hyp = benchlib.linux_icount_boots("x.dtb", problems)
    assert problems == []
    assert all(c[c.index("-icount") + 1] == benchlib.ICOUNT for c in cmds.values())
    # The same guest randomness each run: the boots repeat exactly.
    assert all(c[c.index("-seed") + 1] == "1" for c in cmds.values())
    assert "x.dtb" in cmds["linux-icount-hyp-console"]
    [r] = benchlib.linux_icount_rows(native, hyp)
    assert r[0].startswith("Linux, console passed through: kernel start → init under -icount")
    assert r[1:4] == ["26.768", "23.749", "0.887"]
    hyp["ok"] = False
    [r] = benchlib.linux_icount_rows(native, hyp)
    assert r[2:4] == ["failed", "n/a"]


def test_defconfig_rows_boot_the_defconfig_kernel_both_ways(monkeypatch):
    """The defconfig rows: native boots of build/linux-defconfig/Image
    against bench/linux-defconfig-console.dts, wall clock with the issue's
    targets, then one -icount boot of each."""
    cmds = {}

    def fake_run_linux(name, cmd):
        cmds[name] = cmd
        hyp = "hyp" in name
        return {"name": name, "status": 0, "seconds": 3.0, "ok": True, "up": 1.0 if hyp else 0.8,
                "kernel_to_init": 0.6 if hyp else 0.5, "pass": 2.0,
                "exits": {"exits": 1000, "rfence": 400} if hyp else None}

    monkeypatch.setattr(benchlib, "run_linux", fake_run_linux)
    monkeypatch.setattr(benchlib, "compile_linux_config", lambda dts, name: "/x/" + name)
    problems, results = [], {}
    rows = benchlib.defconfig_rows(1, problems, results)
    assert problems == []
    assert sorted(cmds) == ["linux-defconfig-hyp-console-1", "linux-defconfig-icount-hyp-console",
                            "linux-defconfig-icount-native", "linux-defconfig-native-1"]
    for name in ("linux-defconfig-native-1", "linux-defconfig-icount-native"):
        assert benchlib.LINUX_DEFCONFIG_IMAGE in cmds[name]
    assert "/x/linux-defconfig-console.dtb" in cmds["linux-defconfig-hyp-console-1"]
    assert "-icount" in cmds["linux-defconfig-icount-hyp-console"]
    assert [r[0].split(":")[0] for r in rows] == [benchlib.DEFCONFIG_LABEL] * 4
    assert rows[1][3] == "1.200" and "missed" in rows[1][5]
    assert rows[2][4] == "1000: rfence 400"
    assert rows[3][1:4] == ["500.0", "600.0", "1.200"]
    assert set(results["linux_defconfig"]) == {"native", "hypervisor", "icount"}


def test_every_metric_in_every_run(quick_run):
    """The guest's own output, re-parsed from the logs the runner kept."""
    runs = {"two": benchlib.METRICS, "one": benchlib.ONE_HART_METRICS}
    for key, metrics in runs.items():
        for side in ("native", "hyp"):
            name = "%s-icount-%s" % (side, key)
            with open(benchlib.log_path(name)) as f:
                parsed = benchlib.parse(f.read())
            assert parsed["done"] and not parsed["errors"], (name, parsed)
            for m in metrics:
                if m in benchlib.MAY_SKIP and m in parsed["skipped"]:
                    continue
                fields = parsed["metrics"].get(m)
                assert fields, "%s: no 'bench: %s' line" % (name, m)
                assert fields["n"] > 0 and fields["instret"] > 0, (name, m, fields)
                assert isinstance(fields["time"], int) and fields["time"] >= 0, (name, m, fields)
    with open(RAW) as f:
        raw = json.load(f)
    assert raw["problems"] == []
    for side in ("native", "hypervisor"):
        for run in raw["wall"][side]:
            for m in benchlib.WALL_METRICS:
                assert run["metrics"][m]["wall_ns"] > 0, (side, m, run)


def test_table_has_a_row_of_numbers_per_metric(quick_run):
    assert os.path.exists(TABLE), "bench/run did not write build/bench.md"
    with open(TABLE) as f:
        text = f.read()
    assert text == quick_run.stdout
    rows = table_rows(text)
    for m in benchlib.METRICS:
        mine = [r for r in rows if r[0].startswith("`%s`" % m)]
        assert mine, "no row for %s in:\n%s" % (m, text)
        for r in mine:
            assert len(r) == 6, r
            for cell in r[1:3]:
                if cell == "skipped" and m in benchlib.MAY_SKIP:
                    continue
                v = number(cell)
                assert v is not None and v >= 0, "%s: not a number: %r" % (m, r)
        # Instruction counts and wall times are never zero.
        for r in mine:
            if " instret:" in r[0] or " wall " in r[0]:
                if "skipped" not in r[1:3]:
                    assert number(r[1]) > 0 and number(r[2]) > 0, r
    size = [r for r in rows if r[0].startswith("`hypocaust.elf`")]
    assert size and number(size[0][2]) > 0, text
