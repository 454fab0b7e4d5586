// SPDX-License-Identifier: MIT
/* The guest's DT, shaped like QEMU virt's so unmodified software finds its way. */
#include "guest_fdt.h"
#include "isa.h"
#include "lib.h"
#include "vrtc.h"
#include <libfdt.h>
#include "fdt_cells.h"

#define CPU_INTC_PHANDLE_BASE 1
#define PLIC_PHANDLE 0x100
#define FINISHER_PHANDLE 0x101
#define PLIC_NDEV 95	      /* QEMU virt: sources 1-95 */
#define UART_CLOCK_HZ 3686400 /* what QEMU virt advertises */
#define IRQ_M_EXT 11
#define IRQ_S_EXT 9
#define GUEST_UART_NAME "serial@10000000"

/* String lists: sizeof counts every NUL, the last one included. */
static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
static const char finisher_compat[] = "sifive,test1\0sifive,test0\0syscon";

#define TRY(x)                                                                                     \
	do {                                                                                       \
		int __r = (x);                                                                     \
		if (__r < 0)                                                                       \
			return __r;                                                                \
	} while (0)

static int prop_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = {cpu_to_fdt64(a), cpu_to_fdt64(b)};

	return fdt_property(fdt, name, v, sizeof(v));
}

static int add_cpu(void *fdt, unsigned i, const struct guest_fdt_host *h, const char *isa)
{
	char name[16];

	snprintf(name, sizeof(name), "cpu@%u", i);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "cpu"));
	TRY(fdt_property_u32(fdt, "reg", i));
	TRY(fdt_property_string(fdt, "status", "okay"));
	TRY(fdt_property_string(fdt, "compatible", "riscv"));
	TRY(fdt_property_string(fdt, "riscv,isa", isa));
	if (h->mmu_type && h->mmu_type[0])
		TRY(fdt_property_string(fdt, "mmu-type", h->mmu_type));
	TRY(fdt_begin_node(fdt, "interrupt-controller"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
	TRY(fdt_property_u32(fdt, "phandle", CPU_INTC_PHANDLE_BASE + i));
	TRY(fdt_end_node(fdt));
	return fdt_end_node(fdt);
}

static int add_cpus(void *fdt, const struct vm_config *c, const struct guest_fdt_host *h)
{
	char isa[256];

	isa_for_guest(h->isa, isa, sizeof(isa));
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	TRY(fdt_property_u32(fdt, "timebase-frequency", h->timebase));
	for (unsigned i = 0; i < c->ncpus; i++)
		TRY(add_cpu(fdt, i, h, isa));
	return fdt_end_node(fdt);
}

static int add_memory(void *fdt, const struct vm_config *c)
{
	char name[32];

	for (unsigned i = 0; i < c->nmem; i++) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)c->mem[i].base);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "memory"));
		TRY(prop_u64_pair(fdt, "reg", c->mem[i].base, c->mem[i].size));
		TRY(fdt_end_node(fdt));
	}
	return 0;
}

static int add_chosen(void *fdt, const struct vm_config *c, const struct boot_info *bi,
		      const struct guest_fdt_host *h)
{
	char uart[64];

	snprintf(uart, sizeof(uart), "/soc/%s", h->uart_name ? h->uart_name : GUEST_UART_NAME);
	TRY(fdt_begin_node(fdt, "chosen"));
	if (c->console == VM_CONSOLE_UART)
		TRY(fdt_property_string(fdt, "stdout-path", uart));
	if (c->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", c->bootargs));
	if (bi->initrd_end > bi->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", bi->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", bi->initrd_end));
	}
	if (h->rng_seed_len)
		TRY(fdt_property(fdt, "rng-seed", h->rng_seed, (int)h->rng_seed_len));
	return fdt_end_node(fdt);
}

