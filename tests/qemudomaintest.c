/*
 * qemudomaintest.c: URIs and directories of the QEMU driver, its runtime
 * state files, and how it tells a live QEMU from a dead or recycled pid, or
 * from a state file left by an earlier boot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "libuvirt.h"
#include "qemu/qemu_conf.h"
#include "qemu/qemu_domain.h"
#include "qemu/qemu_monitor.h"
#include "testutils.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void
check(gboolean cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "FAIL: %s\n", what);
        failures++;
    }
}

/* One URI: NULL expected dirs mean it must be refused. */
static void
testURIOne(const char *uri, const char *canon, const char *configDir, const char *stateDir,
           const char *logDir)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuDriverConfig) cfg = uvQemuDriverConfigNew(uri, &err);
    g_autofree char *what = NULL;

    if (!configDir) {
        what = g_strdup_printf("'%s' must be refused", uri);
        check(cfg == NULL && err != NULL, what);
        return;
    }
    if (!cfg) {
        fprintf(stderr, "FAIL: '%s': %s\n", uri, err->message);
        failures++;
        return;
    }
    what =
        g_strdup_printf("'%s' -> %s | %s | %s | %s (got %s | %s | %s | %s)", uri, canon, configDir,
                        stateDir, logDir, cfg->uri, cfg->configDir, cfg->stateDir, cfg->logDir);
    check(g_str_equal(cfg->uri, canon) && g_str_equal(cfg->configDir, configDir) &&
              g_str_equal(cfg->stateDir, stateDir) && g_str_equal(cfg->logDir, logDir),
          what);
}

static void
testURIs(void)
{
    g_setenv("HOME", "/home/u", TRUE);
    g_setenv("XDG_CONFIG_HOME", "/xdg/config", TRUE);
    g_setenv("XDG_RUNTIME_DIR", "/run/user/1000", TRUE);
    g_setenv("XDG_STATE_HOME", "/xdg/state", TRUE);

    testURIOne("qemu:///embed?root=/srv/vms", "qemu:///embed?root=/srv/vms", "/srv/vms/etc/qemu",
               "/srv/vms/run/qemu", "/srv/vms/log/qemu");
    testURIOne("qemu:///embed?root=/srv//vms/./x/..", "qemu:///embed?root=/srv/vms",
               "/srv/vms/etc/qemu", "/srv/vms/run/qemu", "/srv/vms/log/qemu");
    testURIOne("qemu:///embed?root=/a%20b", "qemu:///embed?root=/a%20b", "/a b/etc/qemu",
               "/a b/run/qemu", "/a b/log/qemu");
    testURIOne("qemu:///session", "qemu:///session", "/xdg/config/uvirt/qemu",
               "/run/user/1000/uvirt/qemu", "/xdg/state/uvirt/log/qemu");
    g_unsetenv("XDG_CONFIG_HOME");
    g_unsetenv("XDG_RUNTIME_DIR");
    g_unsetenv("XDG_STATE_HOME");
    testURIOne("qemu:///session", "qemu:///session", "/home/u/.config/uvirt/qemu",
               "/home/u/.cache/uvirt/run/qemu", "/home/u/.cache/uvirt/log/qemu");
    if (geteuid() == 0)
        testURIOne("qemu:///system", "qemu:///system", "/var/lib/uvirt/qemu", "/run/uvirt/qemu",
                   "/var/log/uvirt/qemu");
    else
        testURIOne("qemu:///system", NULL, NULL, NULL, NULL);

    testURIOne("qemu:///embed", NULL, NULL, NULL, NULL);
    testURIOne("qemu:///embed?root=relative/dir", NULL, NULL, NULL, NULL);
    testURIOne("qemu:///embed?root=/x&bogus=1", NULL, NULL, NULL, NULL);
    testURIOne("qemu:///somewhere", NULL, NULL, NULL, NULL);
    testURIOne("qemu+unix:///session", NULL, NULL, NULL, NULL);
    testURIOne("xen:///", NULL, NULL, NULL, NULL);
    check(uvQemuURIProbe("qemu:///session") && !uvQemuURIProbe("qemu+unix:///session"),
          "probe claims qemu:/// only");
}

