# SPDX-License-Identifier: MIT
#
# Bare-metal test guests. Included by the top-level Makefile, or used on its
# own from the repository root:   make -f guests/build.mk guests
#
# Produces $(BUILD)/guests/NAME.elf and NAME.bin for every NAME in GUESTS,
# each linked from guests/lib/*.{c,S} and guests/NAME/*.{c,S}.
# Only GUEST_* / guest-* names are defined here, plus GUESTS and the
# "guests" target, so the including Makefile keeps its own CC, CFLAGS, all.

# Directory of this file, relative to where make runs (usually "guests").
GUEST_SRC := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

# Keep the includer's default goal (usually "all") when we are included.
_guest_saved_goal := $(.DEFAULT_GOAL)

BUILD ?= build
CROSS ?= riscv64-unknown-elf-

GUESTS := hello timer paging counters fault reboot mmio smp uart bench heartbeat attacker rtc

# Per-guest link flags. The attacker's RAM lies away from 0x80000000 (see
# configs/attack.dts), so that the host addresses it aims at are not its own.
GUEST_LDFLAGS_attacker := -Wl,--defsym=GUEST_BASE=0x100200000

GUEST_CC := $(CROSS)gcc
GUEST_OBJCOPY := $(CROSS)objcopy
GUEST_OUT := $(BUILD)/guests
GUEST_OBJ := $(GUEST_OUT)/obj
GUEST_LDS := $(GUEST_SRC)/lib/guest.ld

GUEST_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
GUEST_CFLAGS := $(GUEST_ARCH) -ffreestanding -nostdlib -nostartfiles -O2 -g \
	-Wall -Wextra -Werror -std=gnu11 -I$(GUEST_SRC)/lib -MMD -MP
GUEST_ASFLAGS := $(GUEST_CFLAGS)
GUEST_LDFLAGS := $(GUEST_ARCH) -T $(GUEST_LDS) -nostdlib -static

# Source file -> object file: guests/lib/trap.S -> build/guests/obj/lib/trap.S.o
# (the suffix is kept because trap.c and trap.S share a stem).
guest-objs = $(patsubst $(GUEST_SRC)/%,$(GUEST_OBJ)/%.o,$(1))

GUEST_LIB_SRCS := $(wildcard $(GUEST_SRC)/lib/*.c $(GUEST_SRC)/lib/*.S)
GUEST_LIB_OBJS := $(call guest-objs,$(GUEST_LIB_SRCS))

GUEST_ELFS := $(GUESTS:%=$(GUEST_OUT)/%.elf)
GUEST_BINS := $(GUESTS:%=$(GUEST_OUT)/%.bin)
GUEST_DEPS :=

.PHONY: guests guests-clean
guests: $(GUEST_ELFS) $(GUEST_BINS)

guests-clean:
	rm -rf $(GUEST_OUT)

$(GUEST_OBJ)/%.c.o: $(GUEST_SRC)/%.c
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OBJ)/%.S.o: $(GUEST_SRC)/%.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -c $< -o $@

$(GUEST_OUT)/%.bin: $(GUEST_OUT)/%.elf
	$(GUEST_OBJCOPY) -O binary $< $@

# guest-rules NAME: link NAME.elf from the library and guests/NAME sources.
define guest-rules
GUEST_$(1)_OBJS := $$(call guest-objs,$$(wildcard $(GUEST_SRC)/$(1)/*.c $(GUEST_SRC)/$(1)/*.S))
GUEST_DEPS += $$(GUEST_$(1)_OBJS:.o=.d)

$(GUEST_OUT)/$(1).elf: $$(GUEST_LIB_OBJS) $$(GUEST_$(1)_OBJS) $(GUEST_LDS)
	@mkdir -p $$(@D)
	$$(GUEST_CC) $$(GUEST_LDFLAGS) $$(GUEST_LDFLAGS_$(1)) -o $$@ $$(GUEST_LIB_OBJS) $$(GUEST_$(1)_OBJS)
endef

$(foreach g,$(GUESTS),$(eval $(call guest-rules,$(g))))

GUEST_DEPS += $(GUEST_LIB_OBJS:.o=.d)
-include $(GUEST_DEPS)

# Standalone, "guests" stays the default goal; included, restore the
# includer's (possibly still unset) default goal.
ifneq ($(words $(MAKEFILE_LIST)),1)
.DEFAULT_GOAL := $(_guest_saved_goal)
endif
