/*
 * qemu_monitor.c: a small QMP client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu_monitor.h"
#include "util/uvfile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* A reply bigger than this is not something uvirt asked for. */
#define UV_QEMU_MONITOR_MAX_LINE (4 * 1024 * 1024)

struct _UvQemuMonitor {
    int fd;
    guint timeoutMs;
    GString *buf; /* bytes received but not yet consumed */
    gulong version;
    gboolean eof; /* QEMU closed the connection */
};

void
uvQemuMonitorClose(UvQemuMonitor *mon)
{
    if (!mon)
        return;
    uvCloseFdp(&mon->fd);
    g_string_free(mon->buf, TRUE);
    g_free(mon);
}

gulong
uvQemuMonitorGetVersion(UvQemuMonitor *mon)
{
    return mon->version;
}

/*
 * Read one line (one JSON document) waiting until @deadline (monotonic µs).
 * Returns the parsed document.
 */
static UvJson *
uvQemuMonitorReadMessage(UvQemuMonitor *mon, gint64 deadline, GError **error)
{
    for (;;) {
        char *nl = memchr(mon->buf->str, '\n', mon->buf->len);
        char chunk[4096];
        struct pollfd pfd = {mon->fd, POLLIN, 0};
        gint64 left;
        ssize_t n;
        int r;

        if (nl) {
            g_autofree char *line = g_strndup(mon->buf->str, nl - mon->buf->str);
            g_autoptr(GError) perr = NULL;
            UvJson *msg;

            g_string_erase(mon->buf, 0, nl - mon->buf->str + 1);
            g_strstrip(line);
            if (!*line)
                continue;
            if (!(msg = uvJsonParse(line, &perr))) {
                g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                            _("QEMU sent a malformed monitor message: %s"), perr->message);
                return NULL;
            }
            g_debug("QMP <- %s", line);
            return msg;
        }
        if (mon->buf->len > UV_QEMU_MONITOR_MAX_LINE) {
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("QEMU sent a monitor message larger than %u bytes."),
                        UV_QEMU_MONITOR_MAX_LINE);
            return NULL;
        }

        left = deadline - g_get_monotonic_time();
        if (left <= 0) {
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("Timed out after %u ms waiting for the QEMU monitor to answer."),
                        mon->timeoutMs);
            return NULL;
        }
        r = poll(&pfd, 1, (int)MAX(1, left / 1000));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                        _("Unable to wait for the QEMU monitor: %s"), g_strerror(errno));
            return NULL;
        }
        if (r == 0)
            continue;
        n = recv(mon->fd, chunk, sizeof(chunk), 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("Unable to read from the QEMU monitor: %s"), g_strerror(errno));
            return NULL;
        }
        if (n == 0) {
            mon->eof = TRUE;
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("QEMU closed its monitor connection (the process has probably exited)."));
            return NULL;
        }
        g_string_append_len(mon->buf, chunk, n);
    }
}

static gboolean
uvQemuMonitorSend(UvQemuMonitor *mon, const char *text, GError **error)
{
    gsize len = strlen(text);

    g_debug("QMP -> %s", text);
    while (len > 0) {
        ssize_t n = send(mon->fd, text, len, MSG_NOSIGNAL);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("Unable to write to the QEMU monitor: %s"), g_strerror(errno));
            return FALSE;
        }
        text += n;
        len -= (gsize)n;
    }
    return TRUE;
}

