// SPDX-License-Identifier: MIT
/*
 * passthrough_create: device ownership (one VM per device), the DMA rule
 * (identity-map without an IOMMU), 1:1 stage-2 mapping and interrupt
 * routing, against a host DT built here; the console UART passed through
 * (the owner gets no virtual UART, the other VMs keep theirs).
 */
#include "helpers.h"
#include "stubs.h"

#include <libfdt.h>

#include "lib.h"
#include "passthrough.h"
#include "platform.h"
#include "stage2.h"
#include "stubs_smp.h"
#include "vm.h"
#include "vm_devices.h"
#include "vuart.h"

#define VIRTIO_BLK "/soc/virtio_mmio@10008000"
#define VIRTIO_NET "/soc/virtio_mmio@10007000"
#define RTC "/soc/rtc@101000"
#define ODD "/soc/odd@10000800"
#define NOREG "/soc/noreg"
#define SERIAL "/soc/serial@10000000"
#define PCI "/soc/pci@30000000"
#define PCI_FOREIGN "/soc/pci@50000000"
#define PCI_ADDRESSED "/soc/pci@60000000"
#define PLIC_PHANDLE 3

static char err[256];

static void device(struct fdt_builder *b, const char *name, const char *compat, uint32_t base,
		   uint32_t irq)
{
	fdtb_begin(b, name);
	fdtb_str(b, "compatible", compat);
	/* QEMU virt's UART has 0x100 bytes of registers: its page is mapped. */
	if (base)
		fdtb_cells(b, "reg", 4, 0, base, 0, base == 0x10000000 ? 0x100 : 0x1000);
	if (irq)
		fdtb_cells(b, "interrupts", 1, irq);
	fdtb_end(b);
}

/*
 * QEMU virt's PCIe host bridge: ECAM, I/O, 32- and 64-bit memory windows,
 * INTA-INTD of each slot swizzled onto PLIC lines 32-35. The second one's
 * interrupt-map names another interrupt controller.
 */
static void pci_bridge(struct fdt_builder *b, const char *name, uint32_t ecam, uint32_t parent)
{
	fdtb_begin(b, name);
	fdtb_str(b, "compatible", "pci-host-ecam-generic");
	fdtb_str(b, "device_type", "pci");
	fdtb_u32(b, "#address-cells", 3);
	fdtb_u32(b, "#size-cells", 2);
	fdtb_u32(b, "#interrupt-cells", 1);
	fdtb_cells(b, "reg", 4, 0, ecam, 0, 0x10000000);
	fdtb_cells(b, "ranges", 21, 0x1000000, 0, 0, 0, 0x3000000, 0, 0x10000, 0x2000000, 0,
		   0x40000000, 0, 0x40000000, 0, 0x40000000, 0x3000000, 4, 0, 4, 0, 4, 0);
	fdtb_cells(b, "interrupt-map-mask", 4, 0x1800, 0, 0, 7);
	fdtb_cells(b, "interrupt-map", 24, 0, 0, 0, 1, parent, 0x20, 0, 0, 0, 2, parent, 0x21,
		   0x800, 0, 0, 1, parent, 0x21, 0x800, 0, 0, 2, parent, 0x23);
	fdtb_u32(b, "msi-parent", PLIC_PHANDLE);
	fdtb_end(b);
}

