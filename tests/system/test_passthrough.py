"""A host virtio-blk device passed through to Linux: MMIO, interrupts, DMA."""
import os
import random
import re
import shutil
import socket
import subprocess
import threading
import zlib

import pexpect
import pytest

from conftest import BUILD, TEST_CONFIGS, run, spawn, transcript

DISK_TEXT = "hypocaust passthrough disk: sector zero\n"


def make_disk():
    path = os.path.join(BUILD, "test-disk.img")
    with open(path, "wb") as f:
        f.write(DISK_TEXT.encode())
        f.write(b"\0" * (8192 - len(DISK_TEXT)))
    return path


@pytest.mark.parametrize("config,device", [("linux-disk", "virtio-blk-device"),
                                           ("linux-disk-low", "virtio-blk-device"),
                                           ("linux-pci", "virtio-blk-pci")])
def test_virtio_blk_passthrough_reads_the_host_disk(config, device):
    """linux-disk-low has the VM's RAM from 0x80200000, where OpenSBI
    entered the hypervisor, which moved itself to the top of RAM.
    linux-pci has QEMU's PCIe host bridge, with the disk behind it."""
    disk = make_disk()
    c = spawn(config, ["-drive", "file=%s,if=none,format=raw,id=hd0" % disk,
                       "-device", "%s,drive=hd0" % device], timeout=180)
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
    moved = re.search(r"hypocaust: running at (0x[0-9a-f]+)-0x[0-9a-f]+, moved from 0x80200000", out)
    assert moved and int(moved.group(1), 16) >= 0x88000000, out
    if config == "linux-disk-low":
        assert 'VM 0 "linux": harts 0, RAM 0x80200000+126M (host 0x80200000)' in out, out
    if config == "linux-pci":
        # The guest enumerated the bridge and the disk, and placed its BARs
        # in the bridge's windows, mapped into the VM.
        assert "pci-host-generic 30000000.pci: PCI host bridge to bus 0000:00" in out, out
        assert re.search(r"pci 0000:00:0\d\.0: \[1af4:1001\]", out), out
        assert re.search(r"BAR 1 \[mem 0x4\w+-0x4\w+\]: assigned", out), out


# ---- ext4 on a passed-through virtio-blk disk, across two boots ----

def tool(name):
    """e2fsprogs live in /usr/sbin, which a non-root PATH may lack."""
    for d in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/sbin", "/sbin"]:
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    raise FileNotFoundError("%s (Debian package e2fsprogs; run tools/setup)" % name)


def make_ext4(path, files, size_mib=16):
    """An ext4 image holding files, made without root by mke2fs -d."""
    root = path + ".d"
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
    with open(path, "wb"):
        pass  # an empty file: mke2fs then does not announce creating one
    subprocess.run([tool("mke2fs"), "-q", "-F", "-t", "ext4", "-d", root, path,
                    "%dM" % size_mib], check=True)
    shutil.rmtree(root)


def debugfs_cat(image, name):
    r = subprocess.run([tool("debugfs"), "-R", "cat /" + name, image], check=True,
                       capture_output=True)
    return r.stdout


def boot_disk(image):
    r = run("linux-ext4", ["-drive", "file=%s,if=none,format=raw,id=hd0" % image,
                           "-device", "virtio-blk-device,drive=hd0"], timeout=240)
    assert r.status == 0, r.output
    assert "disk: PASS" in r.output, r.output
    return r.output


