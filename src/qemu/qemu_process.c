/*
 * qemu_process.c: starting and stopping the QEMU process of a domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu_process.h"
#include "libuvirt.h"
#include "qemu_command.h"
#include "qemu_interface.h"
#include "qemu_monitor.h"
#include "util/uvfile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long QEMU may take to answer on its monitor while starting. */
#define UV_QEMU_START_TIMEOUT_MS 30000
/* How long a monitor command may take on a running guest. */
#define UV_QEMU_MONITOR_TIMEOUT_MS 10000
/* destroy: wait this long after SIGTERM, then as long again after SIGKILL */
#define UV_QEMU_KILL_WAIT_MS 5000

/* ---- spawning ---- */

/* Read exactly @len bytes; 0 at EOF before any byte, -1 on short read or error. */
static int
uvQemuReadFull(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

static char **
uvQemuBuildEnv(void)
{
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    const char *keep[] = {"XDG_RUNTIME_DIR", "TMPDIR"};

    g_strv_builder_add(b, "LC_ALL=C");
    g_strv_builder_add(b, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    g_autofree char *home = g_strdup_printf("HOME=%s", g_get_home_dir());

    g_strv_builder_add(b, home);
    for (guint i = 0; i < G_N_ELEMENTS(keep); i++) {
        const char *v = g_getenv(keep[i]);
        g_autofree char *kv = v ? g_strdup_printf("%s=%s", keep[i], v) : NULL;

        if (kv)
            g_strv_builder_add(b, kv);
    }
    return g_strv_builder_end(b);
}

/*
 * Run @argv as a daemon: double fork with setsid, so it is not our child and
 * survives us; stdin /dev/null, stdout and stderr @logfd; the fds in @keep
 * stay open under their numbers, every other one is closed by exec. Only
 * async-signal-safe calls happen between fork and exec (this may run in a
 * threaded daemon). Returns the pid.
 */
static pid_t
uvQemuSpawn(char **argv, const int *keep, guint nkeep, int logfd, GError **error)
{
    g_auto(GStrv) envp = uvQemuBuildEnv();
    UV_AUTOCLOSE int nullfd = -1;
    int pidpipe[2] = {-1, -1};
    int errpipe[2] = {-1, -1};
    long maxfd = sysconf(_SC_OPEN_MAX);
    pid_t child;
    pid_t grandchild = -1;
    int status;
    int childErr = 0;
    int r;

    for (guint i = 0; i < nkeep; i++) {
        if (keep[i] >= 0 && keep[i] < 3) {
            g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                        _("File descriptor %d cannot be handed to QEMU."), keep[i]);
            return -1;
        }
    }
    if (maxfd < 0)
        maxfd = 65536;

    nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (nullfd < 0 || pipe2(pidpipe, O_CLOEXEC) < 0 || pipe2(errpipe, O_CLOEXEC) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to prepare to run QEMU: %s"),
                    g_strerror(errno));
        uvCloseFdp(&pidpipe[0]);
        uvCloseFdp(&pidpipe[1]);
        return -1;
    }

    child = fork();
    if (child < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to fork to run QEMU: %s"),
                    g_strerror(errno));
        uvCloseFdp(&pidpipe[0]);
        uvCloseFdp(&pidpipe[1]);
        uvCloseFdp(&errpipe[0]);
        uvCloseFdp(&errpipe[1]);
        return -1;
    }
    if (child == 0) {
        sigset_t all;
        pid_t gc;
        int e;

        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        setsid();
        gc = fork();
        if (gc != 0) {
            e = gc < 0 ? errno : 0;
            if (gc > 0)
                uvFileWriteAll(pidpipe[1], &gc, sizeof(gc));
            else
                uvFileWriteAll(errpipe[1], &e, sizeof(e));
            _exit(gc < 0 ? 1 : 0);
        }
        /* the QEMU process to be */
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        if (dup2(nullfd, STDIN_FILENO) < 0 || dup2(logfd, STDOUT_FILENO) < 0 ||
            dup2(logfd, STDERR_FILENO) < 0)
            goto fail;
        if (chdir("/") < 0)
            goto fail;
        umask(077);
        /* Everything above 2 closes at exec, except what QEMU is given. */
        if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
            for (long fd = 3; fd < maxfd; fd++)
                fcntl((int)fd, F_SETFD, FD_CLOEXEC);
        }
        for (guint i = 0; i < nkeep; i++) {
            if (keep[i] >= 0 && fcntl(keep[i], F_SETFD, 0) < 0)
                goto fail;
        }
        execve(argv[0], argv, envp);
    fail:
        e = errno;
        uvFileWriteAll(errpipe[1], &e, sizeof(e));
        _exit(127);
    }

    uvCloseFdp(&pidpipe[1]);
    uvCloseFdp(&errpipe[1]);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    r = uvQemuReadFull(pidpipe[0], &grandchild, sizeof(grandchild));
    uvCloseFdp(&pidpipe[0]);
    if (r <= 0)
        grandchild = -1;
    /* EOF: exec succeeded (the write end was close-on-exec). */
    r = uvQemuReadFull(errpipe[0], &childErr, sizeof(childErr));
    uvCloseFdp(&errpipe[0]);
    if (r != 0 || grandchild <= 0) {
        if (grandchild > 0) {
            kill(grandchild, SIGKILL);
        }
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("Unable to run the QEMU emulator '%s': %s"), argv[0],
                    g_strerror(r > 0 ? childErr : EIO));
        return -1;
    }
    return grandchild;
}

