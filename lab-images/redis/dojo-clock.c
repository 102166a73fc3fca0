/*
 * dojo-clock: a node's wall clock, skewed on purpose (Failover Dojo's clock faults).
 *
 * Preloaded (LD_PRELOAD, set in the image) into every process of the node. The wall clock they read
 * (clock_gettime CLOCK_REALTIME*, gettimeofday, time) is the host's plus a skew read
 * from DOJO_CLOCK_FILE (default /etc/dojo/clock):
 *     <offset ms> [<drift ppm> <since, real epoch ms> [<flap ms>]]   (one line, ending in \n)
 * meaning  skewed = real + offset + (real - since) * ppm / 1e6.  No file: no skew.
 * With flap > 0 the clock takes turns: `flap` ms skewed, `flap` ms true, and so on from
 * `since` (two time sources fighting over it), every change a jump.
 * The file is read again at most every 100 ms of real time, so a fault that rewrites it
 * makes the clock jump (or start drifting) under a running process, as an NTP step or a
 * host resumed from a pause would. Monotonic clocks are left alone: a step moves the wall
 * clock only.
 * Real time comes from the clock_gettime system call, never from another library: this
 * code allocates nothing and calls no allocator, so it cannot recurse into one that reads
 * the clock while it starts (jemalloc does; libfaketime hangs there).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *clock_file(void) {
  const char *f = getenv("DOJO_CLOCK_FILE");
  return f && *f ? f : "/etc/dojo/clock";
}

static long long real_ns(clockid_t id) {
  struct timespec ts;
  if (syscall(SYS_clock_gettime, id, &ts) != 0) return 0;
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The skew in force: offset and drift, and when the file was last read (real ns). */
static volatile long long skew_offset_ms = 0;
static volatile long long skew_ppm = 0;
static volatile long long skew_since_ms = 0;
static volatile long long skew_flap_ms = 0;
static volatile long long skew_read_at = -1;

static long long parse_ll(const char **p) {
  while (**p == ' ' || **p == '\t' || **p == '\n') (*p)++;
  int neg = 0;
  if (**p == '-' || **p == '+') neg = *(*p)++ == '-';
  long long v = 0;
  while (**p >= '0' && **p <= '9') v = v * 10 + (*(*p)++ - '0');
  return neg ? -v : v;
}

static void refresh(long long now_ns) {
  long long last = skew_read_at;
  if (last >= 0 && now_ns - last < 100000000LL) return;
  skew_read_at = now_ns;
  char buf[128];
  long fd = syscall(SYS_openat, AT_FDCWD, clock_file(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    skew_offset_ms = 0;
    skew_ppm = 0;
    return;
  }
  long n = syscall(SYS_read, fd, buf, sizeof buf - 1);
  syscall(SYS_close, fd);
  /* A whole line or nothing: a file being rewritten is read again on the next call. */
  if (n <= 0 || buf[n - 1] != '\n') {
    skew_read_at = last;
    return;
  }
  buf[n] = 0;
  const char *p = buf;
  long long off = parse_ll(&p), ppm = parse_ll(&p), since = parse_ll(&p), flap = parse_ll(&p);
  skew_offset_ms = off;
  skew_ppm = ppm;
  skew_since_ms = since;
  skew_flap_ms = flap > 0 ? flap : 0;
}

static long long skewed_ns(long long real) {
  refresh(real);
  long long flap = skew_flap_ms;
  if (flap > 0) {
    long long since = real / 1000000LL - skew_since_ms;
    if (since >= 0 && (since / flap) % 2 == 1) return real; /* the true time's turn */
  }
  long long ns = real + skew_offset_ms * 1000000LL;
  long long ppm = skew_ppm;
  if (ppm != 0) ns += (real / 1000000LL - skew_since_ms) * ppm;  /* ms * ppm = ns */
  return ns;
}

static int is_wall(clockid_t id) {
  return id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (!is_wall(id)) return (int)syscall(SYS_clock_gettime, id, ts);
  long long ns = skewed_ns(real_ns(id));
  ts->tv_sec = ns / 1000000000LL;
  ts->tv_nsec = ns % 1000000000LL;
  return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tz;
  long long ns = skewed_ns(real_ns(CLOCK_REALTIME));
  tv->tv_sec = ns / 1000000000LL;
  tv->tv_usec = (ns % 1000000000LL) / 1000;
  return 0;
}

time_t time(time_t *t) {
  time_t s = (time_t)(skewed_ns(real_ns(CLOCK_REALTIME)) / 1000000000LL);
  if (t) *t = s;
  return s;
}
