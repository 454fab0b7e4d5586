// SPDX-License-Identifier: MIT
/*
 * Hypocaust-2 Linux guest: PID 1.
 *
 * Mounts /proc, /sys, /dev (devtmpfs) and /tmp, puts stdin/stdout/stderr on
 * /dev/console and prints "hypocaust-init: up (N cpus)". With hyp.test=smoke
 * on the kernel command line it runs the smoke checks, prints one line per
 * check and a verdict ("smoke: PASS" or "smoke: FAIL (n checks)") and powers
 * the machine off. hyp.test=stress repeats them without end ("stress:
 * round N ok"). hyp.test=disk, diskbench and net run the I/O checks of
 * io.c and power off too. Otherwise it runs a tiny shell on the console
 * ("hyp# ").
 *
 * "/init --child" is the child of the fork/exec check: it prints "child ok"
 * and exits with status 7.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

#define CHILD_STATUS 7
#define MAX_CPUS 64

static const char *self_path = "/init";

/* ------------------------------------------------------------------ */
/* time helpers                                                        */

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ------------------------------------------------------------------ */
/* early setup                                                         */

static void mount_one(const char *src, const char *dir, const char *type, unsigned long flags,
		      const char *data)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		fprintf(stderr, "hypocaust-init: mkdir %s: %s\n", dir, strerror(errno));
	if (mount(src, dir, type, flags, data) != 0 && errno != EBUSY)
		fprintf(stderr, "hypocaust-init: mount %s on %s: %s\n", type, dir, strerror(errno));
}