/* ---- helpers ---- */

/* QEMU's "-msg timestamp=on" prefix, "2026-12-01T00:54:43.022085Z ". */
static const char *
uvQemuLogSkipTimestamp(const char *line)
{
    const char *sp = strchr(line, ' ');

    if (sp && sp - line >= 20 && line[4] == '-' && line[10] == 'T' && sp[-1] == 'Z')
        return sp + 1;
    return line;
}

/*
 * Why QEMU died, from its log after @offset: the last line, without the time
 * stamp; when that line only says a helper failed, the helper's own line
 * before it comes first. NULL when the log says nothing.
 */
static char *
uvQemuLogLastLine(const char *path, goffset offset)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    g_auto(GStrv) lines = NULL;
    int last = -1;

    if (!g_file_get_contents(path, &text, &len, NULL) || (gsize)offset >= len)
        return NULL;
    lines = g_strsplit(text + offset, "\n", -1);
    for (int i = (int)g_strv_length(lines) - 1; i >= 0 && last < 0; i--) {
        g_strstrip(lines[i]);
        if (*lines[i])
            last = i;
    }
    if (last < 0)
        return NULL;
    if (last > 0 && g_str_has_suffix(lines[last], "helper failed")) {
        const char *helper = g_strstrip(lines[last - 1]);

        if (*helper && uvQemuLogSkipTimestamp(helper) == helper)
            return g_strdup_printf("%s: %s", uvQemuLogSkipTimestamp(lines[last]), helper);
    }
    return g_strdup(uvQemuLogSkipTimestamp(lines[last]));
}

/*
 * What a QEMU logged about its run state after @offset (qemu_command.c has it
 * trace runstate_set): the name of the last state it entered ("running",
 * "paused", "shutdown", "guest-panicked" ...), and whether it reported ending
 * on a signal. FALSE when the log cannot tell (unreadable, or cut shorter
 * than @offset since).
 */
static gboolean
uvQemuLogScanRunState(const char *path, goffset offset, char **lastState, gboolean *signalled)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    g_auto(GStrv) lines = NULL;

    *lastState = NULL;
    *signalled = FALSE;
    if (offset < 0 || !g_file_get_contents(path, &text, &len, NULL) || (gsize)offset > len)
        return FALSE;
    lines = g_strsplit(text + offset, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        const char *p;
        const char *open;
        const char *close;

        if (strstr(lines[i], ": terminating on signal "))
            *signalled = TRUE;
        /* "PID@SECONDS:runstate_set current_run_state 9 (running) new_state 11 (shutdown)" */
        if (!strstr(lines[i], "runstate_set ") || !(p = strstr(lines[i], " new_state ")) ||
            !(open = strchr(p, '(')) || !(close = strchr(open, ')')))
            continue;
        g_free(*lastState);
        *lastState = g_strndup(open + 1, close - open - 1);
    }
    return TRUE;
}

int
uvQemuProcessExitReason(const UvQemuDriverConfig *cfg, const char *name,
                        const UvQemuDomainStatus *st)
{
    g_autofree char *path = uvQemuDomainLogPath(cfg, name);
    g_autofree char *last = NULL;
    gboolean signalled = FALSE;

    if (!uvQemuLogScanRunState(path, st->logOffset, &last, &signalled))
        return UV_DOMAIN_SHUTOFF_UNKNOWN;
    /* libvirt: a SHUTDOWN event (guest power-off, host signal, ...) before the end
     * means shut down; a panic, or no word at all (SIGKILL, a QEMU crash), crashed */
    if (g_strcmp0(last, "guest-panicked") == 0)
        return UV_DOMAIN_SHUTOFF_CRASHED;
    if (signalled || g_strcmp0(last, "shutdown") == 0)
        return UV_DOMAIN_SHUTOFF_SHUTDOWN;
    return UV_DOMAIN_SHUTOFF_CRASHED;
}

