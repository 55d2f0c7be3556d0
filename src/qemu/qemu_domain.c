/*
 * qemu_domain.c: the on-disk runtime state of QEMU domains, and their locks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu_domain.h"
#include "libuvirt.h"
#include "conf/domain_conf.h"
#include "util/uvfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define UV_QEMU_STATE_GROUP "domain"
#define UV_QEMU_DRIVER_LOCK_TIMEOUT_MS 30000

void
uvQemuDomainStatusFree(UvQemuDomainStatus *st)
{
    if (!st)
        return;
    g_free(st->bootId);
    g_free(st->uuid);
    g_free(st->monitor);
    g_strfreev(st->managedTaps);
    g_strfreev(st->messages);
    g_free(st);
}

/* DIR/NAMESUFFIX, the file of domain @name in one of the driver's directories. */
static char *
uvQemuDomainFileIn(const char *dir, const char *name, const char *suffix)
{
    g_autofree char *base = g_strconcat(name, suffix, NULL);
    return g_build_filename(dir, base, NULL);
}

char *
uvQemuDomainConfigPath(const UvQemuDriverConfig *cfg, const char *name)
{
    return uvQemuDomainFileIn(cfg->configDir, name, ".xml");
}

char *
uvQemuDomainStatePath(const UvQemuDriverConfig *cfg, const char *name)
{
    return uvQemuDomainFileIn(cfg->stateDir, name, ".state");
}

char *
uvQemuDomainLiveXMLPath(const UvQemuDriverConfig *cfg, const char *name)
{
    return uvQemuDomainFileIn(cfg->stateDir, name, ".xml");
}

/* Longer names (up to 200 bytes) would not fit in a UNIX socket address. */
#define UV_QEMU_MONITOR_NAME_MAX 63

char *
uvQemuDomainMonitorPath(const UvQemuDriverConfig *cfg, const char *name)
{
    g_autofree char *hash = NULL;

    /* a SHA-256 in hex is 64 bytes long, so it never equals a name that is used as is */
    if (strlen(name) > UV_QEMU_MONITOR_NAME_MAX)
        name = hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, name, -1);
    return uvQemuDomainFileIn(cfg->stateDir, name, ".monitor");
}

char *
uvQemuDomainChannelDir(const UvQemuDriverConfig *cfg, const char *name)
{
    return uvQemuDomainFileIn(cfg->stateDir, name, ".channels");
}

char *
uvQemuDomainLogPath(const UvQemuDriverConfig *cfg, const char *name)
{
    return uvQemuDomainFileIn(cfg->logDir, name, ".log");
}

char *
uvQemuDomainAutostartPath(const UvQemuDriverConfig *cfg, const char *name)
{
    return g_build_filename(cfg->autostartDir, name, NULL);
}