UvJson *
uvQemuMonitorCommand(UvQemuMonitor *mon, const char *command, UvJson *arguments, GError **error)
{
    g_autoptr(UvJson) args = arguments;
    g_autoptr(UvJson) cmd = uvJsonNewObject();
    g_autofree char *text = NULL;
    g_autofree char *line = NULL;
    gint64 deadline = g_get_monotonic_time() + (gint64)mon->timeoutMs * 1000;

    uvJsonObjectAppendString(cmd, "execute", command);
    if (args)
        uvJsonObjectAppend(cmd, "arguments", g_steal_pointer(&args));
    text = uvJsonFormat(cmd);
    line = g_strconcat(text, "\n", NULL);
    if (!uvQemuMonitorSend(mon, line, error))
        return NULL;

    for (;;) {
        g_autoptr(UvJson) msg = uvQemuMonitorReadMessage(mon, deadline, error);
        UvJson *ret;
        UvJson *err;

        if (!msg)
            return NULL;
        if (uvJsonObjectGet(msg, "event"))
            continue;
        if ((err = uvJsonObjectGet(msg, "error"))) {
            const char *desc = uvJsonObjectGetString(err, "desc");

            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("QEMU refused the monitor command '%s': %s"), command,
                        desc ? desc : "unknown error");
            return NULL;
        }
        if ((ret = uvJsonObjectSteal(msg, "return")))
            return ret;
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("QEMU sent an unexpected monitor message in reply to '%s'."), command);
        return NULL;
    }
}

static gboolean
uvQemuMonitorSimple(UvQemuMonitor *mon, const char *command, GError **error)
{
    g_autoptr(UvJson) ret = uvQemuMonitorCommand(mon, command, NULL, error);

    return ret != NULL;
}

gboolean
uvQemuMonitorCont(UvQemuMonitor *mon, GError **error)
{
    return uvQemuMonitorSimple(mon, "cont", error);
}

gboolean
uvQemuMonitorStop(UvQemuMonitor *mon, GError **error)
{
    return uvQemuMonitorSimple(mon, "stop", error);
}

gboolean
uvQemuMonitorSystemPowerdown(UvQemuMonitor *mon, GError **error)
{
    return uvQemuMonitorSimple(mon, "system_powerdown", error);
}

gboolean
uvQemuMonitorSystemReset(UvQemuMonitor *mon, GError **error)
{
    return uvQemuMonitorSimple(mon, "system_reset", error);
}

gboolean
uvQemuMonitorQuit(UvQemuMonitor *mon, GError **error)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvJson) ret = uvQemuMonitorCommand(mon, "quit", NULL, &err);

    /* QEMU may exit before its reply gets out. */
    if (!ret && !mon->eof) {
        g_propagate_error(error, g_steal_pointer(&err));
        return FALSE;
    }
    return TRUE;
}

gboolean
uvQemuMonitorQueryStatus(UvQemuMonitor *mon, char **status, gboolean *running, GError **error)
{
    g_autoptr(UvJson) ret = uvQemuMonitorCommand(mon, "query-status", NULL, error);
    const char *st;
    gboolean run = FALSE;

    if (!ret)
        return FALSE;
    st = uvJsonObjectGetString(ret, "status");
    if (!st || !uvJsonGetBool(uvJsonObjectGet(ret, "running"), &run)) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("QEMU sent an unexpected reply to 'query-status'."));
        return FALSE;
    }
    if (status)
        *status = g_strdup(st);
    if (running)
        *running = run;
    return TRUE;
}

gboolean
uvQemuMonitorWaitEvent(UvQemuMonitor *mon, const char *name, guint timeoutMs, UvJson **data,
                       GError **error)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;

    for (;;) {
        g_autoptr(UvJson) msg = uvQemuMonitorReadMessage(mon, deadline, error);

        if (!msg)
            return FALSE;
        if (g_strcmp0(uvJsonObjectGetString(msg, "event"), name) == 0) {
            if (data) {
                UvJson *d = uvJsonObjectSteal(msg, "data");

                *data = d ? d : uvJsonNewObject();
            }
            return TRUE;
        }
    }
}