static void setup_console(void)
{
	int fd;

	/* The kernel opens /dev/console for us when the node exists in the
	 * initramfs; otherwise fds 0-2 are closed and we open it ourselves
	 * (devtmpfs is mounted by now). */
	if (fcntl(0, F_GETFD) == 0 && fcntl(1, F_GETFD) == 0 && fcntl(2, F_GETFD) == 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void early_setup(void)
{
	mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	setup_console();
	mount_one("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_one("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_one("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	setvbuf(stdout, NULL, _IOLBF, 0);
	setenv("PATH", "/", 1);
	setenv("HOME", "/root", 1);
	if (chdir("/") != 0)
		perror("hypocaust-init: chdir /");
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

/*
 * The kernel command line word that starts with prefix: copies what
 * follows the prefix into value (the last such word wins).
 */
bool cmdline_value(const char *prefix, char *value, size_t size)
{
	char buf[4096];
	size_t len = strlen(prefix);
	FILE *f = fopen("/proc/cmdline", "r");
	bool found = false;

	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		for (char *tok = strtok(buf, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
			if (strncmp(tok, prefix, len) == 0) {
				snprintf(value, size, "%s", tok + len);
				found = true;
			}
	}
	fclose(f);
	return found;
}

static bool cmdline_has(const char *word)
{
	char value[2];

	return cmdline_value(word, value, sizeof(value)) && value[0] == '\0';
}

static void power(int how)
{
	fflush(stdout);
	fflush(stderr);
	sync();
	if (getpid() != 1) {
		printf("(not PID 1: exiting instead of %s)\n",
		       how == RB_POWER_OFF ? "powering off" : "rebooting");
		exit(0);
	}
	reboot(how);
	fprintf(stderr, "hypocaust-init: reboot: %s\n", strerror(errno));
	for (;;)
		pause();
}

/* ------------------------------------------------------------------ */
/* smoke checks                                                        */

static int smoke_failures;

static void report(const char *check, bool ok, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	printf("smoke: %s %s%s%s\n", check, ok ? "ok" : "FAIL", detail[0] ? " " : "", detail);
	if (!ok)
		smoke_failures++;
}

/* The CPUs this process may run on, in increasing order. */
static int cpu_list(int *cpus, int max)
{
	cpu_set_t set;
	int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 0;
	for (int c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return n;
}

/* (a) fork + exec of ourselves with --child, which exits 7 */
static void check_fork_exec(void)
{
	int pipefd[2], status;
	char out[128] = "";
	ssize_t got = 0, r;
	pid_t pid, w;

	if (pipe(pipefd) != 0) {
		report("fork-exec", false, "(pipe: %s)", strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report("fork-exec", false, "(fork: %s)", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return;
	}
	if (pid == 0) {
		char *const argv[] = {(char *)self_path, "--child", NULL};

		dup2(pipefd[1], 1);
		close(pipefd[0]);
		close(pipefd[1]);
		execv("/proc/self/exe", argv);
		execv(self_path, argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((size_t)got < sizeof(out) - 1 &&
	       (r = read(pipefd[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += r;
	out[got > 0 ? got : 0] = '\0';
	close(pipefd[0]);
	do
		w = waitpid(pid, &status, 0);
	while (w < 0 && errno == EINTR);
	out[strcspn(out, "\n")] = '\0';
	if (w != pid)
		report("fork-exec", false, "(waitpid: %s)", strerror(errno));
	else if (!WIFEXITED(status))
		report("fork-exec", false, "(child pid %d died, status 0x%x)", pid, status);
	else if (WEXITSTATUS(status) == CHILD_STATUS && strcmp(out, "child ok") == 0)
		report("fork-exec", true, "(child pid %d printed \"%s\" and exited %d)", pid, out,
		       WEXITSTATUS(status));
	else
		report("fork-exec", false,
		       "(child pid %d printed \"%s\" and exited %d; want \"child ok\" and %d)", pid,
		       out, WEXITSTATUS(status), CHILD_STATUS);
}

/* (b) one thread per online CPU, each pinned, spinning ~50 ms */
struct spinner {
	pthread_t thread;
	int cpu;	/* the CPU it is pinned to */
	int first;	/* sched_getcpu() at start */
	int last;	/* sched_getcpu() at the end */
	long samples;	/* how often it asked */
	long elsewhere; /* how many samples were not on its CPU */
	int pin_err;
};

static void *spin_thread(void *arg)
{
	struct spinner *s = arg;
	cpu_set_t set;
	int64_t end;

	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	s->pin_err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	s->first = sched_getcpu();
	end = now_ns() + 50 * 1000000LL;
	do {
		int c = sched_getcpu();

		s->samples++;
		if (c != s->cpu)
			s->elsewhere++;
		s->last = c;
	} while (now_ns() < end);
	return NULL;
}

static void check_threads(void)
{
	static struct spinner sp[MAX_CPUS];
	int cpus[MAX_CPUS], n = cpu_list(cpus, MAX_CPUS), nproc = online_cpus();
	char list[4 * MAX_CPUS + 1] = "", *p = list;
	bool ok = n == nproc;
	int started = 0;

	memset(sp, 0, sizeof(sp));
	for (int i = 0; i < n; i++) {
		int err;

		sp[i].cpu = cpus[i];
		err = pthread_create(&sp[i].thread, NULL, spin_thread, &sp[i]);
		if (err) {
			printf("smoke:   pthread_create for cpu %d: %s\n", cpus[i], strerror(err));
			ok = false;
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(sp[i].thread, NULL);
		p += sprintf(p, " %d", sp[i].last);
		if (sp[i].pin_err || sp[i].last != sp[i].cpu || sp[i].elsewhere) {
			printf("smoke:   thread for cpu %d: pin %s, first on %d, last on %d, "
			       "%ld of %ld samples elsewhere\n",
			       sp[i].cpu, sp[i].pin_err ? strerror(sp[i].pin_err) : "ok",
			       sp[i].first, sp[i].last, sp[i].elsewhere, sp[i].samples);
			ok = false;
		}
	}
	report("threads", ok && started == n, "(threads ran on cpus:%s; %d online)", list, nproc);
}

/* (c) nanosleep accuracy: 20 sleeps of 10 ms */
static void check_nanosleep(void)
{
	const int rounds = 20;
	const int64_t want = 10 * 1000000LL;
	int64_t min = INT64_MAX, max = 0, sum = 0;
	int early = 0;

	for (int i = 0; i < rounds; i++) {
		struct timespec req = {0, want}, rem;
		int64_t t0 = now_ns(), d;

		while (nanosleep(&req, &rem) != 0 && errno == EINTR)
			req = rem;
		d = now_ns() - t0;
		if (d < want)
			early++;
		min = d < min ? d : min;
		max = d > max ? d : max;
		sum += d;
	}
	report("nanosleep", early == 0 && sum / rounds <= 3 * want,
	       "(%d x 10000 us: min %lld us, max %lld us, mean %lld us; %d too short)", rounds,
	       (long long)(min / 1000), (long long)(max / 1000), (long long)(sum / rounds / 1000),
	       early);
}

/* (d) futex ping-pong between two CPUs: every wake is an IPI */
#define PINGPONG_ROUNDS 2000

struct pingpong {
	int turn; /* 0: ping's turn, 1: pong's turn */
	int cpu[2];
	int on_cpu[2];
	int err[2];
	int64_t deadline;
};

static long futex(int *uaddr, int op, int val, const struct timespec *timeout)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, NULL, 0);
}

static void *pingpong_thread(void *arg)
{
	struct pingpong *pp = ((void **)arg)[0];
	int me = (int)(intptr_t)((void **)arg)[1];

	if (pp->cpu[me] >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(pp->cpu[me], &set);
		pp->err[me] = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	pp->on_cpu[me] = sched_getcpu();
	for (int i = 0; i < PINGPONG_ROUNDS && !pp->err[me]; i++) {
		/* wait for our turn */
		while (__atomic_load_n(&pp->turn, __ATOMIC_ACQUIRE) != me) {
			struct timespec t = {1, 0};

			if (futex(&pp->turn, FUTEX_WAIT_PRIVATE, !me, &t) != 0 && errno != EAGAIN &&
			    errno != EINTR && errno != ETIMEDOUT) {
				pp->err[me] = errno;
				break;
			}
			if (now_ns() > __atomic_load_n(&pp->deadline, __ATOMIC_RELAXED)) {
				pp->err[me] = ETIMEDOUT;
				break;
			}
		}
		if (pp->err[me])
			break;
		/* hand over and wake the other side */
		__atomic_store_n(&pp->turn, !me, __ATOMIC_RELEASE);
		futex(&pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL);
	}
	/* let the other side out if we stopped early */
	if (pp->err[me]) {
		__atomic_store_n(&pp->deadline, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&pp->turn, !me, __ATOMIC_RELEASE);
		futex(&pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL);
	}
	return NULL;
}

static void check_ipi(void)
{
	static struct pingpong pp;
	int cpus[MAX_CPUS], n = cpu_list(cpus, MAX_CPUS);
	pthread_t th[2];
	void *args[2][2];
	int64_t t0, dt;
	bool ok;

	memset(&pp, 0, sizeof(pp));
	pp.cpu[0] = n >= 2 ? cpus[0] : -1;
	pp.cpu[1] = n >= 2 ? cpus[1] : -1;
	pp.deadline = now_ns() + 60 * 1000000000LL;
	t0 = now_ns();
	for (int i = 0; i < 2; i++) {
		args[i][0] = &pp;
		args[i][1] = (void *)(intptr_t)i;
		if (pthread_create(&th[i], NULL, pingpong_thread, args[i]) != 0) {
			report("ipi", false, "(pthread_create failed)");
			if (i == 1) {
				pp.err[1] = EAGAIN;
				__atomic_store_n(&pp.deadline, 0, __ATOMIC_RELAXED);
				pthread_join(th[0], NULL);
			}
			return;
		}
	}
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	dt = now_ns() - t0;
	ok = !pp.err[0] && !pp.err[1];
	if (n >= 2)
		ok = ok && pp.on_cpu[0] == pp.cpu[0] && pp.on_cpu[1] == pp.cpu[1];
	if (!ok)
		report("ipi", false, "(futex ping-pong cpu %d <-> cpu %d: errors %s / %s)",
		       pp.on_cpu[0], pp.on_cpu[1], pp.err[0] ? strerror(pp.err[0]) : "none",
		       pp.err[1] ? strerror(pp.err[1]) : "none");
	else
		report("ipi", true, "(%d futex round trips cpu %d <-> cpu %d%s in %lld ms: %lld/s)",
		       PINGPONG_ROUNDS, pp.on_cpu[0], pp.on_cpu[1],
		       n >= 2 ? "" : ", one cpu: no IPIs", (long long)(dt / 1000000),
		       (long long)(PINGPONG_ROUNDS * 1000000000LL / (dt > 0 ? dt : 1)));
}

/* (e) /proc/cpuinfo and /proc/interrupts */
static void check_cpuinfo(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], isa[128] = "?";
	int count = 0, nproc = online_cpus();

	if (!f) {
		report("cpuinfo", false, "(/proc/cpuinfo: %s)", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "processor", 9) == 0 &&
		    (line[9] == ' ' || line[9] == '\t' || line[9] == ':'))
			count++;
		else if (strncmp(line, "isa", 3) == 0 && strchr(line, ':') && isa[0] == '?')
			sscanf(strchr(line, ':') + 1, " %127s", isa);
	}
	fclose(f);
	report("cpuinfo", count == nproc, "(%d processor lines, %d online, isa %s)", count, nproc,
	       isa);
}

static void check_interrupts(void)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[1024];
	int ncol = 0, nproc = online_cpus();
	bool found = false, ok = false;

	if (!f) {
		report("interrupts", false, "(/proc/interrupts: %s)", strerror(errno));
		return;
	}
	/* header: "           CPU0       CPU1 ..." */
	if (fgets(line, sizeof(line), f))
		for (char *p = line; (p = strstr(p, "CPU")); p += 3)
			ncol++;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *p, *end;
		unsigned long counts[MAX_CPUS];
		int nc = 0;

		line[strcspn(line, "\n")] = '\0';
		if (!colon)
			continue;
		/* IPI lines: show them */
		for (p = line; *p == ' '; p++)
			;
		if (strncmp(p, "IPI", 3) == 0) {
			printf("smoke:   %s\n", p);
			continue;
		}
		if (!strstr(colon, "riscv-timer"))
			continue;
		printf("smoke:   %s\n", p);
		p = colon + 1;
		while (nc < ncol && nc < MAX_CPUS) {
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			counts[nc++] = v;
			p = end;
		}
		found = true;
		ok = nc == ncol && ncol == nproc;
		for (int i = 0; i < nc; i++)
			if (counts[i] == 0)
				ok = false;
	}
	fclose(f);
	report("interrupts", found && ok,
	       found ? "(riscv-timer counted on all %d cpus)"
		     : "(no riscv-timer line among %d cpu columns)",
	       ncol);
}

/* (f) clock_gettime from every CPU at once: never backwards, never faults */
struct clocker {
	pthread_t thread;
	int cpu;
	long calls;
	long backwards;
};

static void *clock_thread(void *arg)
{
	struct clocker *c = arg;
	cpu_set_t set;
	int64_t prev, t, end;

	CPU_ZERO(&set);
	CPU_SET(c->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	prev = now_ns();
	end = prev + 200 * 1000000LL;
	do {
		t = now_ns();
		if (t < prev)
			c->backwards++;
		prev = t;
		c->calls++;
	} while (t < end);
	return NULL;
}

static void check_clock(void)
{
	static struct clocker cl[MAX_CPUS];
	int cpus[MAX_CPUS], n = cpu_list(cpus, MAX_CPUS), started = 0;
	long calls = 0, backwards = 0;

	memset(cl, 0, sizeof(cl));
	for (int i = 0; i < n; i++) {
		cl[i].cpu = cpus[i];
		if (pthread_create(&cl[i].thread, NULL, clock_thread, &cl[i]) != 0)
			break;
		started++;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(cl[i].thread, NULL);
		calls += cl[i].calls;
		backwards += cl[i].backwards;
	}
	report("clock", started == n && backwards == 0,
	       "(%d threads x 200 ms of clock_gettime: %ld calls, %ld went backwards)", started,
	       calls, backwards);
}

/*
 * Each check runs in a child process, so that a check that crashes (a
 * fault, a signal) or hangs is reported as that check's failure and the
 * others still run; PID 1 itself never runs the threads of a check.
 */
#define CHECK_TIMEOUT_S 120

static void run_check(const char *name, void (*fn)(void))
{
	int64_t deadline = now_ns() + CHECK_TIMEOUT_S * 1000000000LL;
	int status;
	pid_t pid, w;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report(name, false, "(fork: %s)", strerror(errno));
		return;
	}
	if (pid == 0) {
		smoke_failures = 0;
		fn();
		fflush(stdout);
		_exit(smoke_failures ? 1 : 0);
	}
	for (;;) {
		struct timespec ms = {0, 10 * 1000000};

		w = waitpid(pid, &status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (now_ns() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			report(name, false, "(no answer after %d s: killed)", CHECK_TIMEOUT_S);
			return;
		}
		nanosleep(&ms, NULL);
	}
	if (w != pid)
		report(name, false, "(waitpid: %s)", strerror(errno));
	else if (WIFSIGNALED(status))
		report(name, false, "(the check died of signal %d, %s)", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		smoke_failures++; /* the check printed its FAIL line */
}

static int run_smoke(void)
{
	smoke_failures = 0;
	printf("smoke: starting on %d cpus\n", online_cpus());
	run_check("fork-exec", check_fork_exec);
	run_check("threads", check_threads);
	run_check("nanosleep", check_nanosleep);
	run_check("ipi", check_ipi);
	run_check("clock", check_clock);
	run_check("cpuinfo", check_cpuinfo);
	run_check("interrupts", check_interrupts);
	if (smoke_failures)
		printf("smoke: FAIL (%d checks)\n", smoke_failures);
	else
		printf("smoke: PASS\n");
	return smoke_failures;
}

/*
 * hyp.test=stress (tools/soak): the smoke checks round after round, for
 * ever: threads and processes on every CPU, futex IPIs, timers, clocks and
 * plenty of console output. One verdict line per round.
 */
static void run_stress(void)
{
	for (unsigned long round = 1;; round++) {
		int failures = run_smoke();

		printf("stress: round %lu %s\n", round, failures ? "FAIL" : "ok");
	}
}

/* ------------------------------------------------------------------ */
/* the shell                                                           */

#define LINE_MAX_LEN 256
#define MAX_ARGS 32

static struct termios saved_tio;
static bool have_tty;

static void tty_raw(void)
{
	struct termios t;

	if (tcgetattr(0, &saved_tio) != 0)
		return;
	have_tty = true;
	t = saved_tio;
	t.c_lflag &= ~(ICANON | ECHO | ECHONL | ISIG | IEXTEN);
	t.c_iflag &= ~(ICRNL | INLCR | IGNCR | IXON);
	t.c_oflag |= OPOST | ONLCR;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(0, TCSAFLUSH, &t);
}

static void echo_out(const char *s, size_t n)
{
	if (have_tty && write(1, s, n) < 0)
		return;
}

/*
 * Reads one line with simple editing: backspace/DEL erase, ^U kills the
 * line, ^C drops it, escape sequences (arrow keys) are ignored. Returns the
 * length, or -1 at end of input.
 */
static int read_line(char *buf, int size)
{
	static bool after_cr;
	int len = 0, esc = 0;

	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return len > 0 ? len : -1;
		if (c == '\n' && after_cr) { /* CR LF: the LF is part of the CR */
			after_cr = false;
			continue;
		}
		after_cr = false;
		if (esc) { /* ESC [ ... final byte in 0x40-0x7e */
			if (esc == 1 && (c == '[' || c == 'O')) {
				esc = 2;
				continue;
			}
			if (esc == 2 && !(c >= 0x40 && c <= 0x7e))
				continue;
			esc = 0;
			continue;
		}
		switch (c) {
		case '\r':
			after_cr = true;
			/* fall through */
		case '\n':
			echo_out("\n", 1);
			buf[len] = '\0';
			return len;
		case 0x7f:
		case '\b':
			if (len > 0) {
				len--;
				echo_out("\b \b", 3);
			}
			break;
		case 0x15: /* ^U */
			while (len > 0) {
				len--;
				echo_out("\b \b", 3);
			}
			break;
		case 0x03: /* ^C */
			echo_out("^C\n", 3);
			buf[0] = '\0';
			return 0;
		case 0x04: /* ^D */
			if (len == 0) {
				echo_out("\n", 1);
				buf[0] = '\0';
				return -1;
			}
			break;
		case 0x1b:
			esc = 1;
			break;
		default:
			if ((unsigned char)c >= 0x20 && len < size - 1) {
				buf[len++] = c;
				echo_out(&c, 1);
			}
			break;
		}
	}
}

/* Splits a line into words; '...' and "..." group words. */
static int split(char *line, char **argv, int max)
{
	int argc = 0;
	char *r = line, *w = line;

	while (*r) {
		char quote = 0;

		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			break;
		if (argc == max - 1)
			break;
		argv[argc++] = w;
		while (*r && (quote || (*r != ' ' && *r != '\t'))) {
			if (!quote && (*r == '"' || *r == '\''))
				quote = *r++;
			else if (quote && *r == quote) {
				quote = 0;
				r++;
			} else
				*w++ = *r++;
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static int cmd_help(int argc, char **argv);

static int cmd_cat(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		printf("usage: cat FILE...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		char buf[4096];
		ssize_t n;
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0) {
			printf("cat: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		fflush(stdout);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(1, buf, n) != n)
				break;
		if (n < 0) {
			printf("cat: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
		close(fd);
	}
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_ls(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, width = 0;
	int col = 0, per_line;

	if (!d) {
		printf("ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;
		char *name;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names) {
				closedir(d);
				printf("ls: out of memory\n");
				return 1;
			}
		}
		name = malloc(strlen(e->d_name) + 2);
		if (!name)
			break;
		strcpy(name, e->d_name);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				strcat(name, "/");
			else if (S_ISLNK(st.st_mode))
				strcat(name, "@");
			else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
				strcat(name, "%");
			else if (st.st_mode & S_IXUSR)
				strcat(name, "*");
		}
		if (strlen(name) > width)
			width = strlen(name);
		names[n++] = name;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	per_line = 78 / (int)(width + 2);
	if (per_line < 1)
		per_line = 1;
	for (size_t i = 0; i < n; i++) {
		if (++col == per_line || i + 1 == n) {
			printf("%s\n", names[i]);
			col = 0;
		} else {
			printf("%-*s", (int)(width + 2), names[i]);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", i > 1 ? " " : "", argv[i]);
	printf("\n");
	return 0;
}

static int cmd_uname(int argc, char **argv)
{
	struct utsname u;

	if (uname(&u) != 0) {
		printf("uname: %s\n", strerror(errno));
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "-a") == 0)
		printf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version, u.machine);
	else if (argc > 1 && strcmp(argv[1], "-r") == 0)
		printf("%s\n", u.release);
	else if (argc > 1 && strcmp(argv[1], "-m") == 0)
		printf("%s\n", u.machine);
	else
		printf("%s\n", u.sysname);
	return 0;
}

static long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	size_t len = strlen(key);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, len) == 0 && line[len] == ':') {
			v = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int cmd_free(int argc, char **argv)
{
	long total = meminfo("MemTotal"), mfree = meminfo("MemFree");
	long avail = meminfo("MemAvailable"), buffers = meminfo("Buffers");
	long cached = meminfo("Cached"), shmem = meminfo("Shmem");

	(void)argc;
	(void)argv;
	if (total < 0) {
		printf("free: cannot read /proc/meminfo\n");
		return 1;
	}
	printf("%-6s %10s %10s %10s %10s %10s %10s\n", "kB", "total", "used", "free", "shared",
	       "buff/cache", "available");
	printf("%-6s %10ld %10ld %10ld %10ld %10ld %10ld\n", "Mem:", total,
	       total - mfree - buffers - cached, mfree, shmem, buffers + cached, avail);
	return 0;
}

static int cmd_uptime(int argc, char **argv)
{
	struct sysinfo si;

	(void)argc;
	(void)argv;
	if (sysinfo(&si) != 0) {
		printf("uptime: %s\n", strerror(errno));
		return 1;
	}
	printf("up %ld s, %d procs, load %.2f %.2f %.2f\n", si.uptime, si.procs,
	       si.loads[0] / 65536.0, si.loads[1] / 65536.0, si.loads[2] / 65536.0);
	return 0;
}

static int cmd_smoke(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_smoke();
}

static int cmd_mount(int argc, char **argv)
{
	const char *type = argc > 3 ? argv[3] : "ext4";

	if (argc < 3) {
		printf("usage: mount DEVICE DIR [TYPE]\n");
		return 1;
	}
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST)
		return printf("mount: mkdir %s: %s\n", argv[2], strerror(errno)), 1;
	if (mount(argv[1], argv[2], type, 0, NULL) != 0)
		return printf("mount: %s on %s (%s): %s\n", argv[1], argv[2], type,
			      strerror(errno)),
		       1;
	return 0;
}

static int cmd_umount(int argc, char **argv)
{
	if (argc < 2) {
		printf("usage: umount DIR\n");
		return 1;
	}
	sync();
	if (umount(argv[1]) != 0)
		return printf("umount: %s: %s\n", argv[1], strerror(errno)), 1;
	return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (have_tty)
		tcsetattr(0, TCSAFLUSH, &saved_tio);
	printf("hypocaust-init: powering off\n");
	power(RB_POWER_OFF);
	return 0;
}

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (have_tty)
		tcsetattr(0, TCSAFLUSH, &saved_tio);
	printf("hypocaust-init: rebooting\n");
	power(RB_AUTOBOOT);
	return 0;
}

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"help", cmd_help, "this list"},
	{"cat", cmd_cat, "cat FILE...: print files"},
	{"ls", cmd_ls, "ls [DIR]: list a directory (/ dir, @ link, % device, * executable)"},
	{"echo", cmd_echo, "echo WORD...: print the words"},
	{"uname", cmd_uname, "uname [-a|-r|-m]: kernel name, release, machine"},
	{"free", cmd_free, "free: memory from /proc/meminfo"},
	{"uptime", cmd_uptime, "uptime: seconds since boot, load"},
	{"smoke", cmd_smoke, "smoke: run the smoke checks (without powering off)"},
	{"mount", cmd_mount, "mount DEVICE DIR [TYPE]: mount a file system (default ext4)"},
	{"umount", cmd_umount, "umount DIR: sync and unmount"},
	{"poweroff", cmd_poweroff, "poweroff: sync and power the machine off"},
	{"reboot", cmd_reboot, "reboot: sync and reboot"},
};

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("hypocaust-init shell, built-in commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-9s %s\n", commands[i].name, commands[i].help);
	return 0;
}

static void run_shell(void)
{
	char line[LINE_MAX_LEN], *argv[MAX_ARGS];

	tty_raw();
	printf("hypocaust-init: shell on the console, type help\n");
	for (;;) {
		int len, argc;
		size_t i;

		printf("hyp# ");
		fflush(stdout);
		len = read_line(line, sizeof(line));
		if (len < 0) {
			if (getpid() != 1)
				break;
			printf("(end of input: use poweroff)\n");
			sleep(1);
			continue;
		}
		argc = split(line, argv, MAX_ARGS);
		if (argc == 0)
			continue;
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[0], commands[i].name) == 0)
				break;
		if (i == sizeof(commands) / sizeof(commands[0]))
			printf("unknown command: %s (try help)\n", argv[0]);
		else
			commands[i].fn(argc, argv);
		fflush(stdout);
	}
	if (have_tty)
		tcsetattr(0, TCSAFLUSH, &saved_tio);
}

/* ------------------------------------------------------------------ */

/* Boot-time I/O checks (io.c), chosen by a word on the command line. */
static const struct io_test {
	const char *word;
	int (*fn)(void);
} io_tests[] = {
	{"hyp.test=disk", run_disk_test},
	{"hyp.test=diskbench", run_disk_bench},
	{"hyp.test=net", run_net_test},
};

/*
 * Whether the kernel's CRNG is seeded yet: getrandom() without blocking
 * fails with EAGAIN until it is. A kernel that trusts the bootloader's
 * seed (RANDOM_TRUST_BOOTLOADER) is seeded from /chosen/rng-seed at boot.
 */
static const char *crng_state(void)
{
	char b[16];

	if (getrandom(b, sizeof(b), GRND_NONBLOCK) == (ssize_t)sizeof(b))
		return "ready";
	return errno == EAGAIN ? "not ready" : "unknown";
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--child") == 0) {
		printf("child ok\n");
		return CHILD_STATUS;
	}
	if (argc > 0 && argv[0][0] == '/')
		self_path = argv[0];

	if (getpid() == 1)
		early_setup();
	else
		setvbuf(stdout, NULL, _IOLBF, 0);

	printf("hypocaust-init: up (%d cpus)\n", online_cpus());
	if (getpid() == 1) {
		struct timespec bt;

		clock_gettime(CLOCK_BOOTTIME, &bt);
		printf("hypocaust-init: %ld.%06ld s after boot (CLOCK_BOOTTIME)\n", (long)bt.tv_sec,
		       bt.tv_nsec / 1000);
		printf("hypocaust-init: crng %s\n", crng_state());
	}

	if (cmdline_has("hyp.test=stress"))
		run_stress();
	if (cmdline_has("hyp.test=smoke") || (argc > 1 && strcmp(argv[1], "--smoke") == 0)) {
		int failures = run_smoke();

		if (getpid() != 1)
			return failures ? 1 : 0;
		power(RB_POWER_OFF);
	}
	for (size_t i = 0; i < sizeof(io_tests) / sizeof(io_tests[0]); i++)
		if (cmdline_has(io_tests[i].word)) {
			int failures = io_tests[i].fn();

			if (getpid() != 1)
				return failures;
			power(RB_POWER_OFF);
		}
	run_shell();
	/* only reached when not PID 1 (PID 1 must never exit) */
	return 0;
}