UvQemuDomainStatus *
uvQemuDomainStatusLoad(const UvQemuDriverConfig *cfg, const char *name, GError **error)
{
    g_autofree char *path = uvQemuDomainStatePath(cfg, name);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(UvQemuDomainStatus) st = g_new0(UvQemuDomainStatus, 1);
    g_autoptr(GError) err = NULL;
    g_autofree char *text = NULL;
    gsize len = 0;
    gsize blank = 0;
    gint64 pid;

    if (g_file_get_contents(path, &text, &len, &err)) {
        /*
         * Runtime state is written without fsync (uvQemuDomainStatusSave): an
         * empty or zero-filled file is what a host crash can leave of it, and
         * the QEMU it described died with the host.
         */
        while (blank < len && text[blank] == '\0')
            blank++;
        if (blank == len) {
            g_debug("runtime state '%s' is empty (left by a host crash), ignoring", path);
            return NULL;
        }
        g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &err);
    }
    if (err) {
        if (g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return NULL;
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("Unable to read the runtime state '%s': %s"), path, err->message);
        return NULL;
    }
    pid = g_key_file_get_int64(kf, UV_QEMU_STATE_GROUP, "pid", NULL);
    st->startTime = g_key_file_get_uint64(kf, UV_QEMU_STATE_GROUP, "start-time", NULL);
    st->bootId = g_key_file_get_string(kf, UV_QEMU_STATE_GROUP, "boot-id", NULL);
    st->id = g_key_file_get_integer(kf, UV_QEMU_STATE_GROUP, "id", NULL);
    st->uuid = g_key_file_get_string(kf, UV_QEMU_STATE_GROUP, "uuid", NULL);
    st->monitor = g_key_file_get_string(kf, UV_QEMU_STATE_GROUP, "monitor", NULL);
    st->paused = g_key_file_get_boolean(kf, UV_QEMU_STATE_GROUP, "paused", NULL);
    st->transient = g_key_file_get_boolean(kf, UV_QEMU_STATE_GROUP, "transient", NULL);
    st->managedTaps =
        g_key_file_get_string_list(kf, UV_QEMU_STATE_GROUP, "managed-taps", NULL, NULL);
    if (!st->managedTaps)
        st->managedTaps = g_new0(char *, 1);
    st->messages = g_key_file_get_string_list(kf, UV_QEMU_STATE_GROUP, "messages", NULL, NULL);
    if (!st->messages)
        st->messages = g_new0(char *, 1);
    /* -1: started by a uvirt that did not record it, so the log cannot tell how QEMU ended */
    if (g_key_file_has_key(kf, UV_QEMU_STATE_GROUP, "log-offset", NULL))
        st->logOffset = g_key_file_get_int64(kf, UV_QEMU_STATE_GROUP, "log-offset", NULL);
    else
        st->logOffset = -1;
    st->watchRunState = g_key_file_get_boolean(kf, UV_QEMU_STATE_GROUP, "watch-run-state", NULL);
    /* state files written before reasons were recorded */
    if (g_key_file_has_key(kf, UV_QEMU_STATE_GROUP, "reason", NULL))
        st->reason = g_key_file_get_integer(kf, UV_QEMU_STATE_GROUP, "reason", NULL);
    else
        st->reason = st->paused ? UV_DOMAIN_PAUSED_USER : UV_DOMAIN_RUNNING_BOOTED;
    if (pid <= 1 || pid > G_MAXINT32 || st->startTime == 0 || st->id <= 0 || !st->uuid ||
        !st->monitor) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    _("The runtime state '%s' is incomplete; remove it if no QEMU runs for it."),
                    path);
        return NULL;
    }
    st->pid = (pid_t)pid;
    return g_steal_pointer(&st);
}

gboolean
uvQemuDomainStatusSave(const UvQemuDriverConfig *cfg, const char *name,
                       const UvQemuDomainStatus *st, GError **error)
{
    g_autofree char *path = uvQemuDomainStatePath(cfg, name);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autofree char *data = NULL;
    gsize len = 0;
    const char *const none[] = {NULL};
    const char *bootId = uvQemuHostBootId();

    g_key_file_set_int64(kf, UV_QEMU_STATE_GROUP, "pid", st->pid);
    g_key_file_set_uint64(kf, UV_QEMU_STATE_GROUP, "start-time", st->startTime);
    if (bootId)
        g_key_file_set_string(kf, UV_QEMU_STATE_GROUP, "boot-id", bootId);
    g_key_file_set_integer(kf, UV_QEMU_STATE_GROUP, "id", st->id);
    g_key_file_set_string(kf, UV_QEMU_STATE_GROUP, "uuid", st->uuid);
    g_key_file_set_string(kf, UV_QEMU_STATE_GROUP, "monitor", st->monitor);
    g_key_file_set_boolean(kf, UV_QEMU_STATE_GROUP, "paused", st->paused);
    g_key_file_set_integer(kf, UV_QEMU_STATE_GROUP, "reason", st->reason);
    g_key_file_set_boolean(kf, UV_QEMU_STATE_GROUP, "transient", st->transient);
    g_key_file_set_string_list(
        kf, UV_QEMU_STATE_GROUP, "managed-taps",
        (const char *const *)(st->managedTaps ? (const char *const *)st->managedTaps : none),
        st->managedTaps ? g_strv_length(st->managedTaps) : 0);
    g_key_file_set_string_list(
        kf, UV_QEMU_STATE_GROUP, "messages",
        (const char *const *)(st->messages ? (const char *const *)st->messages : none),
        st->messages ? g_strv_length(st->messages) : 0);
    g_key_file_set_int64(kf, UV_QEMU_STATE_GROUP, "log-offset", st->logOffset);
    g_key_file_set_boolean(kf, UV_QEMU_STATE_GROUP, "watch-run-state", st->watchRunState);
    data = g_key_file_to_data(kf, &len, NULL);
    /* not fsync()ed: the QEMU it describes cannot outlive a host crash either */
    return uvFileWriteAtomicNoSync(path, data, len, 0600, error);
}