UvQemuMonitor *
uvQemuMonitorOpenFd(int fd, guint timeoutMs, GError **error)
{
    g_autoptr(UvQemuMonitor) mon = g_new0(UvQemuMonitor, 1);
    g_autoptr(UvJson) greeting = NULL;
    g_autoptr(UvJson) caps = NULL;
    UvJson *ver;
    gint64 major = 0, minor = 0, micro = 0;

    mon->fd = fd;
    mon->timeoutMs = timeoutMs;
    mon->buf = g_string_new(NULL);

    greeting =
        uvQemuMonitorReadMessage(mon, g_get_monotonic_time() + (gint64)timeoutMs * 1000, error);
    if (!greeting)
        return NULL;
    if (!uvJsonObjectGet(greeting, "QMP")) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("The QEMU monitor did not start with a QMP greeting."));
        return NULL;
    }
    ver = uvJsonObjectGet(uvJsonObjectGet(uvJsonObjectGet(greeting, "QMP"), "version"), "qemu");
    if (uvJsonGetInt64(uvJsonObjectGet(ver, "major"), &major) &&
        uvJsonGetInt64(uvJsonObjectGet(ver, "minor"), &minor) &&
        uvJsonGetInt64(uvJsonObjectGet(ver, "micro"), &micro))
        mon->version = (gulong)(major * 1000000 + minor * 1000 + micro);

    if (!(caps = uvQemuMonitorCommand(mon, "qmp_capabilities", NULL, error)))
        return NULL;
    return g_steal_pointer(&mon);
}

/*
 * The address of the UNIX socket @path; sun_path holds 107 bytes, so a longer
 * path is reached through its directory, opened into *@dirfd (the caller
 * closes it once bound or connected).
 */
static gboolean
uvQemuMonitorSocketAddr(const char *path, struct sockaddr_un *addr, int *dirfd, GError **error)
{
    g_autofree char *dir = NULL;
    g_autofree char *base = NULL;
    gsize prefix;

    memset(addr, 0, sizeof(*addr));
    addr->sun_family = AF_UNIX;
    if (strlen(path) < sizeof(addr->sun_path)) {
        g_strlcpy(addr->sun_path, path, sizeof(addr->sun_path));
        return TRUE;
    }
    dir = g_path_get_dirname(path);
    base = g_path_get_basename(path);
    if ((*dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to open directory '%s' of the QEMU monitor socket: %s"), dir,
                    g_strerror(errno));
        return FALSE;
    }
    prefix = g_snprintf(addr->sun_path, sizeof(addr->sun_path), "/proc/self/fd/%d/", *dirfd);
    if (prefix + strlen(base) >= sizeof(addr->sun_path)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("The QEMU monitor socket name '%s' is too long for a UNIX socket address; "
                      "it may have at most %u bytes."),
                    base, (guint)(sizeof(addr->sun_path) - 1 - prefix));
        return FALSE;
    }
    g_strlcat(addr->sun_path, base, sizeof(addr->sun_path));
    return TRUE;
}

int
uvQemuMonitorListen(const char *path, GError **error)
{
    struct sockaddr_un addr;
    UV_AUTOCLOSE int fd = -1;
    UV_AUTOCLOSE int dirfd = -1;

    if (!uvQemuMonitorSocketAddr(path, &addr, &dirfd, error))
        return -1;
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 8) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to create the QEMU monitor socket '%s': %s"), path,
                    g_strerror(errno));
        return -1;
    }
    /* the directory is 0700 already; this is for a socket moved elsewhere */
    if (chmod(path, 0600) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to make the QEMU monitor socket '%s' private: %s"), path,
                    g_strerror(errno));
        unlink(path);
        return -1;
    }
    return uvStealFd(&fd);
}

UvQemuMonitor *
uvQemuMonitorOpen(const char *path, guint timeoutMs, GError **error)
{
    struct sockaddr_un addr;
    UV_AUTOCLOSE int fd = -1;
    UV_AUTOCLOSE int dirfd = -1;
    int r;

    if (!uvQemuMonitorSocketAddr(path, &addr, &dirfd, error))
        return NULL;

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to create a socket: %s"),
                    g_strerror(errno));
        return NULL;
    }
    do {
        r = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("Unable to connect to the QEMU monitor '%s': %s"), path, g_strerror(errno));
        return NULL;
    }
    return uvQemuMonitorOpenFd(uvStealFd(&fd), timeoutMs, error);
}