gboolean
uvQemuProcessKeptState(const UvQemuDriverConfig *cfg, const char *name,
                       const UvQemuDomainStatus *st, int *state, int *reason)
{
    g_autofree char *path = NULL;
    g_autofree char *last = NULL;
    gboolean signalled = FALSE;

    if (!st->watchRunState)
        return FALSE;
    path = uvQemuDomainLogPath(cfg, name);
    if (!uvQemuLogScanRunState(path, st->logOffset, &last, &signalled))
        return FALSE;
    if (g_strcmp0(last, "shutdown") == 0) {
        *state = UV_DOMAIN_PAUSED;
        *reason = UV_DOMAIN_PAUSED_SHUTTING_DOWN;
        return TRUE;
    }
    if (g_strcmp0(last, "guest-panicked") == 0) {
        *state = UV_DOMAIN_CRASHED;
        *reason = UV_DOMAIN_CRASHED_PANICKED;
        return TRUE;
    }
    /* reset while stopped (a reboot after the power-off): QEMU waits for 'cont' */
    if (g_strcmp0(last, "prelaunch") == 0 && !st->paused) {
        *state = UV_DOMAIN_PAUSED;
        *reason = UV_DOMAIN_PAUSED_UNKNOWN;
        return TRUE;
    }
    return FALSE;
}

static gboolean
uvQemuWaitForExit(pid_t pid, guint64 startTime, guint timeoutMs)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;

    for (;;) {
        waitpid(pid, NULL, WNOHANG); /* only reaps if it happens to be our child */
        if (!uvQemuProcessIsAlive(pid, startTime))
            return TRUE;
        if (g_get_monotonic_time() >= deadline)
            return FALSE;
        g_usleep(10000);
    }
}

static gboolean
uvQemuKill(pid_t pid, guint64 startTime, GError **error)
{
    if (!uvQemuProcessIsAlive(pid, startTime))
        return TRUE;
    kill(pid, SIGTERM);
    if (uvQemuWaitForExit(pid, startTime, UV_QEMU_KILL_WAIT_MS))
        return TRUE;
    /* The start time was checked just now; the pid cannot have been reused while it ran. */
    kill(pid, SIGKILL);
    if (uvQemuWaitForExit(pid, startTime, UV_QEMU_KILL_WAIT_MS))
        return TRUE;
    g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                _("QEMU process %d did not exit after SIGKILL."), (int)pid);
    return FALSE;
}

UvQemuMonitor *
uvQemuProcessConnectMonitor(const UvQemuDomainStatus *st, GError **error)
{
    return uvQemuMonitorOpen(st->monitor, UV_QEMU_MONITOR_TIMEOUT_MS, error);
}

/*
 * Record in @live what QEMU chose at start: pty paths and the VNC port. Asks
 * only when @live has such a device (each question is a monitor round trip on
 * the start's critical path). TRUE when @live changed.
 */
