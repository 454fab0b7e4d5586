# SPDX-License-Identifier: MIT
# Hypocaust-2: `make help` lists the targets.

BUILD ?= build
CROSS ?= riscv64-unknown-elf-
CONFIG ?= configs/default.dts
PYTHON ?= /usr/bin/python3
Q ?= @

CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc
LINUX_TARBALL ?= /usr/src/linux-source-6.1.tar.xz

.DEFAULT_GOAL := all
# Keep every object: none is a throw-away intermediate.
.SECONDARY:

# ---- libfdt: compiled from Debian's linux-source-6.1, never vendored ----
LIBFDT_DIR := $(BUILD)/libfdt
LIBFDT_NAMES := fdt fdt_ro fdt_rw fdt_sw fdt_wip fdt_strerror fdt_empty_tree fdt_addresses
LIBFDT_SRCS := $(LIBFDT_NAMES:%=$(LIBFDT_DIR)/%.c)
LIBFDT_STAMP := $(LIBFDT_DIR)/.extracted
# libfdt's bounds checks assume int arithmetic wraps (a crafted property
# length overflows it): make it defined, as Linux does (-fno-strict-overflow).
LIBFDT_CFLAGS := -fwrapv

$(LIBFDT_STAMP): | setup-check
	@echo "  EXTRACT libfdt from $(LINUX_TARBALL)"
	$(Q)rm -rf $(LIBFDT_DIR) $(BUILD)/libfdt-tmp && mkdir -p $(BUILD)/libfdt-tmp
	$(Q)tar -xf $(LINUX_TARBALL) -C $(BUILD)/libfdt-tmp --wildcards '*/scripts/dtc/libfdt/*'
	$(Q)mv $(BUILD)/libfdt-tmp/*/scripts/dtc/libfdt $(LIBFDT_DIR) && rm -rf $(BUILD)/libfdt-tmp
	$(Q)touch $@
$(LIBFDT_SRCS): $(LIBFDT_STAMP)

# ---- the hypervisor (freestanding, HS-mode) ----
HYP_DIRS := src/arch/riscv src/core src/mm src/sbi src/vdev src/drivers src/lib
HYP_SRCS := $(foreach d,$(HYP_DIRS),$(wildcard $(d)/*.c $(d)/*.S))
HYP_OBJS := $(HYP_SRCS:%=$(BUILD)/hyp/%.o) $(LIBFDT_NAMES:%=$(BUILD)/hyp/libfdt/%.o)
HYP_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
HYP_CFLAGS := $(HYP_ARCH) -std=c11 -ffreestanding -nostdlib -fno-common -fno-builtin \
	-fno-stack-protector -fno-pic -g -Wall -Wextra -Werror \
	-isystem src/include/libc -Isrc/include -I$(LIBFDT_DIR) -MMD -MP
# Code that runs only while the hypervisor boots or builds a VM is compiled
# for size, the rest (exits, the world switch) for speed: the 64 KiB budget
# (docs/benchmarks.md) goes where time is spent.
HYP_OPT := -O2
HYP_BOOT_ONLY := src/core/config.c src/core/guest_fdt.c src/core/platform.c src/core/loader.c \
	src/core/main.c src/core/rng_seed.c src/lib/chacha20.c src/vdev/passthrough.c
$(HYP_BOOT_ONLY:%=$(BUILD)/hyp/%.o) $(LIBFDT_NAMES:%=$(BUILD)/hyp/libfdt/%.o): HYP_OPT := -Os
HYP_LDFLAGS := $(HYP_ARCH) -nostdlib -static -Wl,--no-warn-rwx-segments -T src/arch/riscv/hyp.ld -Wl,--gc-sections

$(BUILD)/hyp/%.c.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(HYP_CFLAGS) $(HYP_OPT) -c $< -o $@

$(BUILD)/hyp/%.S.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(HYP_CFLAGS) -c $< -o $@

# libfdt is third-party code: its own warnings are not ours to fix.
$(BUILD)/hyp/libfdt/%.o: $(LIBFDT_DIR)/%.c
	@mkdir -p $(@D)
	@echo "  CC      libfdt/$*.c"
	$(Q)$(CC) $(filter-out -Wextra -MMD -MP,$(HYP_CFLAGS)) $(HYP_OPT) $(LIBFDT_CFLAGS) \
		-Wno-sign-compare -c $< -o $@

# The hypervisor moves itself at boot (src/core/move.c): the link keeps its
# relocations for tools/relocs, which fills the table of the absolute
# addresses to fix; they are dropped from the ELF afterwards.
$(BUILD)/hypocaust.elf: $(HYP_OBJS) src/arch/riscv/hyp.ld tools/relocs
	@echo "  LD      $@"
	$(Q)$(CC) $(HYP_LDFLAGS) -Wl,--emit-relocs $(HYP_OBJS) -o $@.tmp
	$(Q)$(PYTHON) tools/relocs $@.tmp $(BUILD)/hyp/relocs.bin
	$(Q)$(OBJCOPY) --update-section .relocs=$(BUILD)/hyp/relocs.bin \
		--remove-relocations='*' $@.tmp $@
	$(Q)rm -f $@.tmp

$(BUILD)/hypocaust.bin: $(BUILD)/hypocaust.elf
	$(Q)$(OBJCOPY) -O binary $< $@

-include $(HYP_OBJS:.o=.d)

# ---- guests and configs ----
include guests/build.mk

# The Linux guest: linux/build.sh keeps its kernel in build/linux, keyed on
# its inputs, so this costs seconds unless the fragment or package changed.
.PHONY: linux
linux: | setup-check
	$(Q)linux/build.sh
	$(Q)linux/build.sh --defconfig

CONFIGS := $(wildcard configs/*.dts)
CONFIG_DTBS := $(CONFIGS:configs/%.dts=$(BUILD)/configs/%.dtb)

$(BUILD)/configs/%.dtb: configs/%.dts guests linux
	@mkdir -p $(@D)
	@echo "  DTC     $<"
	$(Q)dtc -q -W no-name_properties -E no-name_properties -I dts -O dtb -i $(BUILD) -i configs -d $@.d -o $@ $<
-include $(CONFIG_DTBS:=.d)

# ---- unit tests (host, cmocka, ASan + UBSan) ----
UNIT_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror $(UNIT_SAN) -DHYP_HOST_TEST \
	-Isrc/include -Isrc/arch/riscv -I$(LIBFDT_DIR) -Itests/unit -MMD -MP
UNIT_HYP_SRCS := src/core/config.c src/core/loader.c src/core/guest_fdt.c src/mm/page_alloc.c \
	src/mm/stage2.c src/mm/guest_mem.c src/lib/isa.c src/arch/riscv/insn.c $(wildcard src/sbi/*.c) \
	src/vdev/vdev.c src/vdev/virtio_empty.c src/vdev/passthrough.c src/vdev/finisher.c \
	src/core/vm_devices.c src/core/host_irq.c src/core/rng_seed.c src/lib/chacha20.c \
	$(wildcard src/vdev/vplic.c src/vdev/vuart.c src/vdev/vrtc.c)
UNIT_TESTS := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/unit/test_%)
UNIT_COMMON := $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c))
UNIT_OBJS := $(UNIT_HYP_SRCS:%=$(BUILD)/unit/obj/%.o) $(UNIT_COMMON:%=$(BUILD)/unit/obj/%.o) \
	$(LIBFDT_NAMES:%=$(BUILD)/unit/obj/libfdt/%.o)

$(BUILD)/unit/obj/%.c.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

$(BUILD)/unit/obj/libfdt/%.o: $(LIBFDT_DIR)/%.c
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(filter-out -Wextra -Werror -MMD -MP,$(UNIT_CFLAGS)) $(LIBFDT_CFLAGS) -c $< -o $@

$(BUILD)/unit/test_%: $(BUILD)/unit/obj/tests/unit/test_%.c.o $(UNIT_OBJS)
	@echo "  LINK    $@"
	$(Q)$(HOSTCC) $(UNIT_SAN) $^ -lcmocka -o $@

-include $(UNIT_OBJS:.o=.d) $(UNIT_TESTS:%=$(BUILD)/unit/obj/tests/unit/test_%.c.d)

# ---- fuzzing (clang-14 libFuzzer, ASan + UBSan) ----
include tests/fuzz/fuzz.mk

# ---- static analysis (tools/lint): the compilers' flags as clang sees them;
# clang 14 counts zicsr and zifencei as part of I, not as extensions ----
LINT_HYP_FLAGS := -target riscv64-unknown-elf $(subst _zicsr_zifencei,,$(HYP_ARCH)) \
	$(filter -std=% -ffreestanding -isystem src/include/libc -I%,$(HYP_CFLAGS))
LINT_HOST_FLAGS := $(filter -std=% -D% -I%,$(UNIT_CFLAGS)) -Itests/fuzz

.PHONY: lint
lint: $(LIBFDT_STAMP)
	$(Q)BUILD=$(BUILD) HYP_FLAGS="$(LINT_HYP_FLAGS)" HOST_FLAGS="$(LINT_HOST_FLAGS)" tools/lint

# ---- top-level targets ----
.PHONY: all setup setup-check run run-virtio test unit-test system-test bench soak help clean

all: $(BUILD)/hypocaust.elf $(BUILD)/hypocaust.bin guests linux $(CONFIG_DTBS)

setup:
	$(Q)tools/setup

# Run tools/setup once per make invocation before anything needs a tool.
setup-check:
	$(Q)tools/setup --quiet

run: setup
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tools/run $(CONFIG) $(if $(QEMU_ARGS),-- $(QEMU_ARGS))

# configs/linux-virtio.dts with the two devices it passes through: an ext4
# disk (QEMU's first virtio-mmio slot, 0x10008000; made once, kept across
# runs) and a user-mode network card (0x10007000).
VIRTIO_DISK := $(BUILD)/disk.img
run-virtio: setup
	$(Q)$(MAKE) --no-print-directory all
	$(Q)test -f $(VIRTIO_DISK) || /usr/sbin/mke2fs -q -t ext4 $(VIRTIO_DISK) 64M
	$(Q)tools/run configs/linux-virtio.dts -- \
		-drive file=$(VIRTIO_DISK),if=none,format=raw,id=hd0 -device virtio-blk-device,drive=hd0 \
		-netdev user,id=n0 -device virtio-net-device,netdev=n0

unit-test: $(UNIT_BINS)
	$(Q)$(PYTHON) tools/unit-report $(UNIT_BINS)

system-test: all
	$(Q)$(PYTHON) -m pytest -q tests/system

test: setup
	$(Q)$(MAKE) --no-print-directory lint
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS)
	$(Q)$(MAKE) --no-print-directory unit-test
	$(Q)$(MAKE) --no-print-directory fuzz-short
	$(Q)$(MAKE) --no-print-directory system-test

bench: setup
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(PYTHON) bench/run

# configs/soak.dts for SOAK_SECONDS; make test soaks 60 s (tests/system/test_soak.py).
SOAK_SECONDS ?= 600
soak: setup
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(PYTHON) tools/soak --seconds $(SOAK_SECONDS)

help:
	@echo "Hypocaust-2 targets:"
	@echo "  make               build build/hypocaust.{elf,bin}, the guests and configs/*.dts"
	@echo "  make run           install missing tools, build, boot CONFIG in QEMU"
	@echo "                     (CONFIG=$(CONFIG); Ctrl-A N: type to VM N; Ctrl-] x quits QEMU;"
	@echo "                     QEMU_ARGS=... adds QEMU options, e.g. devices to pass through)"
	@echo "  make run-virtio    Linux with a virtio disk (build/disk.img) and network passed through"
	@echo "  make test          install missing tools, lint, build, run unit tests, fuzz-short"
	@echo "                     and system tests"
	@echo "  make linux         the Linux guest: build/linux/{Image,initramfs.cpio.gz} and the"
	@echo "                     riscv defconfig kernel build/linux-defconfig/Image (both cached)"
	@echo "  make unit-test     host unit tests only (cmocka, ASan + UBSan)"
	@echo "  make system-test   QEMU system tests only (pytest + pexpect)"
	@echo "  make lint          cppcheck, clang-tidy and clang-format --dry-run over the tree"
	@echo "  make fuzz          every libFuzzer target (tests/fuzz) for FUZZ_TIME s (300),"
	@echo "                     FUZZ_JOBS (2) at a time; new inputs go to build/fuzz/corpus"
	@echo "  make fuzz-short    the same for FUZZ_SHORT_TIME s (20): what make test runs"
	@echo "  make bench         benchmarks: native vs hypervisor, table in build/bench.md"
	@echo "  make soak          SMP Linux under stress beside a heartbeat guest for"
	@echo "                     SOAK_SECONDS (600); make test runs 60 s of it"
	@echo "  make setup         install missing Debian packages (tools/setup)"
	@echo "  make clean         remove build/ except the cached Linux kernels"
	@echo "Variables: CONFIG=configs/x.dts  QEMU_ARGS=  BUILD=build  Q= (verbose)"

clean:
	rm -rf $(filter-out $(BUILD)/linux $(BUILD)/linux-defconfig,$(wildcard $(BUILD)/*))
