#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hypocaust-2 Linux guest: builds the guest kernel and its initramfs.
#
#   linux/build.sh              build/linux/Image + build/linux/initramfs.cpio.gz
#   linux/build.sh --defconfig  build/linux-defconfig/Image (riscv defconfig)
#                               + the same initramfs
#   linux/build.sh --init-only  only the init program and the initramfs
#   linux/build.sh --force      rebuild the kernel even when its key matches
#
# Everything comes from Debian packages: the kernel from
# /usr/src/linux-source-6.1.tar.xz (linux-source-6.1), extracted once into
# build/linux/src and built out of tree (O=build/linux/obj), the kernel and
# init compiled with riscv64-linux-gnu-gcc (static glibc from
# libc6-dev-riscv64-cross). See linux/README.md.
#
# Environment: BUILD (build directory, default <repo>/build), JOBS (default
# nproc), V=1 (stream the kernel build output instead of logging it).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac

PKG=linux-source-6.1
TARBALL=/usr/src/$PKG.tar.xz
ARCH=riscv
CROSS=riscv64-linux-gnu-
FRAGMENT=$HERE/hypocaust.config
INIT_SRC=$HERE/init
INIT_CFLAGS="-static -O2 -Wall -Wextra -Werror -pthread"

OUT=$BUILD/linux            # tinyconfig kernel, initramfs, shared source
SRC=$OUT/src
DEFCONFIG_OUT=$BUILD/linux-defconfig

die() { echo "linux/build.sh: error: $*" >&2; exit 1; }
say() { echo "linux/build.sh: $*"; }
rel() { echo "${1#"$ROOT"/}"; }

parse_args() {
	mode=tiny
	force=0
	for arg in "$@"; do
		case $arg in
		--defconfig) mode=defconfig ;;
		--init-only) mode=init ;;
		--force) force=1 ;;
		-h | --help) sed -n '3,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) die "unknown argument '$arg' (try --help)" ;;
		esac
	done
}

# ---- tools ----
need() { # need TOOL PACKAGE
	command -v "$1" >/dev/null 2>&1 ||
		die "missing tool '$1' (install the Debian package '$2', or run tools/setup)"
}

check_tools() {
	local libc_a
	need "${CROSS}gcc" gcc-riscv64-linux-gnu
	need "${CROSS}ld" binutils-riscv64-linux-gnu
	need "${CROSS}strip" binutils-riscv64-linux-gnu
	need "${CROSS}readelf" binutils-riscv64-linux-gnu
	need gcc gcc
	need make make
	need flex flex
	need bison bison
	need bc bc
	need perl perl
	need tar tar
	need xz xz-utils
	need gzip gzip
	need sha256sum coreutils
	need flock util-linux
	need dpkg-query dpkg
	need nproc coreutils
	JOBS=${JOBS:-$(nproc)}
	[ -r "$TARBALL" ] || die "missing $TARBALL (install the Debian package '$PKG')"
	PKG_VERSION=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null) ||
		die "package '$PKG' is not installed (dpkg-query knows no version)"
	[ -n "$PKG_VERSION" ] || die "package '$PKG' is not installed"
	libc_a=$("${CROSS}gcc" -print-file-name=libc.a)
	[ -f "$libc_a" ] ||
		die "no static glibc for ${CROSS}gcc (install the Debian package 'libc6-dev-riscv64-cross')"
	CROSS_GCC_VERSION=$("${CROSS}gcc" -dumpfullversion)" $("${CROSS}gcc" --version | head -n1)"
}

take_lock() {
	mkdir -p "$OUT"
	exec 9>"$OUT/.lock"
	if ! flock -n 9; then
		say "another build holds $(rel "$OUT")/.lock, waiting"
		flock 9
	fi
}

