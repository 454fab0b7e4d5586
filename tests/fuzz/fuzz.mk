# SPDX-License-Identifier: MIT
# libFuzzer targets (docs/reliability.md), included by the Makefile. They
# are built with clang-14 against the hypervisor sources and test doubles
# the unit tests use (UNIT_HYP_SRCS, tests/unit/stubs*.c), with ASan and
# UBSan, from their own objects (libFuzzer instruments the code it runs).

FUZZ_CC ?= clang-14
FUZZ_TIME ?= 300
FUZZ_SHORT_TIME ?= 20
FUZZ_JOBS ?= 2
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := $(filter-out $(UNIT_SAN),$(UNIT_CFLAGS)) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	-Itests/fuzz
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_COMMON := tests/unit/stubs.c tests/unit/stubs_smp.c tests/unit/fake_plic.c
FUZZ_OBJS := $(UNIT_HYP_SRCS:%=$(BUILD)/fuzz/obj/%.o) $(FUZZ_COMMON:%=$(BUILD)/fuzz/obj/%.o) \
	$(LIBFDT_NAMES:%=$(BUILD)/fuzz/obj/libfdt/%.o)

$(BUILD)/fuzz/obj/%.c.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/obj/libfdt/%.o: $(LIBFDT_DIR)/%.c
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(filter-out -Wextra -Werror -MMD -MP,$(FUZZ_CFLAGS)) $(LIBFDT_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/obj/tests/fuzz/fuzz_%.c.o $(FUZZ_OBJS)
	@echo "  LINK    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $^ -o $@

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_TARGETS:%=$(BUILD)/fuzz/obj/tests/fuzz/fuzz_%.c.d)

.PHONY: fuzz fuzz-short fuzz-build

fuzz-build: $(FUZZ_BINS)

# Each target for FUZZ_TIME seconds, FUZZ_JOBS at a time.
fuzz: $(FUZZ_BINS)
	$(Q)tests/fuzz/run $(FUZZ_TIME) $(FUZZ_JOBS) $(BUILD) $(FUZZ_TARGETS)

# The bounded run `make test` does: FUZZ_SHORT_TIME seconds each.
fuzz-short: $(FUZZ_BINS)
	$(Q)tests/fuzz/run $(FUZZ_SHORT_TIME) $(FUZZ_JOBS) $(BUILD) $(FUZZ_TARGETS)