/* QEMU virt's shape: its UART, two virtio slots, a goldfish RTC, a misaligned node. */
static void *host_dt(void)
{
	struct fdt_builder b;

	fdtb_init(&b, 8192);
	fdtb_begin(&b, "");
	fdtb_u32(&b, "#address-cells", 2);
	fdtb_u32(&b, "#size-cells", 2);
	fdtb_begin(&b, "soc");
	fdtb_u32(&b, "#address-cells", 2);
	fdtb_u32(&b, "#size-cells", 2);
	device(&b, "serial@10000000", "ns16550a", 0x10000000, 10);
	device(&b, "virtio_mmio@10008000", "virtio,mmio", 0x10008000, 8);
	device(&b, "virtio_mmio@10007000", "virtio,mmio", 0x10007000, 7);
	device(&b, "rtc@101000", "google,goldfish-rtc", 0x101000, 11);
	device(&b, "odd@10000800", "vendor,odd", 0x10000800, 0);
	device(&b, "noreg", "vendor,noreg", 0, 0);
	fdtb_begin(&b, "plic@c000000");
	fdtb_str(&b, "compatible", "sifive,plic-1.0.0");
	fdtb_u32(&b, "#interrupt-cells", 1);
	fdtb_u32(&b, "phandle", PLIC_PHANDLE);
	fdtb_end(&b);
	fdtb_begin(&b, "intc");
	fdtb_str(&b, "compatible", "vendor,intc");
	fdtb_u32(&b, "#interrupt-cells", 1);
	fdtb_u32(&b, "phandle", 9);
	fdtb_end(&b);
	pci_bridge(&b, "pci@30000000", 0x30000000, PLIC_PHANDLE);
	fdtb_begin(&b, "plic@d000000");
	fdtb_str(&b, "compatible", "sifive,plic-1.0.0");
	fdtb_u32(&b, "#interrupt-cells", 1);
	fdtb_u32(&b, "#address-cells", 2);
	fdtb_u32(&b, "phandle", 10);
	fdtb_end(&b);
	pci_bridge(&b, "pci@50000000", 0x50000000, 9);
	pci_bridge(&b, "pci@60000000", 0x60000000, 10);
	fdtb_end(&b);
	fdtb_end(&b);
	return fdtb_finish(&b, NULL);
}

static struct vm_config cfg[2];

static void vm_setup(unsigned i, const char *name, bool identity)
{
	struct vm *vm = &vms[i];

	memset(&cfg[i], 0, sizeof(cfg[i]));
	snprintf(cfg[i].node, sizeof(cfg[i].node), "vm@%u", i);
	snprintf(cfg[i].name, sizeof(cfg[i].name), "%s", name);
	cfg[i].identity_map = identity;
	memset(vm, 0, sizeof(*vm));
	vm->id = i;
	vm->cfg = &cfg[i];
	assert_int_equal(stage2_init(&vm->s2, i + 1), HYP_OK);
	nr_vms = i + 1;
}

static void give(unsigned i, const char *path)
{
	cfg[i].devices[cfg[i].ndevices++] = path;
}

static int setup(void **state)
{
	(void)state;
	test_ram_reset();
	platform.dtb = host_dt();
	nr_vms = 0;
	err[0] = '\0';
	vm_setup(0, "linux", true);
	vm_setup(1, "other", true);
	return 0;
}

static int teardown(void **state)
{
	for (unsigned i = 0; i < nr_vms; i++)
		memset(&vms[i], 0, sizeof(vms[i]));
	test_ram_release();
	return teardown_free_all(state);
}

static int create(unsigned i)
{
	return passthrough_create(&vms[i], err, sizeof(err));
}

static void test_device_mapped_one_to_one_read_write(void **state)
{
	uint64_t hpa;
	unsigned long prot;

	(void)state;
	give(0, VIRTIO_BLK);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(vms[0].npt, 1);
	assert_int_equal(stage2_translate(&vms[0].s2, 0x10008004, &hpa, &prot), HYP_OK);
	assert_int_equal(hpa, 0x10008004);
	assert_true((prot & (S2_READ | S2_WRITE)) == (S2_READ | S2_WRITE));
	/* Only the device's page: its neighbour slot stays unmapped. */
	assert_int_equal(stage2_translate(&vms[0].s2, 0x10007000, &hpa, NULL), HYP_EFAULT);
	assert_true(passthrough_covers(&vms[0], 0x10008000, 4));
	assert_false(passthrough_covers(&vms[0], 0x10007000, 0x1000));
	assert_true(vms[0].pt[0].dma);
}

/*
 * A PCIe host bridge: its ECAM and the windows of its ranges mapped 1:1,
 * the PLIC lines of its interrupt-map routed, DMA (identity-map) required.
 */