static gboolean
uvQemuProcessRefreshLive(UvQemuMonitor *mon, UvDomainDef *live)
{
    g_autoptr(UvJson) chardevs = NULL;
    UvDomainChrDef **groups[] = {live->serials, live->consoles, live->channels};
    guint counts[] = {live->nserials, live->nconsoles, live->nchannels};
    gboolean anyPty = FALSE;
    gboolean changed = FALSE;

    for (guint i = 0; i < live->ngraphics; i++) {
        g_autoptr(UvJson) vnc = NULL;
        const char *service;

        if (live->graphics[i]->port >= 0 ||
            live->graphics[i]->listenType != UV_DOMAIN_GRAPHICS_LISTEN_TYPE_ADDRESS)
            continue;
        vnc = uvQemuMonitorCommand(mon, "query-vnc", NULL, NULL);
        if ((service = uvJsonObjectGetString(vnc, "service"))) {
            live->graphics[i]->port = (int)g_ascii_strtoll(service, NULL, 10);
            changed = TRUE;
        }
    }

    for (guint g = 0; g < G_N_ELEMENTS(groups); g++) {
        for (guint i = 0; i < counts[g]; i++)
            anyPty |= groups[g][i]->type == UV_DOMAIN_CHR_TYPE_PTY && groups[g][i]->info.alias;
    }
    if (!anyPty || !(chardevs = uvQemuMonitorCommand(mon, "query-chardev", NULL, NULL)))
        return changed;
    for (guint g = 0; g < G_N_ELEMENTS(groups); g++) {
        for (guint i = 0; i < counts[g]; i++) {
            UvDomainChrDef *chr = groups[g][i];
            g_autofree char *label = NULL;

            if (chr->type != UV_DOMAIN_CHR_TYPE_PTY || !chr->info.alias)
                continue;
            label = g_strdup_printf("char%s", chr->info.alias);
            for (guint k = 0; k < uvJsonArrayLength(chardevs); k++) {
                UvJson *c = uvJsonArrayGet(chardevs, k);
                const char *fn = uvJsonObjectGetString(c, "filename");

                if (g_strcmp0(uvJsonObjectGetString(c, "label"), label) == 0 && fn &&
                    g_str_has_prefix(fn, "pty:")) {
                    g_free(chr->sourcePath);
                    chr->sourcePath = g_strdup(fn + 4);
                    changed = TRUE;
                }
            }
        }
    }
    return changed;
}

static void
uvQemuLogAppend(int logfd, const char *text)
{
    if (logfd >= 0)
        uvFileWriteAll(logfd, text, strlen(text));
}

/* ---- start / stop ---- */

/*
 * Write the live XML, then the state file that makes the domain visible as
 * running. Runtime state, so not fsync()ed (see uvQemuDomainStatusSave).
 */
static gboolean
uvQemuProcessWriteState(const UvQemuDriverConfig *cfg, const UvDomainDef *live,
                        const UvQemuDomainStatus *st, GError **error)
{
    g_autofree char *path = uvQemuDomainLiveXMLPath(cfg, live->name);
    g_autofree char *xml = uvDomainDefFormat(live, UV_DOMAIN_DEF_FORMAT_LIVE, error);

    return xml && uvFileWriteAtomicNoSync(path, xml, strlen(xml), 0600, error) &&
           uvQemuDomainStatusSave(cfg, live->name, st, error);
}

/* Unix channels without a path (KubeVirt's guest agent channel) get a socket in the runtime dir. */
static gboolean
uvQemuProcessPrepareChannels(const UvQemuDriverConfig *cfg, UvDomainDef *live, GError **error)
{
    g_autofree char *dir = NULL;
    gboolean needed = FALSE;

    for (guint i = 0; i < live->nchannels; i++)
        needed |=
            live->channels[i]->type == UV_DOMAIN_CHR_TYPE_UNIX && !live->channels[i]->sourcePath;
    if (!needed)
        return TRUE;
    dir = uvQemuDomainChannelDir(cfg, live->name);
    return uvQemuAssignChannelPaths(live, dir, error) && uvDirMakePath(dir, 0700, error);
}