def test_ext4_on_passed_through_disk_keeps_a_file_across_boots():
    payload = random.Random(4).randbytes(300 * 1024)
    image = os.path.join(BUILD, "test-ext4.img")
    make_ext4(image, {"payload.bin": payload,
                      "payload.crc": b"%08x\n" % zlib.crc32(payload)})

    first = boot_disk(image)
    assert "disk: payload.bin %d bytes crc32=%08x ok" % (len(payload), zlib.crc32(payload)) \
        in first, first
    assert "disk: no boots.txt yet" in first, first
    assert 'disk: wrote "boot 1" to boots.txt' in first, first

    # The second boot finds what the first wrote: the data lives in the
    # host's image file, reached by DMA from the passed-through device.
    second = boot_disk(image)
    assert "disk: boots.txt has 1 line(s)" in second, second
    assert 'disk: wrote "boot 2" to boots.txt' in second, second

    # The host reads the same file back, and the file system is clean.
    assert debugfs_cat(image, "boots.txt") == b"boot 1\nboot 2\n"
    fsck = subprocess.run([tool("e2fsck"), "-f", "-n", image], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    # The guest's interrupts came from the device through the vPLIC.
    assert re.search(r"host-external \d+", second), second


# ---- virtio-net passed through: TCP to the host through QEMU's slirp ----

GUEST_GREETING = b"hypocaust-net hello\n"


def guest_pattern(n):
    """What linux/init/io.c sends after its greeting (pattern_byte)."""
    return bytes((i * 7 + i // 256 + 3) & 0xff for i in range(n))


class Peer(threading.Thread):
    """The host end: accepts one connection, reads all the guest sends up to
    the guest's half-close, answers with reply and closes."""

    def __init__(self, reply):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(200)
        self.port = self.sock.getsockname()[1]
        self.reply = reply
        self.received = b""
        self.error = None

    def run(self):
        try:
            conn, _ = self.sock.accept()
            with conn:
                conn.settimeout(60)
                while True:
                    data = conn.recv(65536)
                    if not data:
                        break
                    self.received += data
                conn.sendall(self.reply)
        except OSError as e:
            self.error = e
        finally:
            self.sock.close()


@pytest.mark.parametrize("config,device", [("linux-net", "virtio-net-device"),
                                           ("linux-net-pci", "virtio-net-pci,romfile=")])
def test_virtio_net_passthrough_exchanges_tcp_with_the_host(config, device):
    """linux-net-pci: the card behind the PCIe host bridge, passed through
    (no option ROM: Debian's QEMU has it in ipxe-qemu, and Linux needs none)."""
    reply = random.Random(5).randbytes(100 * 1000)
    peer = Peer(reply)
    peer.start()
    with open(os.path.join(TEST_CONFIGS, config + ".dts.in")) as f:
        dts = f.read().replace("@PORT@", str(peer.port))
    config = os.path.join(BUILD, "tests", config + ".dts")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        f.write(dts)

    r = run(config, ["-netdev", "user,id=n0", "-device", "%s,netdev=n0" % device],
            timeout=240)
    peer.join(10)
    assert r.status == 0, r.output
    assert "net: eth0 up as 10.0.2.15/24" in r.output, r.output
    assert peer.error is None, peer.error
    # Guest to host: the greeting and 64 KiB of the guest's pattern.
    assert peer.received[:len(GUEST_GREETING)] == GUEST_GREETING
    assert peer.received[len(GUEST_GREETING):] == guest_pattern(65536)
    # Host to guest: the guest's CRC-32 of all it read.
    assert "net: received %d bytes crc32=%08x" % (len(reply), zlib.crc32(reply)) in r.output, \
        r.output
    assert "net: PASS" in r.output, r.output


# ---- configs/linux-virtio.dts (make run-virtio): both devices, 2 vCPUs ----

def test_linux_virtio_config_has_disk_and_network_in_the_shell():
    image = os.path.join(BUILD, "test-virtio.img")
    make_ext4(image, {"hello.txt": b"hello from the host image\n"})
    c = spawn("linux-virtio", ["-drive", "file=%s,if=none,format=raw,id=hd0" % image,
                               "-device", "virtio-blk-device,drive=hd0",
                               "-netdev", "user,id=n0", "-device",
                               "virtio-net-device,netdev=n0"], timeout=240)
    c.expect_exact("hyp# ", timeout=200)
    c.send("mount /dev/vda /mnt\r")
    c.expect_exact("hyp# ")
    c.send("cat /mnt/hello.txt\r")
    c.expect_exact("hello from the host image")
    c.expect_exact("hyp# ")
    c.send("ls /sys/class/net\r")
    c.expect(r"eth0")
    c.expect_exact("hyp# ")
    c.send("umount /mnt\r")
    c.expect_exact("hyp# ")
    c.send("poweroff\r")
    c.expect(pexpect.EOF)
    c.close()
    out = transcript(c)
    assert "mount:" not in out and "umount:" not in out, out
    assert re.search(r"virtio_blk virtio\d: \[vda\]", out), out
    assert "smp: Brought up 1 node, 2 CPUs" in out, out
    assert c.exitstatus == 0, out