static void test_pci_bridge_windows_and_interrupt_map(void **state)
{
	static const uint64_t win[][2] = {{0x30000000, 0x10000000},
					  {0x3000000, 0x10000},
					  {0x40000000, 0x40000000},
					  {0x400000000, 0x400000000}};
	const struct pt_device *d;
	uint64_t hpa;

	(void)state;
	give(0, PCI);
	assert_int_equal(create(0), HYP_OK);
	d = &vms[0].pt[0];
	assert_true(d->dma);
	assert_int_equal(d->nwin, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(d->win[i].base, win[i][0]);
		assert_int_equal(d->win[i].size, win[i][1]);
		assert_int_equal(
			stage2_translate(&vms[0].s2, win[i][0] + win[i][1] - 8, &hpa, NULL),
			HYP_OK);
		assert_int_equal(hpa, win[i][0] + win[i][1] - 8);
	}
	/* Each line once, whatever number of slots share it. */
	assert_int_equal(d->nirqs, 3);
	assert_int_equal(d->irq[0], 0x20);
	assert_int_equal(d->irq[1], 0x21);
	assert_int_equal(d->irq[2], 0x23);
	assert_ptr_equal(passthrough_irq_owner(0x23), &vms[0]);
	assert_null(passthrough_irq_owner(0x22));
	assert_true(passthrough_covers(&vms[0], 0x7ffff000, 8));
	assert_false(passthrough_covers(&vms[0], 0x80000000, 8));
}

static void test_pci_bridge_needs_identity_map(void **state)
{
	(void)state;
	vm_setup(0, "linux", false);
	give(0, PCI);
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, PCI " does DMA and there is no IOMMU");
}

/*
 * Parents other than a PLIC with one interrupt cell and no unit address
 * (whose entries would be longer than the 6 cells read) are refused.
 */
static void test_pci_bridge_routed_elsewhere_is_refused(void **state)
{
	(void)state;
	give(0, PCI_FOREIGN);
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, PCI_FOREIGN " is a PCIe host bridge whose 'interrupt-map' does not "
					 "name at most 4 lines of the host PLIC");
	give(1, PCI_ADDRESSED);
	assert_int_equal(create(1), HYP_EINVAL);
	assert_contains(err, PCI_ADDRESSED " is a PCIe host bridge whose 'interrupt-map'");
}

static void test_device_interrupts_owned_by_its_vm(void **state)
{
	(void)state;
	give(0, VIRTIO_BLK);
	give(1, VIRTIO_NET);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(create(1), HYP_OK);
	assert_ptr_equal(passthrough_irq_owner(8), &vms[0]);
	assert_ptr_equal(passthrough_irq_owner(7), &vms[1]);
	assert_null(passthrough_irq_owner(11));
	assert_null(passthrough_irq_owner(100000));
}

static void test_missing_device_names_vm_and_path(void **state)
{
	(void)state;
	give(0, "/soc/virtio_mmio@10009000");
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, "vm@0 (\"linux\"): property 'devices'");
	assert_contains(err, "no node /soc/virtio_mmio@10009000 in the host DT");
	assert_int_equal(vms[0].npt, 0);
}

static void test_device_in_two_vms_names_both(void **state)
{
	(void)state;
	give(0, VIRTIO_BLK);
	give(1, VIRTIO_BLK);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(create(1), HYP_EINVAL);
	assert_contains(err, "vm@1 (\"other\"): property 'devices'");
	assert_contains(err, VIRTIO_BLK " is already given to vm@0 (\"linux\")");
	assert_ptr_equal(passthrough_irq_owner(8), &vms[0]);
}

static void test_same_device_twice_in_one_vm_is_refused(void **state)
{
	(void)state;
	give(0, VIRTIO_BLK);
	give(0, VIRTIO_BLK);
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, VIRTIO_BLK " is listed twice");
}

static void test_dma_device_needs_identity_map(void **state)
{
	(void)state;
	vm_setup(0, "linux", false);
	give(0, VIRTIO_BLK);
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, "does DMA and there is no IOMMU");
	assert_contains(err, "identity-map");
	assert_null(passthrough_irq_owner(8));
}

static void test_device_without_dma_needs_no_identity_map(void **state)
{
	(void)state;
	vm_setup(0, "linux", false);
	give(0, RTC);
	assert_int_equal(create(0), HYP_OK);
	assert_false(vms[0].pt[0].dma);
	assert_ptr_equal(passthrough_irq_owner(11), &vms[0]);
}

static void test_device_without_aligned_reg_is_refused(void **state)
{
	(void)state;
	give(0, ODD);
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, ODD " has no page-aligned 'reg' to map");
	give(1, NOREG);
	assert_int_equal(create(1), HYP_EINVAL);
	assert_contains(err, NOREG " has no page-aligned 'reg' to map");
}

