/*
 * qemumonitortest.c: the QMP client against a scripted fake QEMU
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "qemu/qemu_monitor.h"
#include "testutils.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* One exchange: the command the client must send, then the lines to answer with. */
typedef struct {
    const char *expect; /* NULL: answer without reading */
    const char *reply;  /* may hold several lines; NULL: stay silent; "CLOSE": hang up */
} FakeStep;

typedef struct {
    int fd;
    const FakeStep *steps;
    gboolean ok;
} FakeQemu;

static gboolean
fakeReadLine(int fd, GString *line)
{
    char c;

    g_string_truncate(line, 0);
    while (read(fd, &c, 1) == 1) {
        if (c == '\n')
            return TRUE;
        g_string_append_c(line, c);
    }
    return FALSE;
}

static gpointer
fakeQemuThread(gpointer opaque)
{
    FakeQemu *fq = opaque;
    g_autoptr(GString) line = g_string_new(NULL);

    fq->ok = TRUE;
    for (const FakeStep *st = fq->steps; st->expect || st->reply; st++) {
        if (st->expect) {
            if (!fakeReadLine(fq->fd, line) || !g_str_equal(line->str, st->expect)) {
                fprintf(stderr, "FAIL: fake QEMU expected %s, got %s\n", st->expect, line->str);
                fq->ok = FALSE;
                break;
            }
        }
        if (!st->reply)
            continue;
        if (g_str_equal(st->reply, "CLOSE"))
            break;
        if (write(fq->fd, st->reply, strlen(st->reply)) < 0)
            fq->ok = FALSE;
    }
    shutdown(fq->fd, SHUT_RDWR);
    close(fq->fd);
    return NULL;
}

#define GREETING                                                                                   \
 "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "                \
 "\"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n"
#define CAPS "{\"execute\":\"qmp_capabilities\"}"
#define EMPTY "{\"return\": {}}\r\n"

static int failures;

static void
check(gboolean cond, const char *what, GError *err)
{
    if (!cond) {
        fprintf(stderr, "FAIL: %s%s%s\n", what, err ? ": " : "", err ? err->message : "");
        failures++;
    }
}

static void
testSession(void)
{
    static const FakeStep steps[] = {
        {NULL, GREETING},
        {CAPS, EMPTY},
        {"{\"execute\":\"query-status\"}",
         "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESUME\"}\r\n"
         "{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": "
         "false}}\r\n"},
        {"{\"execute\":\"cont\"}", EMPTY},
        {"{\"execute\":\"stop\"}",
         "{\"error\": {\"class\": \"GenericError\", \"desc\": \"nope\"}}\r\n"},
        {"{\"execute\":\"system_powerdown\"}",
         EMPTY "{\"event\": \"POWERDOWN\", \"data\": {\"x\": 1}}\r\n"},
        {"{\"execute\":\"system_reset\"}", NULL},
        {"{\"execute\":\"quit\"}", "CLOSE"},
        {NULL, NULL},
    };
    int sv[2];
    FakeQemu fq = {0};
    GThread *th;
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuMonitor) mon = NULL;
    g_autofree char *status = NULL;
    g_autoptr(UvJson) data = NULL;
    gboolean running = TRUE;
    gint64 start;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        abort();
    fq.fd = sv[1];
    fq.steps = steps;
    th = g_thread_new("fake-qemu", fakeQemuThread, &fq);

    mon = uvQemuMonitorOpenFd(sv[0], 1000, &err);
    check(mon != NULL, "handshake", err);
    if (!mon) {
        g_thread_join(th);
        return;
    }
    check(uvQemuMonitorGetVersion(mon) == 7002022, "version from greeting", NULL);
    check(uvQemuMonitorQueryStatus(mon, &status, &running, &err), "query-status", err);
    check(g_strcmp0(status, "prelaunch") == 0 && !running, "query-status values", NULL);
    check(uvQemuMonitorCont(mon, &err), "cont", err);
    check(!uvQemuMonitorStop(mon, &err) && err && strstr(err->message, "nope"),
          "stop must fail with QEMU's desc", NULL);
    g_clear_error(&err);
    check(uvQemuMonitorSystemPowerdown(mon, &err), "system_powerdown", err);
    check(uvQemuMonitorWaitEvent(mon, "POWERDOWN", 1000, &data, &err) && data, "wait for POWERDOWN",
          err);
    start = g_get_monotonic_time();
    check(!uvQemuMonitorSystemReset(mon, &err), "silent QEMU must time out", NULL);
    check(err && g_get_monotonic_time() - start < 3 * G_USEC_PER_SEC, "bounded timeout", NULL);
    g_clear_error(&err);
    check(uvQemuMonitorQuit(mon, &err), "quit with the connection closing", err);
    g_thread_join(th);
    check(fq.ok, "fake QEMU saw the expected commands", NULL);
}