gboolean
uvQemuProcessStart(const UvQemuDriverConfig *cfg, const UvDomainDef *def, gboolean transient,
                   gboolean paused, int *idOut, GError **error)
{
    g_autoptr(UvDomainDef) live = uvDomainDefCopy(def);
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(UvQemuPrepared) prep = NULL;
    g_autoptr(GPtrArray) argv = NULL;
    g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(int));
    g_autoptr(UvQemuMonitor) mon = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuDomainStatus) st = g_new0(UvQemuDomainStatus, 1);
    g_autoptr(GStrvBuilder) taps = g_strv_builder_new();
    g_autofree char *monPath = uvQemuDomainMonitorPath(cfg, def->name);
    g_autofree char *logPath = uvQemuDomainLogPath(cfg, def->name);
    g_autofree char *cmdline = NULL;
    g_autofree char *stamp = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    UV_AUTOCLOSE int monfd = -1;
    UV_AUTOCLOSE int logfd = -1;
    UvQemuCommandParams params = {0};
    char uuid[UV_UUID_STRING_BUFLEN];
    goffset logStart = 0;
    struct stat sb;
    pid_t pid = -1;
    int id = 0;

    if (!uvQemuDomainAllocateID(cfg, &id, error))
        return FALSE;

    live->id = id;
    uvQemuAssignAliases(live);
    if (!uvQemuProcessPrepareChannels(cfg, live, error))
        goto error;

    logfd = open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (logfd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to open the log file '%s': %s"),
                    logPath, g_strerror(errno));
        goto error;
    }
    if (fstat(logfd, &sb) == 0)
        logStart = sb.st_size;

    if (!(prep = uvQemuInterfacesPrepare(live, cfg->netdevOps, cfg->privileged, warnings, error)))
        goto error;
    for (guint i = 0; i < prep->nnets; i++) {
        if (prep->nets[i].managed) {
            g_free(live->nets[i]->ifname);
            live->nets[i]->ifname = g_strdup(prep->nets[i].ifname);
            g_strv_builder_add(taps, prep->nets[i].ifname);
        }
        for (guint q = 0; q < prep->nets[i].ntapfds; q++)
            g_array_append_val(keep, prep->nets[i].tapfds[q]);
        for (guint q = 0; q < prep->nets[i].nvhostfds; q++)
            g_array_append_val(keep, prep->nets[i].vhostfds[q]);
    }

    if ((monfd = uvQemuMonitorListen(monPath, error)) < 0)
        goto error;
    g_array_append_val(keep, monfd);

    params.emulator = live->emulator ? live->emulator : cfg->emulator;
    params.monitorFd = monfd;
    params.bridgeHelper = cfg->bridgeHelper;
    params.prepared = prep;
    params.traceRunState = TRUE;
    if (!(argv = uvQemuBuildCommandLine(live, &params, error)))
        goto error;

    stamp = g_date_time_format_iso8601(now);
    cmdline = uvQemuCommandLineToShell(argv);
    uvQemuLogAppend(logfd, stamp);
    uvQemuLogAppend(logfd, ": starting up\n");
    for (guint i = 0; i < warnings->len; i++) {
        uvQemuLogAppend(logfd, "warning: ");
        uvQemuLogAppend(logfd, warnings->pdata[i]);
        uvQemuLogAppend(logfd, "\n");
        g_debug("domain '%s': %s", def->name, (const char *)warnings->pdata[i]);
    }
    uvQemuLogAppend(logfd, cmdline);
    uvQemuLogAppend(logfd, "\n");
    if (fstat(logfd, &sb) == 0)
        logStart = sb.st_size;

    pid = uvQemuSpawn((char **)argv->pdata, (const int *)keep->data, keep->len, logfd, error);
    if (pid < 0)
        goto error;
    /* QEMU holds them now; ours would only keep devices and the socket busy. */
    uvCloseFdp(&monfd);
    uvQemuPreparedCloseFds(prep);

    if (!uvQemuProcessGetStartTime(pid, &st->startTime)) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                    _("QEMU exited as soon as it started for domain '%s'."), def->name);
        goto error_log;
    }
    st->pid = pid;
    st->id = id;
    st->uuid = g_strdup(uvUUIDFormat(live->uuid, uuid));
    st->monitor = g_strdup(monPath);
    st->transient = transient;
    st->managedTaps = g_strv_builder_end(taps);
    g_ptr_array_add(warnings, NULL);
    st->messages = g_strdupv((char **)warnings->pdata);
    st->logOffset = logStart;
    st->watchRunState = live->onPoweroff == UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE ||
                        live->onCrash == UV_DOMAIN_LIFECYCLE_ACTION_PRESERVE;
    /*
     * Recorded at once, paused, so that if this process dies now a later one
     * still finds (and can destroy) this QEMU instead of leaving it orphaned.
     */
    st->paused = TRUE;
    st->reason = UV_DOMAIN_PAUSED_STARTING_UP;
    if (!uvQemuProcessWriteState(cfg, live, st, error))
        goto error;

    if (!(mon = uvQemuMonitorOpen(monPath, UV_QEMU_START_TIMEOUT_MS, &err)))
        goto error_log;
    for (guint i = 0; i < live->nnets; i++) {
        UvJson *args;
        g_autoptr(UvJson) ret = NULL;

        if (live->nets[i]->linkState != UV_DOMAIN_NET_LINK_STATE_DOWN)
            continue;
        args = uvJsonNewObject();
        uvJsonObjectAppendString(args, "name", live->nets[i]->info.alias);
        uvJsonObjectAppendBool(args, "up", FALSE);
        if (!(ret = uvQemuMonitorCommand(mon, "set_link", args, &err)))
            goto error_log;
    }
    if (live->currentMemory && live->currentMemory < live->memory && live->memballoon &&
        live->memballoon->model == UV_DOMAIN_MEMBALLOON_MODEL_VIRTIO) {
        UvJson *args = uvJsonNewObject();
        g_autoptr(UvJson) ret = NULL;

        /* <currentMemory> below <memory>: the balloon takes the difference back */
        uvJsonObjectAppendUInt(args, "value", live->currentMemory * 1024);
        if (!(ret = uvQemuMonitorCommand(mon, "balloon", args, &err)))
            goto error_log;
    }
    /*
     * Pty paths and the VNC port exist once QEMU listens on its monitor: ask
     * while the guest is still paused, so that after cont only the state
     * file is left to write.
     */
    if (uvQemuProcessRefreshLive(mon, live) && !uvQemuProcessWriteState(cfg, live, st, error))
        goto error;
    if (!paused && !uvQemuMonitorCont(mon, &err))
        goto error_log;
    g_clear_pointer(&mon, uvQemuMonitorClose);

    st->paused = paused;
    st->reason = paused ? UV_DOMAIN_PAUSED_USER : UV_DOMAIN_RUNNING_BOOTED;
    if (!uvQemuDomainStatusSave(cfg, live->name, st, error))
        goto error;
    uvQemuDomainShutoffRemove(cfg, def->name);

    *idOut = id;
    return TRUE;