void
uvQemuDomainStatusRemove(const UvQemuDriverConfig *cfg, const char *name)
{
    g_autofree char *state = uvQemuDomainStatePath(cfg, name);
    g_autofree char *xml = uvQemuDomainLiveXMLPath(cfg, name);
    g_autofree char *mon = uvQemuDomainMonitorPath(cfg, name);

    g_autofree char *channels = uvQemuDomainChannelDir(cfg, name);
    g_autoptr(GDir) dir = NULL;
    const char *ent;

    /* The state file goes first: without it nobody looks at the rest. */
    unlink(state);
    unlink(xml);
    unlink(mon);
    /* the sockets of channels uvirt placed (QEMU leaves them behind when killed) */
    if ((dir = g_dir_open(channels, 0, NULL))) {
        while ((ent = g_dir_read_name(dir))) {
            g_autofree char *path = g_build_filename(channels, ent, NULL);

            unlink(path);
        }
        rmdir(channels);
    }
}

char *
uvQemuDomainShutoffPath(const UvQemuDriverConfig *cfg, const char *name)
{
    return uvQemuDomainFileIn(cfg->stateDir, name, ".shutoff");
}

void
uvQemuDomainShutoffSave(const UvQemuDriverConfig *cfg, const char *name, int reason)
{
    g_autofree char *path = uvQemuDomainShutoffPath(cfg, name);
    g_autofree char *text = g_strdup_printf("[%s]\nreason=%d\n", UV_QEMU_STATE_GROUP, reason);
    g_autoptr(GError) err = NULL;

    if (!uvFileWriteAtomicNoSync(path, text, strlen(text), 0600, &err))
        g_debug("Unable to record why domain '%s' stopped, ignoring: %s", name, err->message);
}

int
uvQemuDomainShutoffLoad(const UvQemuDriverConfig *cfg, const char *name)
{
    g_autofree char *path = uvQemuDomainShutoffPath(cfg, name);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    int reason;

    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL))
        return UV_DOMAIN_SHUTOFF_UNKNOWN;
    reason = g_key_file_get_integer(kf, UV_QEMU_STATE_GROUP, "reason", NULL);
    return reason >= 0 ? reason : UV_DOMAIN_SHUTOFF_UNKNOWN;
}

void
uvQemuDomainShutoffRemove(const UvQemuDriverConfig *cfg, const char *name)
{
    g_autofree char *path = uvQemuDomainShutoffPath(cfg, name);

    unlink(path);
}

