// SPDX-License-Identifier: MIT
#include "vdev.h"
#include "lib.h"

int vdev_register(struct vdev_registry *r, struct vdev *d)
{
	if (r->count == VM_MAX_VDEVS || !d->size || range_wraps(d->base, d->size))
		return HYP_EINVAL;
	for (unsigned i = 0; i < r->count; i++)
		if (ranges_overlap(d->base, d->size, r->dev[i]->base, r->dev[i]->size))
			return HYP_EEXIST;
	r->dev[r->count++] = d;
	return HYP_OK;
}

struct vdev *vdev_find(const struct vdev_registry *r, uint64_t gpa)
{
	for (unsigned i = 0; i < r->count; i++)
		if (gpa >= r->dev[i]->base && gpa - r->dev[i]->base < r->dev[i]->size)
			return r->dev[i];
	return NULL;
}
