"""The virtual UART and PLIC with typed input, and console focus between VMs."""
import time

import pexpect

from conftest import BUILD, spawn, transcript


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return transcript(child), child.exitstatus


def test_uart_rx_interrupts_through_vplic():
    """The guest drives the UART and PLIC itself: output through THR, a typed
    line received with RX interrupts, claimed and completed at the vPLIC."""
    c = spawn("uart", timeout=30)
    c.expect_exact("uart: type a line: ")
    c.send("hello\r")
    c.expect_exact("HELLO")
    out, status = finish(c)
    assert "uart: got 'hello' through" in out, out
    assert 'VM "uart" powered off' in out
    assert status == 0


def test_uart_registers_read_as_on_qemu():
    c = spawn("uart", timeout=30)
    # Up to the end of the line, or a half-arrived number would match.
    c.expect(r"uart: IIR 0x\w+ LSR 0x\w+\r*\n")
    hyp_line = c.after.strip()
    c.expect_exact("type a line: ")
    c.send("x\r")
    finish(c)
    native = pexpect.spawn("timeout", ["-k", "5", "30", "qemu-system-riscv64", "-M", "virt",
                                       "-nographic", "-m", "256M", "-kernel",
                                       BUILD + "/guests/uart.elf"], encoding="utf-8")
    native.expect(r"uart: IIR 0x\w+ LSR 0x\w+\r*\n")
    native_line = native.after.strip()
    native.expect_exact("type a line: ")
    native.send("x\r")
    native.expect(pexpect.EOF)
    assert hyp_line == native_line


def test_ctrl_a_switches_input_between_vms():
    c = spawn("two-uarts", timeout=40)
    # The VM in focus prints as it goes, so another VM's whole line may cut
    # its prompt in two and come before or after it: wait for the other
    # VM's last whole line, give the focused one a moment, then type. The
    # UART holds what is typed before the guest enables its interrupt.
    c.expect_exact("[right] uart: IIR")
    time.sleep(1.0)
    c.send("first\r")
    c.expect_exact("uart: got 'first'")
    # Ctrl-A 1: the keyboard now goes to VM 1, whose held prompt comes out.
    c.send("\x011")
    c.expect_exact('console input goes to VM 1 "right"')
    c.expect_exact("type a line: ")
    # Ctrl-A s: exit statistics of every VM, MMIO counted per device.
    c.send("\x01s")
    c.expect(r'exits of VM "left": \d+')
    c.expect(r"mmio:[^\n]* UART \d+")
    c.expect_exact('exits of VM "right"')
    c.send("second\r")
    out, status = finish(c)
    assert "[left] uart: got 'first'" in out, out
    assert "[right] uart: got 'second'" in out, out
    assert status == 0