/* Fields of /proc/PID/stat after the command name, which may contain anything but ends at the last ')'. */
static char **
uvQemuProcessStatFields(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *text = NULL;
    const char *close;

    if (pid <= 0 || !g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    if (!(close = strrchr(text, ')')))
        return NULL;
    /* fields[0] is field 3 (state) */
    return g_strsplit(g_strstrip((char *)close + 1), " ", -1);
}

gboolean
uvQemuProcessGetStartTime(pid_t pid, guint64 *startTime)
{
    g_auto(GStrv) f = uvQemuProcessStatFields(pid);

    if (!f || g_strv_length(f) < 20)
        return FALSE;
    *startTime = g_ascii_strtoull(f[19], NULL, 10);
    return TRUE;
}

gboolean
uvQemuProcessIsAlive(pid_t pid, guint64 startTime)
{
    g_auto(GStrv) f = uvQemuProcessStatFields(pid);

    if (!f || g_strv_length(f) < 20)
        return FALSE;
    if (f[0][0] == 'Z' || f[0][0] == 'X')
        return FALSE;
    return g_ascii_strtoull(f[19], NULL, 10) == startTime;
}

const char *
uvQemuHostBootId(void)
{
    static const char *bootId;
    static gsize once;

    if (g_once_init_enter(&once)) {
        g_autofree char *text = NULL;

        if (g_file_get_contents("/proc/sys/kernel/random/boot_id", &text, NULL, NULL) &&
            *g_strstrip(text))
            bootId = g_steal_pointer(&text);
        else
            g_debug("Unable to read the kernel's boot id, ignoring");
        g_once_init_leave(&once, 1);
    }
    return bootId;
}

gboolean
uvQemuDomainStatusIsAlive(const UvQemuDomainStatus *st)
{
    const char *bootId = uvQemuHostBootId();

    /*
     * Start times count from boot: after a host reboot (a state directory on
     * disk outlives it) an unrelated process may have both the pid and the
     * start time of the QEMU the state describes.
     */
    if (st->bootId && bootId && !g_str_equal(st->bootId, bootId))
        return FALSE;
    return uvQemuProcessIsAlive(st->pid, st->startTime);
}

gboolean
uvQemuProcessGetCpuTime(pid_t pid, guint64 *ns)
{
    g_auto(GStrv) f = uvQemuProcessStatFields(pid);
    long tck = sysconf(_SC_CLK_TCK);
    guint64 ticks;

    if (!f || g_strv_length(f) < 20 || tck <= 0)
        return FALSE;
    /* utime and stime are fields 14 and 15 */
    ticks = g_ascii_strtoull(f[11], NULL, 10) + g_ascii_strtoull(f[12], NULL, 10);
    *ns = ticks * (G_GUINT64_CONSTANT(1000000000) / (guint64)tck);
    return TRUE;
}

/* Lock @path, the lock of domain @domain or (NULL) of the whole driver of @uri. */
static int
uvQemuLockFile(const char *path, const char *domain, const char *uri, guint timeoutMs,
               GError **error)
{
    UV_AUTOCLOSE int fd = -1;
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;

    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to open the lock file '%s': %s"),
                    path, g_strerror(errno));
        return -1;
    }
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return uvStealFd(&fd);
        if (errno != EWOULDBLOCK && errno != EINTR) {
            g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to lock '%s': %s"), path,
                        g_strerror(errno));
            return -1;
        }
        if (g_get_monotonic_time() >= deadline) {
            if (domain)
                g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                            _("Timed out waiting for another operation on domain '%s' to "
                              "finish."),
                            domain);
            else
                g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                            _("Timed out waiting for another operation on %s to finish."), uri);
            return -1;
        }
        g_usleep(5000);
    }
}

int
uvQemuDomainLock(const UvQemuDriverConfig *cfg, const char *name, guint timeoutMs, GError **error)
{
    g_autofree char *path = uvQemuDomainFileIn(cfg->lockDir, name, ".lock");

    return uvQemuLockFile(path, name, cfg->uri, timeoutMs, error);
}

int
uvQemuDriverLock(const UvQemuDriverConfig *cfg, GError **error)
{
    g_autofree char *path = g_build_filename(cfg->lockDir, "driver.lock", NULL);

    return uvQemuLockFile(path, NULL, cfg->uri, UV_QEMU_DRIVER_LOCK_TIMEOUT_MS, error);
}

gboolean
uvQemuDomainAllocateID(const UvQemuDriverConfig *cfg, int *id, GError **error)
{
    g_autofree char *path = g_build_filename(cfg->stateDir, "next-id", NULL);
    g_autofree char *lockPath = g_build_filename(cfg->lockDir, "next-id.lock", NULL);
    g_autofree char *text = NULL;
    g_autofree char *out = NULL;
    UV_AUTOCLOSE int lockfd = -1;
    gint64 last = 0;

    /* its own lock: a start holds its domain's lock and must not wait for the driver lock */
    if ((lockfd = uvQemuLockFile(lockPath, NULL, cfg->uri, UV_QEMU_DRIVER_LOCK_TIMEOUT_MS, error)) <
        0)
        return FALSE;

    if (g_file_get_contents(path, &text, NULL, NULL))
        last = g_ascii_strtoll(text, NULL, 10);
    if (last < 0 || last >= G_MAXINT32)
        last = 0;
    out = g_strdup_printf("%" G_GINT64_FORMAT "\n", last + 1);
    /* ids only need to differ among running domains, and none survives a host crash */
    if (!uvFileWriteAtomicNoSync(path, out, strlen(out), 0600, error))
        return FALSE;
    *id = (int)(last + 1);
    return TRUE;
}

gboolean
uvQemuDomainNameCheck(const char *name, GError **error)
{
    if (!uvDomainDefNameIsValid(name) || strlen(name) > 200) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("The domain name '%s' cannot be used: it must be non-empty, at most 200 "
                      "bytes, contain no '/' or control characters and not start with '.'."),
                    name ? name : "");
        return FALSE;
    }
    return TRUE;
}
