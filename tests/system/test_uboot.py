"""Debian's U-Boot (qemu-riscv64_smode) as an unmodified guest, driven at its prompt."""
import pexpect

from conftest import spawn, transcript


def test_uboot_prompt_commands_reset_and_poweroff():
    c = spawn("uboot", timeout=120)
    c.expect_exact("=> ", timeout=60)
    c.send("version\r")
    c.expect(r"U-Boot 20\d\d\.\d\d")
    c.expect_exact("=> ")
    c.send("printenv fdtcontroladdr\r")
    c.expect(r"fdtcontroladdr=[0-9a-f]+")
    c.expect_exact("=> ")
    c.send("reset\r")
    c.expect_exact('VM "uboot" rebooting')
    # The VM starts again from its pristine image: a second banner and prompt.
    c.expect_exact("U-Boot 20")
    c.expect_exact("=> ", timeout=60)
    c.send("poweroff\r")
    c.expect(pexpect.EOF)
    c.close()
    out = transcript(c)
    assert out.count("DRAM:  128 MiB") == 2, out
    assert "In:    serial@10000000" in out
    assert 'VM "uboot" powered off' in out
    assert c.exitstatus == 0