error_log:
    /* Tell QEMU dying by itself (say why, from its log) from our own failure. */
    if (st->startTime == 0 || uvQemuWaitForExit(pid, st->startTime, 200)) {
        g_autofree char *last = uvQemuLogLastLine(logPath, logStart);

        g_clear_error(error);
        g_clear_error(&err);
        if (last)
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("QEMU exited while starting domain '%s': %s"), def->name, last);
        else
            g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_FAILED,
                        _("QEMU exited while starting domain '%s' and left no message in its "
                          "log '%s'."),
                        def->name, logPath);
    } else if (err) {
        g_propagate_error(error, g_steal_pointer(&err));
    }
error:
    /*
     * A tap we created is deleted only while an fd of it is still held (ours,
     * or a live QEMU's): once the last fd is gone the kernel has removed it,
     * and its name may already belong to someone else's new tap.
     */
    if (pid <= 0) {
        uvQemuPreparedDeleteManaged(prep, cfg->netdevOps);
    } else if (st->startTime && uvQemuProcessIsAlive(pid, st->startTime)) {
        uvQemuPreparedDeleteManaged(prep, cfg->netdevOps);
        uvQemuKill(pid, st->startTime, NULL);
    } else if (!st->startTime) {
        kill(pid, SIGKILL);
    }
    uvQemuPreparedCloseFds(prep);
    uvQemuDomainStatusRemove(cfg, def->name);
    if (!transient)
        uvQemuDomainShutoffSave(cfg, def->name, UV_DOMAIN_SHUTOFF_FAILED);
    if (logfd >= 0) {
        g_autofree char *line =
            g_strdup_printf("start failed: %s\n", error && *error ? (*error)->message : "");
        uvQemuLogAppend(logfd, line);
    }
    return FALSE;
}

void
uvQemuProcessCleanup(const UvQemuDriverConfig *cfg, const char *name, const UvQemuDomainStatus *st,
                     int reason)
{
    /*
     * The managed taps it recorded went away with QEMU's last fd (they are not
     * persistent); deleting them by name now could hit a new tap that reused
     * the name, so only the runtime files go.
     */
    if (st->transient)
        uvQemuDomainShutoffRemove(cfg, name);
    else
        uvQemuDomainShutoffSave(cfg, name, reason);
    uvQemuDomainStatusRemove(cfg, name);
}

gboolean
uvQemuProcessStop(const UvQemuDriverConfig *cfg, const char *name, const UvQemuDomainStatus *st,
                  GError **error)
{
    /*
     * While QEMU holds them, the recorded names are surely our taps: delete
     * them, then kill. A state from another boot names no process of ours.
     */
    if (uvQemuDomainStatusIsAlive(st)) {
        for (guint i = 0; st->managedTaps && st->managedTaps[i]; i++) {
            g_autoptr(GError) err = NULL;

            if (!cfg->netdevOps->deleteManaged(st->managedTaps[i], &err))
                g_debug("Unable to delete tap '%s', ignoring: %s", st->managedTaps[i],
                        err->message);
        }
        if (!uvQemuKill(st->pid, st->startTime, error))
            return FALSE;
    }
    uvQemuProcessCleanup(cfg, name, st, UV_DOMAIN_SHUTOFF_DESTROYED);
    return TRUE;
}