# ---- the kernel source: extracted once per package version ----
extract_source() {
	local stamp="$OUT/src.stamp" want="$PKG $PKG_VERSION"
	if [ -d "$SRC" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		return
	fi
	say "extracting $TARBALL ($want) into $(rel "$SRC")"
	rm -rf "$SRC" "$SRC.tmp" "$stamp"
	mkdir -p "$SRC.tmp"
	tar -xf "$TARBALL" -C "$SRC.tmp" --strip-components=1 ||
		die "extracting $TARBALL failed"
	mv "$SRC.tmp" "$SRC"
	# tar keeps the sources' old mtimes: objects built from another version
	# would look newer than them, so start the object trees afresh.
	rm -rf "$OUT/obj" "$DEFCONFIG_OUT/obj"
	echo "$want" >"$stamp"
}

# ---- check the fragment against the final .config ----
verify_config() { # verify_config FRAGMENT DOTCONFIG
	local frag=$1 dot=$2 bad=0 line sym val have
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
			if ! grep -qxF "$sym=$val" "$dot"; then
				have=$(grep -E "^$sym=|^# $sym is not set" "$dot" || true)
				echo "  requested $sym=$val, final .config has: ${have:-nothing}" >&2
				bad=$((bad + 1))
			fi
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			sym=${BASH_REMATCH[1]}
			if grep -qE "^$sym=" "$dot"; then
				echo "  requested $sym off, final .config has: $(grep -E "^$sym=" "$dot")" >&2
				bad=$((bad + 1))
			fi
		fi
	done <"$frag"
	[ "$bad" -eq 0 ] || die "$bad option(s) of $(rel "$frag") did not make it into $(rel "$dot")"
}

# ---- the vDSO must not need relocating: nothing relocates it at run time.
# (6.1 with JUMP_LABEL=n: cpu_relax() reads a static key through an
# unrelocated pointer and clock_gettime() faults; see hypocaust.config.) ----
check_vdso() { # check_vdso OBJDIR
	local so="$1/arch/riscv/kernel/vdso/vdso.so.dbg" relocs
	[ -f "$so" ] || die "$(rel "$so") is missing"
	relocs=$("${CROSS}readelf" -W -r "$so" | grep -E 'R_RISCV_' || true)
	if [ -n "$relocs" ]; then
		echo "$relocs" >&2
		die "the vDSO has dynamic relocations (they are never applied): see above"
	fi
}

# ---- one kernel: NAME BASE-TARGET FRAGMENT-OR-EMPTY OUTDIR ----
build_kernel() {
	local name=$1 base=$2 frag=$3 dir=$4
	local obj="$dir/obj" log="$dir/kernel-build.log" key t0 t1
	key=$( {
		echo "package: $PKG $PKG_VERSION"
		echo "compiler: $CROSS_GCC_VERSION"
		echo "kernel: $name from $base"
		cat "${BASH_SOURCE[0]}"
		[ -z "$frag" ] || cat "$frag"
	} | sha256sum | cut -d' ' -f1)
	mkdir -p "$dir"
	if [ "$force" = 0 ] && [ -f "$dir/Image" ] && [ "$(cat "$dir/Image.key" 2>/dev/null)" = "$key" ]; then
		say "kernel ($name) is up to date (key ${key:0:12})"
		return
	fi
	rm -f "$dir/Image.key"
	mkdir -p "$obj"
	local kmake=(make -C "$SRC" O="$obj" ARCH="$ARCH" CROSS_COMPILE="$CROSS")
	t0=$(date +%s)
	say "configuring the $name kernel ($base${frag:+ + $(rel "$frag")}) in $(rel "$obj")"
	"${kmake[@]}" -s "$base" >"$log" 2>&1 || { tail -n 40 "$log" >&2; die "make $base failed (log: $(rel "$log"))"; }
	if [ -n "$frag" ]; then
		(cd "$obj" && ARCH=$ARCH CROSS_COMPILE=$CROSS \
			"$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag") >>"$log" 2>&1 ||
			{ tail -n 40 "$log" >&2; die "merge_config.sh failed (log: $(rel "$log"))"; }
		"${kmake[@]}" -s olddefconfig >>"$log" 2>&1 ||
			{ tail -n 40 "$log" >&2; die "make olddefconfig failed (log: $(rel "$log"))"; }
		verify_config "$frag" "$obj/.config"
	fi
	say "building the $name kernel Image with -j$JOBS (log: $(rel "$log"))"
	if [ "${V:-0}" = 1 ]; then
		"${kmake[@]}" -j"$JOBS" Image 2>&1 | tee -a "$log" || die "kernel build failed (log: $(rel "$log"))"
	else
		"${kmake[@]}" -j"$JOBS" Image >>"$log" 2>&1 ||
			{ grep -E -B2 -A8 'error|Error' "$log" | tail -n 60 >&2; die "kernel build failed (log: $(rel "$log"))"; }
	fi
	t1=$(date +%s)
	check_vdso "$obj"
	cp "$obj/arch/riscv/boot/Image" "$dir/Image.tmp"
	mv "$dir/Image.tmp" "$dir/Image"
	cp "$obj/.config" "$dir/config"
	echo "$key" >"$dir/Image.key"
	say "kernel ($name) built in $((t1 - t0)) s, Image $(stat -c %s "$dir/Image") bytes"
}

# ---- the init program (static, riscv64) ----
build_init() {
	local dir="$OUT/init" key
	local srcs=("$INIT_SRC"/*.c)
	[ -f "${srcs[0]}" ] || die "no init sources in $(rel "$INIT_SRC")"
	key=$( {
		echo "compiler: $CROSS_GCC_VERSION"
		echo "flags: $INIT_CFLAGS"
		cat "${BASH_SOURCE[0]}"
		for f in "$INIT_SRC"/*; do if [ -f "$f" ]; then echo "== ${f##*/}"; cat "$f"; fi; done
	} | sha256sum | cut -d' ' -f1)
	mkdir -p "$dir"
	if [ -f "$dir/init" ] && [ "$(cat "$dir/init.key" 2>/dev/null)" = "$key" ]; then
		return
	fi
	say "compiling the init program ($(rel "$INIT_SRC"))"
	rm -f "$dir/init.key"
	# shellcheck disable=SC2086
	"${CROSS}gcc" $INIT_CFLAGS -o "$dir/init.debug" "${srcs[@]}" ||
		die "compiling $(rel "$INIT_SRC") failed"
	"${CROSS}strip" -o "$dir/init" "$dir/init.debug"
	touch -d @0 "$dir/init" # gen_init_cpio keeps a file's mtime: reproducible archive
	echo "$key" >"$dir/init.key"
}

