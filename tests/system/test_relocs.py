"""tools/relocs: the table the hypervisor fixes its absolute addresses by
when it moves itself (src/core/move.c), on small images linked like it."""
import os
import struct
import subprocess

import pytest

from conftest import BUILD, ROOT

TOOL = os.path.join(ROOT, "tools", "relocs")
CC = "riscv64-unknown-elf-gcc"
# The hypervisor's layout, in brief: the image, then its .relocs table.
LDS = """
SECTIONS {
	. = 0x200000;
	__image_start = .;
	.text : { *(.text) }
	.rodata : ALIGN(8) { *(.rodata) }
	.data : ALIGN(8) { *(.data) }
	.relocs : ALIGN(4) { KEEP(*(.hyp_relocs)) }
	.bss : { *(.bss) }
}
"""
TABLE = """
	.section .hyp_relocs, "a"
	.space 4 * 4
"""


def link(tmp_path, asm):
    (tmp_path / "t.ld").write_text(LDS)
    (tmp_path / "t.S").write_text(asm + TABLE)
    elf = tmp_path / "t.elf"
    subprocess.run([CC, "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-nostdlib",
                    "-static", "-Wl,--emit-relocs", "-Wl,--no-warn-rwx-segments", "-T", str(tmp_path / "t.ld"),
                    str(tmp_path / "t.S"), "-o", str(elf)], check=True)
    return elf


def relocs(elf, out):
    return subprocess.run(["/usr/bin/python3", TOOL, str(elf), str(out)], capture_output=True,
                          text=True)


def test_pointers_in_data_are_listed_constants_are_not(tmp_path):
    elf = link(tmp_path, """
	.text
	.global _start
_start:	la	a0, table	/* PC-relative: moves as it is */
	ret
	.section .rodata
table:	.dword	_start, table + 8	/* absolute: listed */
	.dword	_start - table		/* a difference: not */
	.set	konst, 0x1234
	.dword	konst			/* an absolute symbol: not */
	.data
ptr:	.dword	ptr			/* listed */
""")
    r = relocs(elf, tmp_path / "table.bin")
    assert r.returncode == 0, r.stderr
    words = struct.unpack("<4I", (tmp_path / "table.bin").read_bytes())
    # A count, then the offsets from __image_start of the listed doublewords.
    syms = subprocess.run(["riscv64-unknown-elf-nm", str(elf)], capture_output=True, text=True,
                          check=True).stdout
    addr = {l.split()[2]: int(l.split()[0], 16) for l in syms.splitlines() if len(l.split()) == 3}
    base = addr["__image_start"]
    assert words == (3, addr["table"] - base, addr["table"] + 8 - base, addr["ptr"] - base)


@pytest.mark.parametrize("insn", ["lui a0, %hi(_start)", ".section .rodata\n\t.word _start"])
def test_an_absolute_address_it_cannot_fix_fails_the_build(tmp_path, insn):
    elf = link(tmp_path, """
	.text
	.global _start
_start:	%s
	ret
""" % insn)
    r = relocs(elf, tmp_path / "table.bin")
    assert r.returncode != 0
    assert "the move cannot fix" in r.stderr, r.stderr


def test_a_table_too_small_fails_the_build(tmp_path):
    elf = link(tmp_path, """
	.text
	.global _start
_start:	ret
	.data
	.dword	_start, _start, _start, _start
""")
    r = relocs(elf, tmp_path / "table.bin")
    assert r.returncode != 0
    assert "4 relocations, the table holds 3" in r.stderr, r.stderr


def test_the_hypervisor_table_lists_what_its_link_needs():
    """The built hypervisor's table: a count within its capacity, offsets
    of aligned doublewords inside its loaded image."""
    table = open(os.path.join(BUILD, "hyp", "relocs.bin"), "rb").read()
    words = struct.unpack("<%dI" % (len(table) // 4), table)
    n, offsets = words[0], words[1:1 + words[0]]
    assert 0 < n <= len(words) - 1
    assert all(o % 8 == 0 for o in offsets)
    assert list(offsets) == sorted(set(offsets))
    assert all(w == 0 for w in words[1 + n:])