static void test_device_over_vm_memory_is_refused(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&vms[0].s2, 0x10000000, 0x90000000, 0x10000, S2_READ), HYP_OK);
	give(0, VIRTIO_BLK);
	assert_int_equal(create(0), HYP_EINVAL);
	assert_contains(err, "at 0x10008000-0x10009000 overlaps the VM's memory");
}

/* The emulated device at gpa in the VM's registry, by name, or NULL. */
static const char *emulated_at(unsigned i, uint64_t gpa)
{
	const struct vdev *d = vdev_find(&vms[i].vdevs, gpa);

	return d ? d->name : NULL;
}

/* Each VM has an RTC model of its own, but the one that owns the host's. */
static void test_rtc_owner_has_no_rtc_model(void **state)
{
	uint64_t v;

	(void)state;
	stub.wallclock = true;
	stub.wall_ns = 1795564800ULL * 1000000000ULL;
	give(0, RTC);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(create(1), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[0], err, sizeof(err)), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[1], err, sizeof(err)), HYP_OK);
	assert_null(emulated_at(0, VRTC_BASE));
	assert_false(vms[0].has_rtc);
	assert_string_equal(emulated_at(1, VRTC_BASE), "RTC");
	assert_true(vms[1].has_rtc);
	/* The model reads the host's wall clock. */
	assert_int_equal(vrtc_read(&vms[1].rtc, VRTC_TIME_LOW, 8, &v), HYP_OK);
	assert_int_equal(v, stub.wall_ns);
	stub.wallclock = false;
}

/* No host RTC to take the time from: no VM gets one. */
static void test_no_rtc_model_without_a_host_rtc(void **state)
{
	(void)state;
	stub.wallclock = false;
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[0], err, sizeof(err)), HYP_OK);
	assert_null(emulated_at(0, VRTC_BASE));
	assert_false(vms[0].has_rtc);
}

static void test_console_uart_owner_has_no_virtual_uart(void **state)
{
	uint64_t hpa;

	(void)state;
	vm_setup(0, "linux", false);
	give(0, SERIAL);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[0], err, sizeof(err)), HYP_OK);
	/* The real UART's page, 1:1 and not emulated: no exit per access. */
	assert_int_equal(stage2_translate(&vms[0].s2, 0x10000005, &hpa, NULL), HYP_OK);
	assert_int_equal(hpa, 0x10000005);
	assert_null(emulated_at(0, VUART_BASE));
	assert_false(vms[0].pt[0].dma);
	/* Its interrupt goes through the VM's vPLIC; the other devices stay. */
	assert_ptr_equal(passthrough_irq_owner(VUART_IRQ), &vms[0]);
	assert_ptr_equal(passthrough_mmio_owner(0x10000000), &vms[0]);
	assert_string_equal(emulated_at(0, 0x0c000000), "PLIC");
	assert_string_equal(emulated_at(0, 0x10001000), "virtio-mmio");
	assert_string_equal(emulated_at(0, 0x100000), "test finisher");
	/* A reboot resets the models, not the owner's mapping of the UART. */
	vm_devices_reset(&vms[0]);
	assert_int_equal(stage2_translate(&vms[0].s2, 0x10000005, &hpa, NULL), HYP_OK);
	assert_int_equal(hpa, 0x10000005);
}

static void test_other_vms_keep_their_virtual_uart(void **state)
{
	uint64_t hpa;

	(void)state;
	vm_setup(1, "other", false);
	give(0, SERIAL);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(create(1), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[0], err, sizeof(err)), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[1], err, sizeof(err)), HYP_OK);
	assert_null(emulated_at(0, VUART_BASE));
	assert_string_equal(emulated_at(1, VUART_BASE), "UART");
	assert_int_equal(stage2_translate(&vms[1].s2, 0x10000000, &hpa, NULL), HYP_EFAULT);
	assert_ptr_equal(passthrough_mmio_owner(0x10000000), &vms[0]);
}

static void test_no_owner_without_the_uart_in_devices(void **state)
{
	(void)state;
	give(0, VIRTIO_BLK);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(vm_devices_create(&vms[0], err, sizeof(err)), HYP_OK);
	assert_string_equal(emulated_at(0, VUART_BASE), "UART");
	assert_null(passthrough_mmio_owner(0x10000000));
	assert_null(passthrough_irq_owner(VUART_IRQ));
	/* The passed-through slot is the device's; the others stay emulated. */
	assert_null(emulated_at(0, 0x10008000));
	assert_string_equal(emulated_at(0, 0x10007000), "virtio-mmio");
}