static void
testStateAndLocks(void)
{
    g_autofree char *tmp = g_dir_make_tmp("uvt-qemudomain-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("qemu:///embed?root=%s", tmp);
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuDriverConfig) cfg = uvQemuDriverConfigNew(uri, &err);
    g_autoptr(UvQemuDomainStatus) st = g_new0(UvQemuDomainStatus, 1);
    g_autoptr(UvQemuDomainStatus) back = NULL;
    char *taps[] = {"vnet0", "vnet1", NULL};
    char *msgs[] = {"Tap device 'mytap0' is down; run 'ip link set mytap0 up'.", NULL};
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    int fd1, fd2;
    int id1 = 0, id2 = 0;

    check(cfg && uvQemuDriverConfigMakeDirs(cfg, &err), "make the directories");
    if (!cfg)
        return;

    st->pid = getpid();
    check(uvQemuProcessGetStartTime(getpid(), &st->startTime), "our own start time");
    st->id = 7;
    st->uuid = g_strdup("00000000-0000-4000-8000-000000000001");
    st->monitor = g_strdup("/x/y.monitor");
    st->paused = TRUE;
    st->managedTaps = g_strdupv(taps);
    st->reason = UV_DOMAIN_PAUSED_USER;
    st->messages = g_strdupv(msgs);
    st->logOffset = 12345;
    st->watchRunState = TRUE;
    check(uvQemuDomainStatusSave(cfg, "dom", st, &err), "save state");
    back = uvQemuDomainStatusLoad(cfg, "dom", &err);
    check(back && back->pid == st->pid && back->startTime == st->startTime && back->id == 7 &&
              back->paused && !back->transient && g_str_equal(back->monitor, "/x/y.monitor") &&
              g_strv_length(back->managedTaps) == 2 && g_str_equal(back->managedTaps[1], "vnet1"),
          "state round trip");
    check(back && back->reason == UV_DOMAIN_PAUSED_USER && back->logOffset == 12345 &&
              back->watchRunState && g_strv_length(back->messages) == 1 &&
              g_str_equal(back->messages[0], msgs[0]),
          "state round trip: reason, messages, log offset");
    uvQemuDomainStatusRemove(cfg, "dom");

    check(uvQemuDomainShutoffLoad(cfg, "dom") == UV_DOMAIN_SHUTOFF_UNKNOWN,
          "no shutoff record reads unknown");
    uvQemuDomainShutoffSave(cfg, "dom", UV_DOMAIN_SHUTOFF_DESTROYED);
    check(uvQemuDomainShutoffLoad(cfg, "dom") == UV_DOMAIN_SHUTOFF_DESTROYED,
          "shutoff reason round trip");
    uvQemuDomainShutoffRemove(cfg, "dom");
    check(uvQemuDomainShutoffLoad(cfg, "dom") == UV_DOMAIN_SHUTOFF_UNKNOWN,
          "a removed shutoff record reads unknown");
    g_clear_pointer(&back, uvQemuDomainStatusFree);
    back = uvQemuDomainStatusLoad(cfg, "other", &err);
    check(back == NULL && err == NULL, "no state file is not an error");
    {
        /* state files are not fsync()ed: a host crash may leave one empty or zero-filled */
        g_autofree char *path = uvQemuDomainStatePath(cfg, "torn");
        g_autofree char *chans = uvQemuDomainChannelDir(cfg, "torn");
        g_autofree char *sock = g_build_filename(chans, "agent.sock", NULL);

        check(g_file_set_contents(path, "", 0, NULL) &&
                  !uvQemuDomainStatusLoad(cfg, "torn", &err) && err == NULL,
              "an empty state file reads as none");
        check(g_file_set_contents(path, "\0\0\0\0", 4, NULL) &&
                  !uvQemuDomainStatusLoad(cfg, "torn", &err) && err == NULL,
              "a zero-filled state file reads as none");
        check(g_file_set_contents(path, "[domain]\npid=1\n", -1, NULL) &&
                  !uvQemuDomainStatusLoad(cfg, "torn", &err) && err != NULL,
              "an incomplete state file is still an error");
        g_clear_error(&err);
        check(mkdir(chans, 0700) == 0 && g_file_set_contents(sock, "", 0, NULL),
              "a channel socket left behind");
        uvQemuDomainStatusRemove(cfg, "torn");
        check(!g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(chans, G_FILE_TEST_EXISTS),
              "removing the state removes the channel directory");
    }

    check(uvQemuDomainAllocateID(cfg, &id1, &err) && uvQemuDomainAllocateID(cfg, &id2, &err) &&
              id1 == 1 && id2 == 2,
          "ids increase");

    fd1 = uvQemuDomainLock(cfg, "dom", 100, &err);
    check(fd1 >= 0, "take the domain lock");
    fd2 = uvQemuDomainLock(cfg, "dom", 50, &err);
    check(fd2 < 0 && err, "a second lock of the same domain times out");
    g_clear_error(&err);
    fd2 = uvQemuDomainLock(cfg, "dom2", 50, &err);
    check(fd2 >= 0, "another domain's lock is independent");
    close(fd1);
    close(fd2);
    fd1 = uvQemuDomainLock(cfg, "dom", 50, &err);
    check(fd1 >= 0, "the lock is free again once closed");
    close(fd1);

    check(!uvQemuDomainNameCheck("../evil", NULL) && !uvQemuDomainNameCheck(".hidden", NULL) &&
              !uvQemuDomainNameCheck("", NULL) && uvQemuDomainNameCheck("web-1.example", NULL),
          "domain names usable as file names");
    check(!uvQemuDomainNameCheck("a\nb", NULL) && !uvQemuDomainNameCheck(NULL, NULL),
          "the conf layer's name rules apply: no control characters");

    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
}

