# SPDX-License-Identifier: MIT
"""bench/run's disk figures: virtio-blk throughput natively and passed through.

The Linux guest's init (hyp.test=diskbench, linux/init/io.c) writes then
reads a 64 MiB file with O_DIRECT, 1 MiB requests, five times per boot, on
an ext4 image made fresh for each boot, and prints one line per run:

    diskbench: run N write W MiB/s read R MiB/s irqs I irq/s S

Under the hypervisor, this module presses Ctrl-A s once the guest prints
"diskbench: begin" and again at "diskbench: end" (the guest idles a second
after each), so the difference of the two exit-counter snapshots is what
the runs cost in exits.
"""
import os
import re
import select
import shutil
import statistics
import subprocess
import time

RUN_RE = re.compile(r"diskbench: run \d+ write ([\d.]+) MiB/s read ([\d.]+) MiB/s "
                    r"irqs (\d+) irq/s (\d+)")
STATS_HEAD_RE = re.compile(r'hypocaust: exits of VM "[^"]*": (\d+) \(sbi (\d+)\)')
STATS_ITEM_RE = re.compile(r"([A-Za-z][\w-]*) (\d+)")
CTRL_A_S = b"\x01s"
IMAGE_MIB = 160


def mke2fs():
    for p in (shutil.which("mke2fs"), "/usr/sbin/mke2fs", "/sbin/mke2fs"):
        if p and os.access(p, os.X_OK):
            return p
    raise FileNotFoundError("mke2fs (Debian package e2fsprogs; run tools/setup)")


def make_image(path):
    """A fresh, empty ext4 image with room for the 64 MiB file."""
    with open(path, "wb"):
        pass  # an empty file: mke2fs then does not announce creating one
    subprocess.run([mke2fs(), "-q", "-F", "-t", "ext4", path, "%dM" % IMAGE_MIB], check=True)


def drive_args(image):
    return ["-drive", "file=%s,if=none,format=raw,id=hd0" % image,
            "-device", "virtio-blk-device,drive=hd0"]


def parse_stats(lines):
    """Exit counters from one block printed by the hypervisor (stats.c)."""
    m = STATS_HEAD_RE.search(lines[0])
    counts = {"exits": int(m.group(1)), "sbi": int(m.group(2))}
    for line in lines[1:]:
        body = line.split(":", 2)[-1]
        for name, n in STATS_ITEM_RE.findall(body):
            counts[name] = counts.get(name, 0) + int(n)
    return counts


def stats_blocks(lines):
    """(line index, counters) of every exit-counter block in the output."""
    blocks = []
    for i, line in enumerate(lines):
        if STATS_HEAD_RE.search(line):
            j = i + 1
            while j < len(lines) and lines[j].lstrip().startswith("hypocaust:   "):
                j += 1
            blocks.append((i, parse_stats(lines[i:j])))
    return blocks


def parse(output):
    """The runs and, under the hypervisor, the exit counters the runs cost."""
    lines = output.splitlines()
    runs = [tuple(float(x) for x in m.groups()) for m in map(RUN_RE.search, lines) if m]
    begin = next((i for i, l in enumerate(lines) if "diskbench: begin" in l), None)
    end = next((i for i, l in enumerate(lines) if "diskbench: end" in l), None)
    delta = None
    if begin is not None and end is not None:
        blocks = stats_blocks(lines)
        first = next((c for i, c in blocks if begin < i < end), None)
        second = next((c for i, c in blocks if i > end), None)
        if first and second:
            delta = {k: second.get(k, 0) - first.get(k, 0) for k in second}
    return {"runs": runs, "exits": delta, "pass": any("diskbench: PASS" in l for l in lines)}


def output_chunks(p, t0, timeout):
    """What process p prints, as text without CRs, until EOF, its exit or
    timeout seconds after t0 (then it is killed)."""
    fd = p.stdout.fileno()
    while time.monotonic() - t0 < timeout:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            if p.poll() is not None:
                return
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        yield chunk.decode("utf-8", "replace").replace("\r", "")
    p.kill()


def boot(cmd, name, log_path, press_keys, timeout):
    """Boots one diskbench guest; presses Ctrl-A s at begin and end if asked."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    text, pending = "", ["diskbench: begin", "diskbench: end"]
    for chunk in output_chunks(p, t0, timeout):
        text += chunk
        # Only once the whole line is out: the keys make the hypervisor
        # print at once, in the middle of a line if there is one.
        if press_keys and pending and re.search(re.escape(pending[0]) + r"[^\n]*\n", text):
            pending.pop(0)
            p.stdin.write(CTRL_A_S)
            p.stdin.flush()
    try:
        status = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    with open(log_path, "w") as f:
        f.write("$ %s\n%s\n[exit status %s]\n" % (" ".join(cmd), text, status))
    res = parse(text)
    res.update(name=name, status=status, ok=status == 0 and res["pass"] and len(res["runs"]) > 0)
    return res


def summary(boots):
    """Medians over every run of every good boot, and exits per interrupt."""
    runs = [r for b in boots if b["ok"] for r in b["runs"]]
    if not runs:
        return None
    out = {"write": statistics.median(r[0] for r in runs),
           "read": statistics.median(r[1] for r in runs),
           "irq_per_s": statistics.median(r[3] for r in runs), "nruns": len(runs)}
    per_irq = [(b["exits"]["exits"], sum(r[2] for r in b["runs"])) for b in boots
               if b["ok"] and b["exits"]]
    if per_irq:
        out["exits_per_irq"] = statistics.median(e / max(i, 1) for e, i in per_irq)
        out["exits"] = [b["exits"] for b in boots if b["ok"] and b["exits"]]
    return out
