"""A host virtio-blk device passed through to Linux: MMIO, interrupts, DMA."""
import os
import re

import pexpect

from conftest import BUILD, spawn, transcript

DISK_TEXT = "hypocaust passthrough disk: sector zero\n"


def make_disk():
    path = os.path.join(BUILD, "test-disk.img")
    with open(path, "wb") as f:
        f.write(DISK_TEXT.encode())
        f.write(b"\0" * (8192 - len(DISK_TEXT)))
    return path


def test_virtio_blk_passthrough_reads_the_host_disk():
    disk = make_disk()
    c = spawn("linux-disk", ["-drive", "file=%s,if=none,format=raw,id=hd0" % disk,
                             "-device", "virtio-blk-device,drive=hd0"], timeout=180)
    c.expect_exact("hyp# ", timeout=150)
    c.send("cat /sys/block/vda/size\r")
    c.expect(r"\n16\r")
    c.expect_exact("hyp# ")
    # Reading the device: requests through the mapped MMIO, data by DMA
    # into identity-mapped RAM, completion by the routed interrupt.
    c.send("cat /dev/vda\r")
    c.expect_exact(DISK_TEXT.strip())
    c.expect_exact("hyp# ", timeout=60)
    c.send("poweroff\r")
    c.expect(pexpect.EOF)
    c.close()
    out = transcript(c)
    assert re.search(r"virtio_blk virtio\d: \[vda\] 16 512-byte logical blocks", out), out
    # The device's interrupts reached the guest: exits counted at shutdown
    # show host external interrupts, and the vPLIC was used.
    assert re.search(r"host-external \d+", out), out
    assert re.search(r"mmio:.* PLIC \d+", out), out
    assert c.exitstatus == 0