static void
testLiveness(void)
{
    guint64 self = 0, childStart = 0;
    pid_t child;

    check(uvQemuProcessGetStartTime(getpid(), &self) && self > 0, "start time of self");
    check(uvQemuProcessIsAlive(getpid(), self), "self is alive");
    check(!uvQemuProcessIsAlive(getpid(), self + 1), "self with another start time is not us");
    check(!uvQemuProcessIsAlive(0, self) && !uvQemuProcessIsAlive(-1, self),
          "no pid is never alive");

    child = fork();
    if (child == 0) {
        _exit(0);
    }
    /* a zombie still has /proc/PID/stat, but is not a running QEMU; wait for it to exit
     * without reaping it */
    {
        siginfo_t info;
        waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    }
    check(uvQemuProcessGetStartTime(child, &childStart), "start time of a zombie");
    check(!uvQemuProcessIsAlive(child, childStart), "a zombie is not alive");
    waitpid(child, NULL, 0);
    check(!uvQemuProcessIsAlive(child, childStart), "a reaped pid is not alive");
}

/* A state file naming a live process (this test) with its real start time, and @bootLine. */
static UvQemuDomainStatus *
testBootIdLoad(const UvQemuDriverConfig *cfg, guint64 self, const char *bootLine)
{
    g_autofree char *path = uvQemuDomainStatePath(cfg, "boot");
    g_autofree char *text =
        g_strdup_printf("[domain]\npid=%d\nstart-time=%" G_GUINT64_FORMAT "\n%sid=3\n"
                        "uuid=00000000-0000-4000-8000-000000000003\nmonitor=/x/boot.monitor\n",
                        (int)getpid(), self, bootLine);
    g_autoptr(GError) err = NULL;
    UvQemuDomainStatus *st = NULL;

    if (!g_file_set_contents(path, text, -1, &err) ||
        !(st = uvQemuDomainStatusLoad(cfg, "boot", &err)))
        fprintf(stderr, "FAIL: state file with '%s': %s\n", bootLine,
                err ? err->message : "read as none");
    return st;
}