# ---- gen_init_cpio from the kernel source, with the host compiler ----
build_gen_init_cpio() {
	local tool="$OUT/tools/gen_init_cpio" c="$SRC/usr/gen_init_cpio.c"
	[ -f "$c" ] || die "$(rel "$c") is missing"
	if [ -x "$tool" ] && [ "$tool" -nt "$c" ]; then
		return
	fi
	mkdir -p "$OUT/tools"
	gcc -O2 -o "$tool" "$c" || die "compiling gen_init_cpio failed"
}

# ---- the initramfs: newc cpio with a /dev/console node, no root needed ----
build_initramfs() {
	local list="$OUT/initramfs.list" img="$OUT/initramfs.cpio.gz" key
	cat >"$list.tmp" <<-EOF
		# Hypocaust-2 Linux guest initramfs (written by linux/build.sh)
		dir /dev 0755 0 0
		nod /dev/console 0600 0 0 c 5 1
		dir /proc 0555 0 0
		dir /sys 0555 0 0
		dir /tmp 1777 0 0
		dir /root 0700 0 0
		file /init $OUT/init/init 0755 0 0
	EOF
	mv "$list.tmp" "$list"
	key=$(cat "$list" "$OUT/init/init" | sha256sum | cut -d' ' -f1)
	if [ -f "$img" ] && [ "$(cat "$img.key" 2>/dev/null)" = "$key" ]; then
		return
	fi
	say "packing $(rel "$img")"
	rm -f "$img.key"
	# -t 0: fixed mtimes, gzip -n: no name/time, so the archive is reproducible
	"$OUT/tools/gen_init_cpio" -t 0 "$list" >"$OUT/initramfs.cpio" ||
		die "gen_init_cpio failed"
	gzip -n -9 -c "$OUT/initramfs.cpio" >"$img.tmp"
	mv "$img.tmp" "$img"
	rm -f "$OUT/initramfs.cpio"
	echo "$key" >"$img.key"
}

main() {
	parse_args "$@"
	check_tools
	take_lock
	extract_source
	case $mode in
	tiny) build_kernel tiny tinyconfig "$FRAGMENT" "$OUT" ;;
	defconfig) build_kernel defconfig defconfig "" "$DEFCONFIG_OUT" ;;
	esac
	build_init
	build_gen_init_cpio
	build_initramfs

	case $mode in
	tiny) echo "built: $(rel "$OUT/Image")" ;;
	defconfig) echo "built: $(rel "$DEFCONFIG_OUT/Image")" ;;
	esac
	echo "built: $(rel "$OUT/initramfs.cpio.gz")"
}

# The whole file is read before main runs: editing it during a build does
# not derail the running build.
main "$@"
exit $?