static void test_console_uart_given_twice_names_both(void **state)
{
	(void)state;
	give(0, SERIAL);
	give(1, SERIAL);
	assert_int_equal(create(0), HYP_OK);
	assert_int_equal(create(1), HYP_EINVAL);
	assert_contains(err, "vm@1 (\"other\"): property 'devices'");
	assert_contains(err, SERIAL " is already given to vm@0 (\"linux\")");
	assert_ptr_equal(passthrough_irq_owner(VUART_IRQ), &vms[0]);
	assert_ptr_equal(passthrough_mmio_owner(0x10000000), &vms[0]);
}

/* ---- the emulated devices' read-only windows (vm_devices.c) ---- */

/* The stage-2 permission at gpa, 0 when unmapped; *hpa gets the page. */
static unsigned long s2_prot(unsigned i, uint64_t gpa, uint64_t *hpa)
{
	unsigned long prot = 0;

	if (stage2_translate(&vms[i].s2, gpa, hpa, &prot))
		return 0;
	return prot;
}

static void vm_with_vcpus(unsigned n)
{
	vm_setup(0, "linux", false);
	vms[0].ncpus = n;
	for (unsigned i = 0; i < n; i++) {
		vms[0].vcpu[i].id = i;
		vms[0].vcpu[i].vm = &vms[0];
	}
	assert_int_equal(vm_devices_create(&vms[0], err, sizeof(err)), HYP_OK);
}

static void test_plic_windows_mapped_read_only(void **state)
{
	uint64_t prio, ctx0, any;

	(void)state;
	vm_with_vcpus(1);
	assert_int_equal(s2_prot(0, 0x0c000004, &prio), S2_READ);
	assert_int_equal(s2_prot(0, 0x0c001000, &any), S2_READ);
	assert_int_equal(s2_prot(0, 0x0c002080, &any), S2_READ);
	assert_int_equal(s2_prot(0, 0x0c201004, &ctx0), S2_READ); /* vCPU 0's S context */
	/* M contexts and everything else keep trapping to the model. */
	assert_int_equal(s2_prot(0, 0x0c200000, &any), 0);
	assert_int_equal(s2_prot(0, 0x0c202000, &any), 0);
	assert_int_equal(s2_prot(0, 0x0c003000, &any), 0);
	/* A store goes to the model, which updates the page the guest reads. */
	assert_int_equal(vplic_write(&vms[0].plic, 4, 4, 5), HYP_OK);
	assert_int_equal(*(volatile uint32_t *)(uintptr_t)prio, 5);
	assert_int_equal(vplic_write(&vms[0].plic, 0x2080, 4, 1U << 1), HYP_OK);
	/* Something to claim: the claim page goes, the vCPU fences. */
	vplic_set_level(&vms[0].plic, 1, true);
	assert_int_equal(s2_prot(0, 0x0c201004, &any), 0);
	assert_true(vms[0].vcpu[0].requests & VCPU_REQ_GFENCE);
	/* Claimed: nothing left, the page is back. */
	assert_int_equal(vplic_read(&vms[0].plic, 0x201004, 4, &any), HYP_OK);
	assert_int_equal(any, 1);
	assert_int_equal(s2_prot(0, 0x0c201004, &any), S2_READ);
	assert_int_equal(any, ctx0);
}

/*
 * Two vCPUs: each has its own claim page. A close fences every vCPU; the
 * owner of the page is kicked by the interrupt it announces, and a typed
 * byte kicks them all (a vCPU may poll LSR with the UART's interrupt off).
 */
