// SPDX-License-Identifier: MIT
/*
 * QEMU virt's test finisher (sifive,test0 at 0x100000): teaching kernels
 * power off by writing 0x5555 there. Per VM: 0x5555 stops the VM, 0x7777
 * reboots it, 0xNNNN3333 stops it as failed with code NNNN.
 */
#include "console.h"
#include "lib.h"
#include "vdev_models.h"
#include "vm.h"

#define FINISHER_PASS 0x5555
#define FINISHER_RESET 0x7777
#define FINISHER_FAIL 0x3333

static int finisher_read(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width,
			 uint64_t *val)
{
	(void)d;
	(void)v;
	(void)off;
	(void)width;
	*val = 0;
	return HYP_OK;
}

static int finisher_write(struct vdev *d, struct vcpu *v, uint64_t off, unsigned width,
			  uint64_t val)
{
	(void)d;
	if (off != 0 || width < 4)
		return HYP_OK;
	switch (val & 0xffff) {
	case FINISHER_PASS:
		vm_shutdown(v->vm, false);
		break;
	case FINISHER_RESET:
		vm_reboot(v);
		break;
	case FINISHER_FAIL:
		hyp_printf("hypocaust: VM \"%s\" wrote failure code %llu to the test finisher\n",
			   vm_name(v->vm), (unsigned long long)((val >> 16) & 0xffff));
		vm_shutdown(v->vm, true);
		break;
	default:
		break;
	}
	return HYP_OK;
}

const struct vdev_ops finisher_ops = {
	.read = finisher_read,
	.write = finisher_write,
};