/* Context 2i is vCPU i's M-mode, 2i + 1 its S-mode, as on QEMU virt. */
static int add_plic(void *fdt, unsigned ncpus)
{
	fdt32_t ext[4 * MAX_VCPUS];

	for (unsigned i = 0; i < ncpus; i++) {
		ext[4 * i] = cpu_to_fdt32(CPU_INTC_PHANDLE_BASE + i);
		ext[4 * i + 1] = cpu_to_fdt32(IRQ_M_EXT);
		ext[4 * i + 2] = cpu_to_fdt32(CPU_INTC_PHANDLE_BASE + i);
		ext[4 * i + 3] = cpu_to_fdt32(IRQ_S_EXT);
	}
	TRY(fdt_begin_node(fdt, "plic@c000000"));
	TRY(fdt_property_u32(fdt, "phandle", PLIC_PHANDLE));
	TRY(fdt_property_u32(fdt, "riscv,ndev", PLIC_NDEV));
	TRY(prop_u64_pair(fdt, "reg", 0x0c000000, 0x600000));
	TRY(fdt_property(fdt, "interrupts-extended", ext, (int)(16 * ncpus)));
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property(fdt, "compatible", plic_compat, sizeof(plic_compat)));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	return fdt_end_node(fdt);
}

static int add_uart(void *fdt)
{
	TRY(fdt_begin_node(fdt, GUEST_UART_NAME));
	TRY(fdt_property_u32(fdt, "interrupts", 10));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PLIC_PHANDLE));
	TRY(fdt_property_u32(fdt, "clock-frequency", UART_CLOCK_HZ));
	TRY(prop_u64_pair(fdt, "reg", 0x10000000, 0x100));
	TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
	return fdt_end_node(fdt);
}

/* The RTC model, where and as QEMU virt has its Goldfish RTC. */
static int add_rtc(void *fdt)
{
	TRY(fdt_begin_node(fdt, "rtc@101000"));
	TRY(fdt_property_u32(fdt, "interrupts", VRTC_IRQ));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PLIC_PHANDLE));
	TRY(prop_u64_pair(fdt, "reg", VRTC_BASE, VRTC_SIZE));
	TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
	return fdt_end_node(fdt);
}

/* The test finisher and the syscon power-off/reboot nodes QEMU virt has. */
static int add_finisher(void *fdt)
{
	TRY(fdt_begin_node(fdt, "test@100000"));
	TRY(fdt_property_u32(fdt, "phandle", FINISHER_PHANDLE));
	TRY(prop_u64_pair(fdt, "reg", 0x100000, 0x1000));
	TRY(fdt_property(fdt, "compatible", finisher_compat, sizeof(finisher_compat)));
	TRY(fdt_end_node(fdt));
	return 0;
}

static int add_syscon(void *fdt, const char *name, const char *compat, uint32_t value)
{
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_u32(fdt, "value", value));
	TRY(fdt_property_u32(fdt, "offset", 0));
	TRY(fdt_property_u32(fdt, "regmap", FINISHER_PHANDLE));
	TRY(fdt_property_string(fdt, "compatible", compat));
	return fdt_end_node(fdt);
}

/*
 * A PCIe host bridge's interrupt-map names the host PLIC by its phandle:
 * the copy names the VM's. Entries are laid out as passthrough.c read
 * them (interrupt_map_stride); cell counts it refused are refused here too.
 */
static int copy_interrupt_map(void *fdt, const void *host, int node, const fdt32_t *map, int len)
{
	int stride = interrupt_map_stride(host, node);
	fdt32_t *copy;

	TRY(stride);
	TRY(fdt_property_placeholder(fdt, "interrupt-map", len, (void **)&copy));
	memcpy(copy, map, (size_t)len);
	for (int i = stride - 2; i < len / 4; i += stride)
		copy[i] = cpu_to_fdt32(PLIC_PHANDLE);
	return 0;
}