static void test_smp_vm_windows_fence_every_vcpu(void **state)
{
	const struct vdev *d;
	uint64_t any;

	(void)state;
	vm_with_vcpus(2);
	assert_int_equal(s2_prot(0, 0x0c201004, &any), S2_READ);
	assert_int_equal(s2_prot(0, 0x0c203004, &any), S2_READ);
	/* Source 1 enabled for vCPU 1 only: only its claim page goes. */
	assert_int_equal(vplic_write(&vms[0].plic, 1 * 4, 4, 1), HYP_OK);
	assert_int_equal(vplic_write(&vms[0].plic, 0x2000 + 3 * 0x80, 4, 1U << 1), HYP_OK);
	memset(&smp_calls, 0, sizeof(smp_calls));
	vplic_set_level(&vms[0].plic, 1, true);
	assert_int_equal(s2_prot(0, 0x0c201004, &any), S2_READ);
	assert_int_equal(s2_prot(0, 0x0c203004, &any), 0);
	assert_true(vms[0].vcpu[0].requests & VCPU_REQ_GFENCE);
	assert_true(vms[0].vcpu[1].requests & VCPU_REQ_GFENCE);
	assert_int_equal(smp_calls.requests[1], VCPU_REQ_EXT);
	assert_int_equal(smp_calls.requests[0], 0);
	/* The UART page: mapped after first use, closed by input with a kick to all. */
	d = vdev_find(&vms[0].vdevs, VUART_BASE);
	assert_int_equal(d->ops->read((struct vdev *)d, &vms[0].vcpu[1], 5, 1, &any), HYP_OK);
	assert_int_equal(s2_prot(0, VUART_BASE, &any), S2_READ);
	memset(&smp_calls, 0, sizeof(smp_calls));
	vm_devices_input(&vms[0], 'k');
	assert_int_equal(s2_prot(0, VUART_BASE, &any), 0);
	assert_true(smp_calls.requests[0] & VCPU_REQ_GFENCE);
	assert_true(smp_calls.requests[1] & VCPU_REQ_GFENCE);
}

static void test_uart_window_after_first_access(void **state)
{
	const struct vdev *d;
	uint64_t page, val;

	(void)state;
	vm_with_vcpus(1);
	/* Until the guest uses its UART every access traps (input goes to SBI). */
	assert_int_equal(s2_prot(0, VUART_BASE, &page), 0);
	d = vdev_find(&vms[0].vdevs, VUART_BASE);
	assert_non_null(d);
	assert_int_equal(d->ops->read((struct vdev *)d, &vms[0].vcpu[0], 5, 1, &val), HYP_OK);
	assert_int_equal(s2_prot(0, VUART_BASE, &page), S2_READ);
	assert_int_equal(((volatile uint8_t *)(uintptr_t)page)[5], val);
	/* A typed byte: RBR and LSR must trap; the vCPU is told to fence. */
	memset(&smp_calls, 0, sizeof(smp_calls));
	vm_devices_input(&vms[0], 'k');
	assert_int_equal(s2_prot(0, VUART_BASE, &page), 0);
	assert_true(smp_calls.requests[0] & VCPU_REQ_GFENCE);
	assert_int_equal(d->ops->read((struct vdev *)d, &vms[0].vcpu[0], 0, 1, &val), HYP_OK);
	assert_int_equal(val, 'k');
	assert_int_equal(s2_prot(0, VUART_BASE, &page), S2_READ);
	/* A reboot: unused again, unmapped again. */
	vm_devices_reset(&vms[0]);
	assert_int_equal(s2_prot(0, VUART_BASE, &page), 0);
	assert_false(vms[0].uart_in_use);
}

#define PT_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		PT_TEST(test_device_mapped_one_to_one_read_write),
		PT_TEST(test_plic_windows_mapped_read_only),
		PT_TEST(test_uart_window_after_first_access),
		PT_TEST(test_smp_vm_windows_fence_every_vcpu),
		PT_TEST(test_device_interrupts_owned_by_its_vm),
		PT_TEST(test_missing_device_names_vm_and_path),
		PT_TEST(test_device_in_two_vms_names_both),
		PT_TEST(test_same_device_twice_in_one_vm_is_refused),
		PT_TEST(test_dma_device_needs_identity_map),
		PT_TEST(test_device_without_dma_needs_no_identity_map),
		PT_TEST(test_device_without_aligned_reg_is_refused),
		PT_TEST(test_pci_bridge_windows_and_interrupt_map),
		PT_TEST(test_pci_bridge_needs_identity_map),
		PT_TEST(test_pci_bridge_routed_elsewhere_is_refused),
		PT_TEST(test_device_over_vm_memory_is_refused),
		PT_TEST(test_rtc_owner_has_no_rtc_model),
		PT_TEST(test_no_rtc_model_without_a_host_rtc),
		PT_TEST(test_console_uart_owner_has_no_virtual_uart),
		PT_TEST(test_other_vms_keep_their_virtual_uart),
		PT_TEST(test_no_owner_without_the_uart_in_devices),
		PT_TEST(test_console_uart_given_twice_names_both),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