/* After a host reboot a recorded pid and start time may match an unrelated process. */
static void
testBootId(void)
{
    g_autofree char *tmp = g_dir_make_tmp("uvt-qemudomain-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("qemu:///embed?root=%s", tmp);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    g_autofree char *real = NULL;
    g_autofree char *same = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuDriverConfig) cfg = uvQemuDriverConfigNew(uri, &err);
    g_autoptr(UvQemuDomainStatus) st = g_new0(UvQemuDomainStatus, 1);
    g_autoptr(UvQemuDomainStatus) back = NULL;
    guint64 self = 0;

    check(cfg && uvQemuDriverConfigMakeDirs(cfg, &err), "make the directories");
    if (!cfg)
        return;
    check(g_file_get_contents("/proc/sys/kernel/random/boot_id", &real, NULL, NULL),
          "read the boot id");
    if (!real)
        return;
    g_strstrip(real);
    check(g_strcmp0(uvQemuHostBootId(), real) == 0, "the driver reads the kernel's boot id");
    check(uvQemuProcessGetStartTime(getpid(), &self), "our own start time");

    /* written by this uvirt: the state carries the boot it was written in */
    st->pid = getpid();
    st->startTime = self;
    st->id = 3;
    st->uuid = g_strdup("00000000-0000-4000-8000-000000000003");
    st->monitor = g_strdup("/x/boot.monitor");
    st->bootId = g_strdup("00000000-0000-0000-0000-000000000000");
    check(uvQemuDomainStatusSave(cfg, "boot", st, &err), "save state");
    back = uvQemuDomainStatusLoad(cfg, "boot", &err);
    check(back && g_strcmp0(back->bootId, real) == 0, "a saved state records the current boot id");
    check(back && uvQemuDomainStatusIsAlive(back), "a state from this boot naming us is alive");
    g_clear_pointer(&back, uvQemuDomainStatusFree);

    same = g_strdup_printf("boot-id=%s\n", real);
    back = testBootIdLoad(cfg, self, same);
    check(back && uvQemuDomainStatusIsAlive(back), "the same boot id and a live pid: alive");
    g_clear_pointer(&back, uvQemuDomainStatusFree);
    back = testBootIdLoad(cfg, self, "boot-id=11111111-2222-4333-8444-555555555555\n");
    check(back && !uvQemuDomainStatusIsAlive(back),
          "another boot's state naming a live pid with its start time is not alive");
    g_clear_pointer(&back, uvQemuDomainStatusFree);
    back = testBootIdLoad(cfg, self, "");
    check(back && !back->bootId && uvQemuDomainStatusIsAlive(back),
          "a state without a boot id (an older uvirt) is judged by pid and start time");
    g_clear_pointer(&back, uvQemuDomainStatusFree);

    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
}

/* Any name define accepts (up to 200 bytes) gets a monitor socket QEMU can be handed. */
static void
testMonitorPath(void)
{
    g_autofree char *tmp = g_dir_make_tmp("uvt-qemudomain-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("qemu:///embed?root=%s", tmp);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    g_autoptr(GError) err = NULL;
    g_autoptr(UvQemuDriverConfig) cfg = uvQemuDriverConfigNew(uri, &err);
    g_autofree char *shortPath = NULL;
    g_autofree char *longA = g_strnfill(150, 'n');
    g_autofree char *longB = g_strnfill(150, 'n');
    g_autofree char *pathA = NULL;
    g_autofree char *pathB = NULL;
    const gsize lengths[] = {1, 63, 64, 90, 200};

    check(cfg && uvQemuDriverConfigMakeDirs(cfg, &err), "make the directories");
    if (!cfg)
        return;
    longA[149] = 'a';
    longB[149] = 'b';
    shortPath = uvQemuDomainMonitorPath(cfg, "dom");
    check(g_str_has_suffix(shortPath, "/run/qemu/dom.monitor"), "a short name is kept");
    pathA = uvQemuDomainMonitorPath(cfg, longA);
    pathB = uvQemuDomainMonitorPath(cfg, longB);
    check(!g_str_equal(pathA, pathB), "two long names get two monitor sockets");
    for (guint i = 0; i < G_N_ELEMENTS(lengths); i++) {
        g_autofree char *name = g_strnfill(lengths[i], 'x');
        g_autofree char *path = uvQemuDomainMonitorPath(cfg, name);
        g_autofree char *what = g_strdup_printf("a monitor socket for a %zu-byte name", lengths[i]);
        int fd = uvQemuMonitorListen(path, &err);

        check(fd >= 0 && g_file_test(path, G_FILE_TEST_EXISTS), what);
        if (fd >= 0)
            close(fd);
        g_clear_error(&err);
    }
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
}

int
main(void)
{
    testURIs();
    testStateAndLocks();
    testMonitorPath();
    testLiveness();
    testBootId();
    if (failures)
        return EXIT_FAILURE;
    printf("qemudomaintest: all cases passed\n");
    return EXIT_SUCCESS;
}