/* Properties of a host device node that name host nodes the VM does not have. */
static bool names_host_nodes(const char *name)
{
	static const char *const names[] = {"interrupt-parent", "phandle", "interrupts-extended",
					    "msi-parent", "msi-map"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * A passed-through device keeps its host node, name, address and
 * interrupt numbers; only its interrupt parent becomes the VM's PLIC.
 */
static int copy_device(void *fdt, const void *host, int node)
{
	int prop;

	TRY(fdt_begin_node(fdt, fdt_get_name(host, node, NULL)));
	fdt_for_each_property_offset (prop, host, node) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(host, prop, &name, &len);

		if (!val || names_host_nodes(name))
			continue;
		if (!strcmp(name, "interrupt-map"))
			TRY(copy_interrupt_map(fdt, host, node, val, len));
		else
			TRY(fdt_property(fdt, name, val, len));
	}
	TRY(fdt_property_u32(fdt, "interrupt-parent", PLIC_PHANDLE));
	return fdt_end_node(fdt);
}

static int add_soc(void *fdt, const struct vm_config *c, const struct guest_fdt_host *h)
{
	TRY(add_syscon(fdt, "poweroff", "syscon-poweroff", 0x5555));
	TRY(add_syscon(fdt, "reboot", "syscon-reboot", 0x7777));
	TRY(fdt_begin_node(fdt, "soc"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
	TRY(fdt_property(fdt, "ranges", "", 0));
	TRY(add_finisher(fdt));
	if (h->rtc)
		TRY(add_rtc(fdt));
	if (!h->uart_name)
		TRY(add_uart(fdt));
	TRY(add_plic(fdt, c->ncpus));
	for (unsigned i = 0; i < h->ndevices; i++)
		TRY(copy_device(fdt, h->dtb, h->device_nodes[i]));
	return fdt_end_node(fdt);
}

static int generate(const struct vm_config *c, const struct boot_info *bi,
		    const struct guest_fdt_host *h, void *buf, size_t size)
{
	TRY(fdt_create(buf, (int)size));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(fdt_property_u32(buf, "#address-cells", 2));
	TRY(fdt_property_u32(buf, "#size-cells", 2));
	TRY(fdt_property_string(buf, "compatible", "riscv-virtio"));
	TRY(fdt_property_string(buf, "model", "hypocaust,vm"));
	TRY(add_chosen(buf, c, bi, h));
	TRY(add_memory(buf, c));
	TRY(add_cpus(buf, c, h));
	TRY(add_soc(buf, c, h));
	TRY(fdt_end_node(buf));
	TRY(fdt_finish(buf));
	return (int)fdt_totalsize(buf);
}

/*
 * /chosen of the VM's own DT gets what the hypervisor decides: where it
 * placed the initrd, and this start's rng-seed (replacing any the DT had,
 * as QEMU does with a -dtb, so no two starts share a seed).
 */
static int update_chosen(void *buf, const struct boot_info *bi, const struct guest_fdt_host *h)
{
	int chosen;

	if (bi->initrd_end <= bi->initrd_start && !h->rng_seed_len)
		return 0;
	chosen = fdt_path_offset(buf, "/chosen");
	if (chosen < 0)
		chosen = fdt_add_subnode(buf, 0, "chosen");
	TRY(chosen);
	if (bi->initrd_end > bi->initrd_start) {
		TRY(fdt_setprop_u64(buf, chosen, "linux,initrd-start", bi->initrd_start));
		TRY(fdt_setprop_u64(buf, chosen, "linux,initrd-end", bi->initrd_end));
	}
	if (h->rng_seed_len)
		TRY(fdt_setprop(buf, chosen, "rng-seed", h->rng_seed, (int)h->rng_seed_len));
	return 0;
}

/*
 * The VM's own DT, with /chosen updated. A property value in the config
 * blob is only 4-byte aligned and libfdt wants 8: the blob is copied into
 * the (aligned) buffer first.
 */
static int adopt(const struct vm_config *c, const struct boot_info *bi,
		 const struct guest_fdt_host *h, void *buf, size_t size)
{

	if (c->fdt.size > size)
		return -FDT_ERR_NOSPACE;
	memmove(buf, c->fdt.data, c->fdt.size);
	/* Linux 6.1's libfdt: fdt_open_into takes fdt_num_mem_rsv's error for a count. */
	TRY(fdt_check_header(buf));
	TRY(dt_check_tags(buf));
	TRY(fdt_num_mem_rsv(buf));
	/* fdt_open_into may rebuild a misordered DT just past its end: align that end. */
	if (ALIGN_UP(fdt_totalsize(buf), 8) > size)
		return -FDT_ERR_NOSPACE;
	fdt_set_totalsize(buf, ALIGN_UP(fdt_totalsize(buf), 8));
	TRY(fdt_open_into(buf, buf, (int)size));
	TRY(update_chosen(buf, bi, h));
	TRY(fdt_pack(buf));
	return (int)fdt_totalsize(buf);
}

int guest_fdt_build(const struct vm_config *c, const struct boot_info *bi,
		    const struct guest_fdt_host *h, void *buf, size_t size)
{
	if (c->fdt.data)
		return adopt(c, bi, h, buf, size);
	return generate(c, bi, h, buf, size);
}
