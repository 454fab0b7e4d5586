// SPDX-License-Identifier: MIT
/*
 * Hypocaust-2 Linux guest: the I/O checks of PID 1, for virtio devices
 * passed through by the hypervisor (or given by QEMU natively).
 *
 *   hyp.test=disk       mount /dev/vda (ext4) on /mnt, check payload.bin
 *                       against the CRC-32 in payload.crc, append a line
 *                       to boots.txt, sync, unmount ("disk: PASS")
 *   hyp.test=diskbench  O_DIRECT sequential write then read of a 64 MiB
 *                       file on that disk, DISKBENCH_RUNS times
 *   hyp.test=net        eth0 up as 10.0.2.15/24, TCP to 10.0.2.2:PORT
 *                       (hyp.net.port=PORT): send a greeting and a pattern,
 *                       receive until EOF, print the CRC-32 ("net: PASS")
 */
#define _GNU_SOURCE
#include "init.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MNT "/mnt"
#define DISK "/dev/vda"

/* ------------------------------------------------------------------ */
/* CRC-32 (IEEE 802.3, reflected, as zlib and Python's zlib.crc32)     */

static uint32_t crc32_update(uint32_t crc, const void *data, size_t n)
{
	const uint8_t *p = data;

	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* CRC-32 of a whole file, or -1 with errno set. */
static int64_t crc32_file(const char *path, size_t *size)
{
	static char buf[65536];
	uint32_t crc = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	*size = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		crc = crc32_update(crc, buf, (size_t)n);
		*size += (size_t)n;
	}
	close(fd);
	return n < 0 ? -1 : (int64_t)crc;
}

static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* ------------------------------------------------------------------ */
/* disk                                                                */

static int mount_disk(const char *tag)
{
	if (mkdir(MNT, 0755) != 0 && errno != EEXIST)
		return printf("%s: mkdir " MNT ": %s\n", tag, strerror(errno)), -1;
	if (mount(DISK, MNT, "ext4", 0, NULL) != 0)
		return printf("%s: mount " DISK " on " MNT ": %s\n", tag, strerror(errno)), -1;
	printf("%s: mounted " DISK " (ext4) on " MNT "\n", tag);
	return 0;
}

static int unmount_disk(const char *tag)
{
	sync();
	if (umount(MNT) != 0)
		return printf("%s: umount " MNT ": %s\n", tag, strerror(errno)), -1;
	return 0;
}

static int check_payload(void)
{
	char want[32];
	size_t size;
	int64_t crc = crc32_file(MNT "/payload.bin", &size);

	if (crc < 0)
		return printf("disk: payload.bin: %s\n", strerror(errno)), -1;
	if (read_text(MNT "/payload.crc", want, sizeof(want)) < 0)
		return printf("disk: payload.crc: %s\n", strerror(errno)), -1;
	if (strtoul(want, NULL, 16) != (uint64_t)crc) {
		printf("disk: payload.bin %zu bytes crc32=%08x, payload.crc says %s FAIL\n", size,
		       (unsigned)crc, want);
		return -1;
	}
	printf("disk: payload.bin %zu bytes crc32=%08x ok\n", size, (unsigned)crc);
	return 0;
}