static void
testNoGreeting(void)
{
    static const FakeStep steps[] = {{NULL, "{\"return\": {}}\r\n"}, {NULL, NULL}};
    int sv[2];
    FakeQemu fq = {0};
    GThread *th;
    g_autoptr(GError) err = NULL;
    UvQemuMonitor *mon;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        abort();
    fq.fd = sv[1];
    fq.steps = steps;
    th = g_thread_new("fake-qemu", fakeQemuThread, &fq);
    mon = uvQemuMonitorOpenFd(sv[0], 300, &err);
    check(mon == NULL && err, "a missing greeting is an error", NULL);
    uvQemuMonitorClose(mon);
    g_thread_join(th);
}

static void
testMissingSocket(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *longpath = g_strnfill(300, 'x');
    g_autofree char *path = g_strdup_printf("/nonexistent/%s", longpath);

    check(!uvQemuMonitorOpen("/nonexistent/qmp.sock", 100, &err) && err,
          "missing socket is an error", NULL);
    g_clear_error(&err);
    check(!uvQemuMonitorOpen(path, 100, &err) && err, "missing long socket is an error", NULL);
}

/* Listening works at any directory depth; a name too long is refused and leaves no file. */
static void
testListen(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *tmp = g_dir_make_tmp("uvqmon-XXXXXX", NULL);
    g_autofree char *deep = g_build_filename(tmp,
                                             "d123456789d123456789d123456789d123456789d1234"
                                             "56789d123456789d123456789d123456789",
                                             NULL);
    g_autofree char *sock = g_build_filename(deep, "qmp.sock", NULL);
    g_autofree char *longName = g_strnfill(100, 'm');
    g_autofree char *longSock = g_build_filename(deep, longName, NULL);
    g_autoptr(GDir) dir = NULL;
    struct stat sb;
    const char *ent;
    int fd;
    guint n = 0;

    check(tmp && mkdir(deep, 0700) == 0, "a deep directory is created", NULL);
    check(strlen(sock) >= 108, "the socket path is longer than sun_path", NULL);
    fd = uvQemuMonitorListen(sock, &err);
    check(fd >= 0, "listening on a long path works", err);
    check(stat(sock, &sb) == 0 && S_ISSOCK(sb.st_mode) && (sb.st_mode & 0777) == 0600,
          "the socket is at its path with mode 0600", NULL);
    if (fd >= 0)
        close(fd);
    g_clear_error(&err);
    fd = uvQemuMonitorListen(longSock, &err);
    check(fd < 0 && err && strstr(err->message, longName), "a name too long is refused by name",
          err);
    if (fd >= 0)
        close(fd);
    dir = g_dir_open(deep, 0, NULL);
    while (dir && (ent = g_dir_read_name(dir))) {
        check(g_str_equal(ent, "qmp.sock"), "no other file (a truncated name) is left", NULL);
        n++;
    }
    check(n == 1, "the socket stays", NULL);
    unlink(sock);
    rmdir(deep);
    rmdir(tmp);
}

int
main(void)
{
    int fds = testCountOpenFds();

    testSession();
    testNoGreeting();
    testMissingSocket();
    testListen();
    check(testCountOpenFds() == fds, "no fd leaked", NULL);
    if (failures)
        return EXIT_FAILURE;
    printf("qemumonitortest: all cases passed\n");
    return EXIT_SUCCESS;
}
