#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Boots the Linux guest natively on QEMU (no hypervisor) and checks it.

    linux/test.py                  all runs: smoke on 4 cpus (ttyS0), on 1 cpu,
                                   on 4 cpus with console=hvc0, and the shell
    linux/test.py smoke-smp4 shell only the named runs
    linux/test.py --kernel build/linux-defconfig/Image smoke-smp4

Needs build/linux/Image and build/linux/initramfs.cpio.gz (linux/build.sh).
Every QEMU run is bounded by `timeout -k 5 300`. The transcript of each run
is written to build/linux/test-<run>.log. Ends with "N passed, N failed".
"""
import argparse
import os
import re
import sys
import time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
if not os.path.isabs(BUILD):
    BUILD = os.path.join(ROOT, BUILD)
OUT = os.path.join(BUILD, "linux")
TIMEOUT = 300


def qemu_cmd(kernel, initrd, smp, append):
    return ["timeout", "-k", "5", str(TIMEOUT), "qemu-system-riscv64",
            "-M", "virt", "-nographic", "-smp", str(smp), "-m", "256M",
            "-kernel", kernel, "-initrd", initrd, "-append", append]


class Run:
    def __init__(self, name, args, smp, append):
        self.name = name
        self.log_path = os.path.join(OUT, "test-%s.log" % name)
        self.log = open(self.log_path, "w")
        cmd = qemu_cmd(args.kernel, args.initrd, smp, append)
        self.log.write("$ %s\n" % " ".join(repr(c) if " " in c else c for c in cmd))
        self.t0 = time.monotonic()
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=TIMEOUT)
        self.child.logfile_read = self.log

    def expect(self, pattern, timeout=120):
        self.child.expect(pattern, timeout=timeout)
        return time.monotonic() - self.t0

    def finish(self):
        """Waits for QEMU to exit by itself; returns its exit status."""
        self.child.expect(pexpect.EOF, timeout=60)
        self.child.close()
        self.log.close()
        return self.child.exitstatus

    def kill(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.log.close()


def smoke(args, name, smp, console):
    run = Run(name, args, smp, "console=%s earlycon=sbi hyp.test=smoke" % console)
    try:
        t_up = run.expect(r"hypocaust-init: up \((\d+) cpus\)")
        cpus = int(run.child.match.group(1))
        run.expect(r"smoke: (PASS|FAIL \(\d+ checks\))")
        verdict = run.child.match.group(1)
        lines = [l.strip() for l in run.child.before.splitlines() if l.strip().startswith("smoke:")]
        t_end = time.monotonic() - run.t0
        status = run.finish()
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        run.kill()
        print("%s: FAIL (%s; see %s)" % (name, type(e).__name__, run.log_path))
        return False
    for l in lines:
        print("  " + l)
    print("  smoke: " + verdict)
    ok = verdict == "PASS" and cpus == smp and status == 0
    print("%s: %s (init up after %.2f s, %d cpus, verdict at %.2f s, qemu exit %s)"
          % (name, "ok" if ok else "FAIL", t_up, cpus, t_end, status))
    return ok


def shell(args, name="shell"):
    run = Run(name, args, 2, "console=ttyS0 earlycon=sbi")
    prompt = "hyp# "
    try:
        t_up = run.expect(r"hypocaust-init: up \(2 cpus\)")
        run.expect(prompt)
        run.child.send("uname -a\r")
        run.expect(r"Linux \S+ 6\.1\.\S+ .* riscv64\r*\n")
        uname = run.child.after.strip()
        run.expect(prompt)
        run.child.send("cat /proc/cpuinfo\r")
        run.expect(prompt)
        nproc = len(re.findall(r"^processor\s*:", run.child.before, re.M))
        if nproc != 2:
            raise AssertionError("cat /proc/cpuinfo showed %d processors" % nproc)
        # line editing: "echo helloXY" with two backspaces (DEL and ^H)
        run.child.send("echo helloXY\x7f\x08 world\r")
        run.expect(r"\n(hello world)\r*\n")
        run.expect(prompt)
        run.child.send("frobnicate now\r")
        run.expect(r"unknown command: frobnicate \(try help\)")
        run.expect(prompt)
        run.child.send("free\r")
        run.expect(r"Mem:\s+\d+")
        run.expect(prompt)
        run.child.send("ls /\r")
        run.expect(r"init\*")
        run.expect(prompt)
        run.child.send("poweroff\r")
        run.expect("hypocaust-init: powering off")
        status = run.finish()
    except (pexpect.TIMEOUT, pexpect.EOF, AssertionError) as e:
        run.kill()
        print("%s: FAIL (%s: %s; see %s)" % (name, type(e).__name__,
                                             str(e).splitlines()[0] if str(e) else "", run.log_path))
        return False
    print("  " + uname)
    ok = status == 0
    print("%s: %s (init up after %.2f s, uname/cat/echo/free/ls/poweroff, qemu exit %s)"
          % (name, "ok" if ok else "FAIL", t_up, status))
    return ok


RUNS = {
    "smoke-smp4": lambda a: smoke(a, "smoke-smp4", 4, "ttyS0"),
    "smoke-smp1": lambda a: smoke(a, "smoke-smp1", 1, "ttyS0"),
    "smoke-hvc0": lambda a: smoke(a, "smoke-hvc0", 4, "hvc0"),
    "shell": shell,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="*", metavar="RUN",
                   help="runs to do: %s (default: all)" % ", ".join(RUNS))
    p.add_argument("--kernel", default=os.path.join(OUT, "Image"))
    p.add_argument("--initrd", default=os.path.join(OUT, "initramfs.cpio.gz"))
    args = p.parse_args()
    for name in args.runs:
        if name not in RUNS:
            p.error("unknown run '%s' (runs: %s)" % (name, ", ".join(RUNS)))
    for f in (args.kernel, args.initrd):
        if not os.path.exists(f):
            sys.exit("linux/test.py: %s is missing: run linux/build.sh first" % f)
    passed = failed = 0
    for name in args.runs or list(RUNS):
        if RUNS[name](args):
            passed += 1
        else:
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