/* Appends "boot N" to boots.txt, N one more than the lines already there. */
static int append_boot(void)
{
	static char text[4096];
	int lines = 0, fd, len;

	if (read_text(MNT "/boots.txt", text, sizeof(text)) >= 0) {
		for (char *p = text; *p; p++)
			lines += *p == '\n';
		printf("disk: boots.txt has %d line(s)\n", lines);
	} else {
		printf("disk: no boots.txt yet\n");
	}
	fd = open(MNT "/boots.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0)
		return printf("disk: boots.txt: %s\n", strerror(errno)), -1;
	len = snprintf(text, sizeof(text), "boot %d\n", lines + 1);
	if (write(fd, text, (size_t)len) != len || fsync(fd) != 0) {
		printf("disk: writing boots.txt: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	printf("disk: wrote \"boot %d\" to boots.txt\n", lines + 1);
	return 0;
}

int run_disk_test(void)
{
	int bad = mount_disk("disk");

	if (!bad) {
		bad |= check_payload();
		bad |= append_boot();
		bad |= unmount_disk("disk");
	}
	printf("disk: %s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* disk throughput                                                     */

#define BENCH_FILE MNT "/bench.bin"
#define BENCH_BYTES (64u << 20)
#define BENCH_CHUNK (1u << 20)
#define DISKBENCH_RUNS 5

/* Interrupts taken so far by the virtio devices, from /proc/interrupts. */
static unsigned long virtio_irqs(void)
{
	static char line[1024];
	unsigned long total = 0;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (!p || !strstr(line, "virtio"))
			continue;
		for (p++;;) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			total += v;
			p = end;
		}
	}
	fclose(f);
	return total;
}

/* One sequential pass over the file; returns its MiB/s or -1. */
static double bench_pass(int fd, void *buf, bool writing)
{
	int64_t t0 = now_ns();

	for (unsigned off = 0; off < BENCH_BYTES; off += BENCH_CHUNK) {
		ssize_t n = writing ? pwrite(fd, buf, BENCH_CHUNK, off)
				    : pread(fd, buf, BENCH_CHUNK, off);

		if (n != (ssize_t)BENCH_CHUNK)
			return -1;
	}
	if (writing && fdatasync(fd) != 0)
		return -1;
	return (BENCH_BYTES / 1048576.0) / ((double)(now_ns() - t0) / 1e9);
}

static int bench_runs(int fd, void *buf)
{
	for (int run = 1; run <= DISKBENCH_RUNS; run++) {
		unsigned long irq0 = virtio_irqs();
		int64_t t0 = now_ns();
		double w = bench_pass(fd, buf, true), r = w < 0 ? -1 : bench_pass(fd, buf, false);
		double secs = (double)(now_ns() - t0) / 1e9;
		unsigned long irqs = virtio_irqs() - irq0;

		if (w < 0 || r < 0)
			return printf("diskbench: run %d: I/O error: %s\n", run, strerror(errno)),
			       -1;
		printf("diskbench: run %d write %.1f MiB/s read %.1f MiB/s irqs %lu irq/s %.0f\n",
		       run, w, r, irqs, irqs / secs);
	}
	return 0;
}

int run_disk_bench(void)
{
	void *buf = NULL;
	int fd, bad;

	if (mount_disk("diskbench"))
		return printf("diskbench: FAIL\n"), 1;
	fd = open(BENCH_FILE, O_RDWR | O_CREAT | O_DIRECT, 0644);
	if (fd < 0 || posix_memalign(&buf, 4096, BENCH_CHUNK) != 0 ||
	    fallocate(fd, 0, 0, BENCH_BYTES) != 0) {
		printf("diskbench: preparing " BENCH_FILE ": %s\ndiskbench: FAIL\n",
		       strerror(errno));
		return 1;
	}
	memset(buf, 0x5a, BENCH_CHUNK);
	/* A quiet second around the runs lets bench/run snapshot the
	 * hypervisor's exit counters (Ctrl-A s) at both ends. */
	printf("diskbench: begin (%u MiB, %u KiB O_DIRECT requests)\n", BENCH_BYTES >> 20,
	       BENCH_CHUNK >> 10);
	sleep(1);
	bad = bench_runs(fd, buf);
	printf("diskbench: end\n");
	sleep(1);
	close(fd);
	free(buf);
	unlink(BENCH_FILE);
	bad |= unmount_disk("diskbench");
	printf("diskbench: %s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* network                                                             */

#define NET_ADDR "10.0.2.15"
#define NET_MASK "255.255.255.0"
#define NET_PEER "10.0.2.2"
#define NET_PATTERN_BYTES 65536
#define NET_GREETING "hypocaust-net hello\n"

/* The byte at offset i of the pattern the guest sends after its greeting. */
static uint8_t pattern_byte(unsigned i)
{
	return (uint8_t)(i * 7 + i / 256 + 3);
}

static int set_addr(int s, const char *ifname, unsigned long req, const char *addr)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin->sin_addr);
	return ioctl(s, req, &ifr);
}

static int link_up(int s, const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

/* lo up, eth0 up as NET_ADDR/24: what `ip` would do, by ioctl. */
static int configure_eth0(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0), bad = 0;

	if (s < 0)
		return printf("net: socket: %s\n", strerror(errno)), -1;
	if (link_up(s, "lo") != 0)
		printf("net: lo up: %s\n", strerror(errno));
	if (set_addr(s, "eth0", SIOCSIFADDR, NET_ADDR) != 0 ||
	    set_addr(s, "eth0", SIOCSIFNETMASK, NET_MASK) != 0 || link_up(s, "eth0") != 0) {
		printf("net: configuring eth0: %s\n", strerror(errno));
		bad = -1;
	} else {
		printf("net: eth0 up as " NET_ADDR "/24\n");
	}
	close(s);
	return bad;
}

/* TCP to NET_PEER:port, retried for a few seconds while the link settles. */
static int connect_peer(unsigned port)
{
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(port)};

	inet_pton(AF_INET, NET_PEER, &peer.sin_addr);
	for (int attempt = 0; attempt < 50; attempt++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		if (s < 0)
			return -1;
		if (connect(s, (struct sockaddr *)&peer, sizeof(peer)) == 0)
			return s;
		close(s);
		usleep(100 * 1000);
	}
	return -1;
}

static int send_all(int s, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t k = send(s, p, n, 0);

		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int send_greeting_and_pattern(int s)
{
	static uint8_t pattern[NET_PATTERN_BYTES];

	for (unsigned i = 0; i < NET_PATTERN_BYTES; i++)
		pattern[i] = pattern_byte(i);
	if (send_all(s, NET_GREETING, strlen(NET_GREETING)) ||
	    send_all(s, pattern, sizeof(pattern)))
		return printf("net: send: %s\n", strerror(errno)), -1;
	printf("net: sent %zu bytes\n", strlen(NET_GREETING) + sizeof(pattern));
	return 0;
}

static int receive_until_eof(int s)
{
	static char buf[16384];
	uint32_t crc = 0;
	size_t total = 0;
	ssize_t n;

	while ((n = recv(s, buf, sizeof(buf), 0)) > 0) {
		crc = crc32_update(crc, buf, (size_t)n);
		total += (size_t)n;
	}
	if (n < 0)
		return printf("net: recv: %s\n", strerror(errno)), -1;
	printf("net: received %zu bytes crc32=%08x\n", total, crc);
	return 0;
}

int run_net_test(void)
{
	char value[16];
	unsigned port;
	int s, bad;

	if (!cmdline_value("hyp.net.port=", value, sizeof(value)) ||
	    !(port = strtoul(value, 0, 10)))
		return printf("net: no hyp.net.port=PORT on the command line\nnet: FAIL\n"), 1;
	if (configure_eth0())
		return printf("net: FAIL\n"), 1;
	s = connect_peer(port);
	if (s < 0)
		return printf("net: connect " NET_PEER ":%u: %s\nnet: FAIL\n", port,
			      strerror(errno)),
		       1;
	printf("net: connected to " NET_PEER ":%u\n", port);
	bad = send_greeting_and_pattern(s);
	if (!bad && shutdown(s, SHUT_WR) != 0)
		bad = -1;
	if (!bad)
		bad = receive_until_eof(s);
	close(s);
	printf("net: %s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}
