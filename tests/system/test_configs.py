"""Bad configurations stop boot with a message naming the VM and property."""
import os
import subprocess

import pytest

from conftest import BUILD, ROOT, run

BAD = [
    ("bad-overlap", "vm@1", "memory", "regions 0 and 1 overlap"),
    ("bad-hart-twice", "vm@1", "cpus", 'hart 0 is already given to vm@0 ("first")'),
    ("bad-no-hart", "vm@1", "cpus", "hart 7 does not exist"),
    ("bad-too-big", "vm@1", "kernel", "does not fit in the VM's memory"),
    ("bad-missing", "vm@1", "memory", "missing"),
    ("bad-unknown", "vm@1", "kernal", "unknown property"),
    ("bad-device-overlap", "vm@1", "memory", "overlaps the emulated UART at 0x10000000"),
    ("bad-device-twice", "vm@1", "devices",
     '/soc/virtio_mmio@10008000 is already given to vm@0 ("first")'),
    ("bad-device-missing", "vm@1", "devices", "no node /soc/virtio_mmio@20000000 in the host DT"),
    ("bad-device-no-identity", "vm@1", "devices", "does DMA and there is no IOMMU"),
]


@pytest.mark.parametrize("config,node,prop,detail", BAD, ids=[b[0] for b in BAD])
def test_bad_config_stops_boot(config, node, prop, detail):
    r = run(config, ["-smp", "2"], timeout=30)
    err = [l for l in r.lines("hypocaust: error:")]
    assert err, r.output
    assert '%s ("second"): property \'%s\'' % (node, prop) in err[0], err[0]
    assert detail in err[0], err[0]
    assert "nothing was started" in r.output
    # No VM ran: the first VM's guest printed nothing.
    assert "hello:" not in r.output
    assert r.status != 0


def test_missing_h_extension_is_reported():
    r = run("hello", ["-cpu", "rv64,h=false"], timeout=30)
    assert "hypocaust: error: this CPU has no hypervisor (H) extension" in r.output, r.output
    assert "hello:" not in r.output
    assert r.status == 1


def test_no_config_blob():
    """Booting the hypervisor without -initrd is an error, not a hang."""
    p = subprocess.run(["timeout", "-k", "5", "30", "qemu-system-riscv64", "-M", "virt",
                        "-nographic", "-kernel", os.path.join(BUILD, "hypocaust.bin")],
                       capture_output=True, text=True, cwd=ROOT)
    assert "hypocaust: error: config: no configuration blob" in p.stdout, p.stdout
    assert p.returncode == 1


def test_large_vm_fits_in_the_ram_tools_run_gives_qemu():
    """tools/run leaves a piece of host RAM the VM's 1022 MiB fit in, past
    the DTB QEMU puts at 3 GiB."""
    r = run("hello-1022m", timeout=60)
    assert "error" not in r.output, r.output
    assert "RAM 0x80000000+1022M" in r.output, r.output
    assert "hello: done" in r.output, r.output
    assert r.status == 0


def test_vm_larger_than_any_free_piece_is_refused_naming_the_largest():
    """Enough free RAM in all, but not in one piece: the error says so."""
    r = run("hello-1022m", ["-m", "1280M"], timeout=30)
    err = r.lines("hypocaust: error:")
    assert err, r.output
    assert ('vm@0 ("hello"): property \'memory\': 1022 MiB do not fit in one piece of the '
            "host's free RAM") in err[0], err[0]
    assert "the largest piece" in err[0], err[0]
    assert "hello:" not in r.output
    assert r.status != 0

