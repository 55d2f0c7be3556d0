/*
 * netdevtest.c: host network devices against the real kernel
 *
 * Run by netdevtest.sh inside a private network namespace, with a private
 * /dev, after it built every device named below. The first argument is the
 * role the wrapper started us in:
 *   root   uid 0, /dev/net/tun 0600 root
 *   user   uid 65534, /dev/net/tun 0666, macvtap nodes chowned to 65534
 *   notun  uid 65534, /dev/net/tun 0600 root
 *   usergrp  like user, with supplementary group 65533
 *
 * Unmanaged devices: the whole namespace (`ip -d -j link show`) is
 * snapshotted before each open and after its fds are closed, on success and
 * on error, and must be byte-for-byte the same.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "util/uvfile.h"
#include "util/uvnetdev.h"
#include "util/uvnetdevops.h"
#include "util/uvnetdevpriv.h"
#include "testutils.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define GUEST_MAC "52:54:00:11:22:33"

static const char *role;

/* ---- helpers ---- */

static char *
snapshot(const char *dev)
{
    const char *argv[] = {"ip", "-d", "-j", "link", "show", dev, NULL};
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (!dev)
        argv[5] = NULL;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                      &status, &error))
        g_error("cannot run ip: %s", error->message);
    if (!g_spawn_check_wait_status(status, NULL))
        return NULL; /* no such device */
    return g_steal_pointer(&out);
}

/*
 * Closing a tap's last fd drops its carrier, and the kernel publishes the
 * operstate change a little later (link watch, up to a second): wait for it.
 */
static void
assertSnapshotEqual(const char *before, const char *dev)
{
    g_autofree char *after = NULL;

    for (int i = 0; i < 60; i++) {
        g_free(after);
        after = snapshot(dev);
        if (g_strcmp0(before, after) == 0)
            return;
        g_usleep(50 * 1000);
    }
    {
        gsize i = 0;
        gsize start;

        while (before && after && before[i] && before[i] == after[i])
            i++;
        start = i > 300 ? i - 300 : 0;
        g_printerr("device state changed at byte %" G_GSIZE_FORMAT "\nbefore: ...%.400s\nafter:  "
                   "...%.400s\n",
                   i, before ? before + start : "(none)", after ? after + start : "(none)");
    }
    g_assert_true(g_strcmp0(before, after) == 0);
}

static void
runCommand(const char *cmdline)
{
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (!g_spawn_command_line_sync(cmdline, NULL, NULL, &status, &error))
        g_error("cannot run '%s': %s", cmdline, error->message);
    if (!g_spawn_check_wait_status(status, &error))
        g_error("'%s' failed: %s", cmdline, error->message);
}

static void
assertFdIsQueue(int fd, const char *name, short want, short mask)
{
    struct ifreq ifr = {0};
    int fl = fcntl(fd, F_GETFD);

    g_assert_cmpint(fl, >=, 0);
    g_assert_true(fl & FD_CLOEXEC);
    g_assert_cmpint(ioctl(fd, TUNGETIFF, &ifr), ==, 0);
    g_assert_cmpstr(ifr.ifr_name, ==, name);
    g_assert_cmpint(ifr.ifr_flags & mask, ==, want);
}

static void
assertWarnings(GPtrArray *warnings, const char *expected)
{
    if (!expected) {
        if (warnings->len)
            g_printerr("unexpected warning: %s\n", (char *)warnings->pdata[0]);
        g_assert_cmpuint(warnings->len, ==, 0);
        return;
    }
    for (guint i = 0; i < warnings->len; i++) {
        if (strstr(warnings->pdata[i], expected))
            return;
    }
    g_printerr("no warning contains '%s' among %u\n", expected, warnings->len);
    g_assert_not_reached();
}

/* ---- unmanaged open: one row per case, err == NULL means "must succeed" ---- */

typedef struct {
    const char *name; /* test path */
    const char *roles;
    const char *dev;
    guint queues;
    gboolean vnetHdr;
    const char *mac;
    const char *err;     /* substring of the error, NULL for success */
    const char *warning; /* substring of a warning, NULL for none */
    short fdFlags;       /* on success: IFF_VNET_HDR | IFF_MULTI_QUEUE as expected on each fd */
} OpenCase;

static const OpenCase openCases[] = {
    /* standard taps */
    {"tap-owned", "user", "tapme", 1, TRUE, GUEST_MAC, NULL, NULL, IFF_VNET_HDR},
    {"tap-root-owned", "root", "taproot", 1, TRUE, GUEST_MAC, NULL, "is down", 0},
    {"tap-no-owner-root", "root", "tapnoown", 1, FALSE, GUEST_MAC, NULL, "is down", 0},
    {"tap-group", "user", "tapgrp", 1, FALSE, GUEST_MAC, NULL, "is down", 0},
    {"tap-supplementary-group", "usergrp", "tapsupp", 1, FALSE, GUEST_MAC, NULL, "is down", 0},
    {"tap-other-group", "user", "tapsupp", 1, FALSE, GUEST_MAC,
     "Tap device 'tapsupp' belongs to uid 65534 gid 65533, not to this process (uid 65534 gid "
     "65534)",
     NULL, 0},
    {"tap-down", "user", "tapdown", 1, FALSE, GUEST_MAC, NULL,
     "is down, so the guest has no link until it is brought up with 'ip link set tapdown up'", 0},
    {"tap-no-vnethdr", "user", "tapdown", 1, TRUE, GUEST_MAC, NULL, "was created without vnet_hdr",
     0},
    {"tap-mq-2", "user", "tapmq", 2, FALSE, GUEST_MAC, NULL, "is down", IFF_MULTI_QUEUE},
    {"tap-mq-4", "user", "tapmq", 4, FALSE, GUEST_MAC, NULL, "is down", IFF_MULTI_QUEUE},
    {"tap-mq-1", "user", "tapmq", 1, FALSE, GUEST_MAC, NULL, "is down", IFF_MULTI_QUEUE},
    {"tap-sq-2", "user", "tapsq", 2, FALSE, GUEST_MAC,
     "Tap device 'tapsq' was created without multi_queue, so it cannot give the 2 queues", NULL, 0},
    {"tap-other-owner", "user", "taproot", 1, FALSE, GUEST_MAC,
     "Tap device 'taproot' belongs to uid 0 gid 0, not to this process (uid 65534 gid 65534)", NULL,
     0},
    {"tap-other-owner-root", "root", "tapme", 1, FALSE, GUEST_MAC,
     "Tap device 'tapme' belongs to uid 65534 gid 65534, not to this process (uid 0 gid 0)", NULL,
     0},
    /* no owner and no group: the kernel lets anyone who can open /dev/net/tun attach */
    {"tap-no-owner", "user", "tapnoown", 1, FALSE, GUEST_MAC, NULL, "is down", 0},
    {"tap-group-other", "root", "tapgrp", 1, FALSE, GUEST_MAC,
     "Tap device 'tapgrp' belongs to uid (unset) gid 65534, not to this process (uid 0 gid 0)",
     NULL, 0},
    {"tun", "user root", "tun0", 1, FALSE, GUEST_MAC,
     "Network device 'tun0' is a tun (layer 3) device, but a guest NIC needs a tap", NULL, 0},
    {"tap-pi", "user", "tappi", 1, FALSE, GUEST_MAC, "Tap device 'tappi' was created with 'pi'",
     NULL, 0},
    /* not a tap at all */
    {"bridge", "user root", "br0", 1, FALSE, GUEST_MAC,
     "Network device 'br0' is a bridge, not a tap or macvtap; give the guest a tap on that bridge",
     NULL, 0},
    {"veth", "user root", "veth0", 1, FALSE, GUEST_MAC,
     "Network device 'veth0' is one end of a veth pair, not a tap or macvtap", NULL, 0},
    {"macvlan", "user", "mvlan0", 1, FALSE, GUEST_MAC,
     "Network device 'mvlan0' is a macvlan device, not a tap or macvtap", NULL, 0},
    {"loopback", "user", "lo", 1, FALSE, GUEST_MAC,
     "Network device 'lo' is a physical NIC or the loopback, not a tap or macvtap", NULL, 0},
    {"missing", "user root", "nosuch0", 1, FALSE, GUEST_MAC,
     "Network device 'nosuch0' does not exist in this network namespace", NULL, 0},
    {"bad-name", "user", "a/b", 1, FALSE, GUEST_MAC, "Network device name 'a/b' is not valid", NULL,
     0},
    {"long-name", "user", "abcdefghijklmnopqrstuvwxyz", 1, FALSE, GUEST_MAC,
     "is longer than the kernel's limit of 15 bytes", NULL, 0},
    {"no-queues", "user", "tapme", 0, FALSE, GUEST_MAC, "with 1 to 256 queues, not 0", NULL, 0},
    /* macvtap */
    {"macvtap", "user root", "mvtok", 1, TRUE, GUEST_MAC, NULL, NULL, IFF_VNET_HDR},
    {"macvtap-no-vnethdr", "user", "mvtok", 1, FALSE, GUEST_MAC, NULL, NULL, 0},
    {"macvtap-mq", "user", "mvtok", 3, FALSE, GUEST_MAC, NULL, NULL, IFF_MULTI_QUEUE},
    {"macvtap-down", "user", "mvtdown", 1, TRUE, "52:54:00:11:22:44", NULL,
     "Network device 'mvtdown' is down", IFF_VNET_HDR},
    {"macvtap-mac", "user root", "mvtbad", 1, TRUE, GUEST_MAC,
     "Macvtap 'mvtbad' has MAC address 52:54:00:22:22:22 but the guest NIC has " GUEST_MAC, NULL,
     0},
    {"macvtap-other-ns", "user root", "mvtother", 1, TRUE, "52:54:00:11:22:55",
     "so the node belongs to a device of another network namespace", NULL, 0},
    {"macvtap-no-node", "user", "mvtnonode", 1, TRUE, "52:54:00:11:22:66",
     "has no device node '/dev/tap", NULL, 0},
    {"macvtap-node-root", "user", "mvtroot", 1, TRUE, "52:54:00:11:22:77",
     "it is owned by uid 0 gid 0 with mode 0600; as root run 'chown 65534:65534 /dev/tap", NULL, 0},
    {"macvtap-node-root-ok", "root", "mvtroot", 1, TRUE, "52:54:00:11:22:77", NULL, NULL,
     IFF_VNET_HDR},
    /* /dev/net/tun itself */
    {"tun-node", "notun", "tapme", 1, FALSE, GUEST_MAC,
     "Unable to open '/dev/net/tun' as uid 65534: it is owned by uid 0 gid 0 with mode 0600; as "
     "root run 'chmod 0666 /dev/net/tun'",
     NULL, 0},
};

static void
testOpenOne(gconstpointer data)
{
    const OpenCase *c = data;
    UvNetDevTapParams params = {.ifname = c->dev, .queues = c->queues, .vnetHdr = c->vnetHdr};
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    g_autofree char *before = snapshot(NULL);
    int fds[8];
    int nfds = testCountOpenFds();
    gboolean ok;

    g_assert_true(uvMacAddrParse(c->mac, &params.guestMac));
    for (guint i = 0; i < G_N_ELEMENTS(fds); i++)
        fds[i] = -7;

    ok = uvNetDevOpsReal.openUnmanaged(&params, fds, warnings, &error);
    if (g_test_verbose()) {
        g_printerr("%s: %s\n", c->dev, error ? error->message : "opened");
        for (guint i = 0; i < warnings->len; i++)
            g_printerr("%s: warning: %s\n", c->dev, (char *)warnings->pdata[i]);
    }
    if (c->err) {
        g_assert_false(ok);
        g_assert_nonnull(error);
        if (!strstr(error->message, c->err))
            g_printerr("error: %s\nwanted: %s\n", error->message, c->err);
        g_assert_true(strstr(error->message, c->err) != NULL);
        for (guint i = 0; i < G_N_ELEMENTS(fds); i++)
            g_assert_cmpint(fds[i], ==, -7);
    } else {
        if (!ok)
            g_printerr("unexpected error: %s\n", error->message);
        g_assert_true(ok);
        g_assert_null(error);
        for (guint i = 0; i < c->queues; i++)
            assertFdIsQueue(fds[i], c->dev, c->fdFlags, IFF_VNET_HDR | IFF_MULTI_QUEUE);
        g_assert_cmpint(fds[c->queues], ==, -7);
        g_assert_cmpint(testCountOpenFds(), ==, nfds + (int)c->queues);
        for (guint i = 0; i < c->queues; i++)
            close(fds[i]);
    }
    assertWarnings(warnings, c->warning);
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    assertSnapshotEqual(before, NULL);
}

/* A single-queue tap takes one user: a second open must fail clearly, and leave the first. */
static void
testOpenBusy(void)
{
    UvNetDevTapParams params = {.ifname = "tapdown", .queues = 1};
    g_autoptr(GError) error = NULL;
    g_autofree char *before = snapshot(NULL);
    int nfds = testCountOpenFds();
    int fd = -7, fd2 = -7;

    g_assert_true(uvMacAddrParse(GUEST_MAC, &params.guestMac));
    g_assert_true(uvNetDevOpsReal.openUnmanaged(&params, &fd, NULL, &error));
    g_assert_false(uvNetDevOpsReal.openUnmanaged(&params, &fd2, NULL, &error));
    g_assert_nonnull(strstr(error->message, "Tap device 'tapdown' is already in use by another "
                                            "process"));
    g_assert_cmpint(fd2, ==, -7);
    assertFdIsQueue(fd, "tapdown", 0, IFF_MULTI_QUEUE);
    {
        g_autoptr(UvNetDevInfo) info = NULL;

        g_assert_cmpint(uvNetDevGetInfo("tapdown", &info, NULL), ==, 1);
        g_assert_cmpint(uvNetDevTunAttachedQueues(info), ==, 1);
    }
    close(fd);
    {
        g_autoptr(UvNetDevInfo) info = NULL;

        g_assert_cmpint(uvNetDevGetInfo("tapdown", &info, NULL), ==, 1);
        g_assert_cmpint(uvNetDevTunAttachedQueues(info), ==, 0);
    }
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    assertSnapshotEqual(before, NULL);
}

/* A macvtap node that udev creates a moment later is waited for. */
typedef struct {
    char *path;
    dev_t dev;
} NodeLater;

static gpointer
mknodLater(gpointer data)
{
    NodeLater *n = data;

    g_usleep(150 * 1000);
    if (mknod(n->path, S_IFCHR | 0600, n->dev) < 0)
        g_error("mknod %s: %s", n->path, g_strerror(errno));
    return NULL;
}

static void
testMacvtapNodeLater(void)
{
    UvNetDevTapParams params = {.ifname = "mvtnonode", .queues = 1};
    g_autoptr(UvNetDevInfo) info = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = snapshot(NULL);
    NodeLater n;
    GThread *thread;
    int fd = -7;
    int nfds;

    g_assert_cmpint(uvNetDevGetInfo("mvtnonode", &info, NULL), ==, 1);
    n.path = g_strdup_printf("/dev/tap%d", info->ifindex);
    n.dev = info->tapDev;
    g_assert_true(uvMacAddrParse("52:54:00:11:22:66", &params.guestMac));
    thread = g_thread_new("mknod", mknodLater, &n);
    nfds = testCountOpenFds();
    if (!uvNetDevOpsReal.openUnmanaged(&params, &fd, NULL, &error))
        g_error("%s", error->message);
    g_thread_join(thread);
    assertFdIsQueue(fd, "mvtnonode", 0, IFF_VNET_HDR | IFF_MULTI_QUEUE);
    close(fd);
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    g_assert_cmpint(unlink(n.path), ==, 0);
    g_free(n.path);
    assertSnapshotEqual(before, NULL);
}

/* A tap deleted and re-created between the checks and TUNSETIFF must not be taken. */
static void
raceDelete(const char *ifname)
{
    g_autofree char *cmd = g_strdup_printf("ip link del %s", ifname);
    runCommand(cmd);
}

static void
testOpenRace(void)
{
    UvNetDevTapParams params = {.ifname = "tapgone", .queues = 1};
    g_autoptr(GError) error = NULL;
    g_autofree char *before = snapshot("tapgone");
    int fd = -7;
    int nfds = testCountOpenFds();

    g_assert_nonnull(before);
    uvNetDevTapTestBeforeAttach = raceDelete;
    g_assert_false(uvNetDevOpsReal.openUnmanaged(&params, &fd, NULL, &error));
    uvNetDevTapTestBeforeAttach = NULL;
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, "Tap device 'tapgone' (ifindex"));
    g_assert_nonnull(strstr(error->message, "was deleted or replaced while it was being opened"));
    g_assert_cmpint(fd, ==, -7);
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    /* the tap TUNSETIFF made in its place went away with its fd */
    g_assert_null(snapshot("tapgone"));
}

/* A device of the managed name that appears after the check must not be taken over. */
static char *raceSnapshot;

static void
raceCreate(const char *ifname)
{
    g_autofree char *cmd = g_strdup_printf("ip tuntap add mode tap user 0 name %s", ifname);

    runCommand(cmd);
    raceSnapshot = snapshot(ifname);
}

static void
testManagedRace(void)
{
    UvNetDevTapParams params = {.ifname = "mgdrace", .queues = 1};
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    int fd = -7;
    int nfds = testCountOpenFds();

    g_assert_true(uvMacAddrParse(GUEST_MAC, &params.guestMac));
    uvNetDevTapTestBeforeAttach = raceCreate;
    g_assert_false(uvNetDevOpsReal.createManaged(&params, &name, &fd, &error));
    uvNetDevTapTestBeforeAttach = NULL;
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, "Network device 'mgdrace' appeared while the managed "
                                            "tap was being created"));
    g_assert_null(name);
    g_assert_cmpint(fd, ==, -7);
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    /* the other party's tap is still there, untouched */
    g_assert_nonnull(raceSnapshot);
    assertSnapshotEqual(raceSnapshot, "mgdrace");
    g_clear_pointer(&raceSnapshot, g_free);
    runCommand("ip link del mgdrace");
}

/* ---- vhost-net ---- */

static void
testVhost(void)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    gboolean present = access("/dev/vhost-net", F_OK) == 0;
    int fds[3] = {-7, -7, -7};
    int nfds = testCountOpenFds();

    g_assert_true(uvNetDevOpsReal.openVhost(2, FALSE, fds, warnings, &error));
    g_assert_no_error(error);
    g_assert_cmpint(fds[2], ==, -7);
    if (present) {
        g_assert_cmpuint(warnings->len, ==, 0);
        g_assert_true(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
        g_assert_true(fcntl(fds[1], F_GETFD) & FD_CLOEXEC);
        close(fds[0]);
        close(fds[1]);
    } else {
        g_assert_cmpint(fds[0], ==, -1);
        g_assert_cmpint(fds[1], ==, -1);
        assertWarnings(warnings, "Running the NIC without vhost-net: '/dev/vhost-net' is not "
                                 "available");
        fds[0] = fds[1] = -7;
        g_assert_false(uvNetDevOpsReal.openVhost(2, TRUE, fds, NULL, &error));
        g_assert_nonnull(error);
        g_assert_nonnull(strstr(error->message, "asks for <driver name='vhost'/>, but "
                                                "'/dev/vhost-net' is not available"));
        g_assert_nonnull(strstr(error->message, "modprobe vhost_net"));
        g_assert_cmpint(fds[0], ==, -7);
    }
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
}

/* ---- device facts ---- */

static void
testInfo(void)
{
    g_autoptr(UvNetDevInfo) br = NULL;
    g_autoptr(UvNetDevInfo) tap = NULL;
    g_autoptr(UvNetDevInfo) mq = NULL;
    g_autoptr(UvNetDevInfo) mvt = NULL;
    g_autoptr(UvNetDevInfo) none = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *master = NULL;
    UvMacAddr mac;

    g_assert_cmpint(uvNetDevGetInfo("br0", &br, &error), ==, 1);
    g_assert_cmpstr(br->kind, ==, "bridge");
    g_assert_false(br->isTun);

    g_assert_cmpint(uvNetDevGetInfo("tapme", &tap, &error), ==, 1);
    g_assert_cmpstr(tap->kind, ==, "tun");
    g_assert_true(tap->isTun && tap->tun.isTap && tap->tun.persist && tap->tun.vnetHdr);
    g_assert_false(tap->tun.multiQueue || tap->tun.pi);
    g_assert_cmpint(tap->tun.owner, ==, 65534);
    g_assert_cmpint(tap->tun.group, ==, 65534);
    g_assert_true(tap->up);
    g_assert_cmpuint(tap->mtu, ==, 1400);
    g_assert_cmpint(tap->masterIndex, ==, br->ifindex);
    master = uvNetDevNameFromIndex(tap->masterIndex);
    g_assert_cmpstr(master, ==, "br0");

    g_assert_cmpint(uvNetDevGetInfo("tapmq", &mq, &error), ==, 1);
    g_assert_true(mq->tun.multiQueue);
    g_assert_false(mq->up);
    g_assert_cmpint(mq->masterIndex, ==, 0);

    g_assert_cmpint(uvNetDevGetInfo("mvtok", &mvt, &error), ==, 1);
    g_assert_cmpstr(mvt->kind, ==, "macvtap");
    g_assert_true(mvt->isMacvtap);
    g_assert_true(uvMacAddrParse(GUEST_MAC, &mac));
    g_assert_true(mvt->hasMac && uvMacAddrEqual(&mvt->mac, &mac));
    g_assert_cmpuint(major(mvt->tapDev), >, 0);

    g_assert_cmpint(uvNetDevGetInfo("nosuch0", &none, &error), ==, 0);
    g_assert_null(none);
    g_assert_no_error(error);
}

/* The sysfs fallback must agree with rtnetlink on every tun device. */
static void
testInfoSysfs(void)
{
    const char *taps[] = {"tapme", "taproot", "tapnoown", "tapgrp", "tapmq", "tappi", "tun0"};

    for (guint i = 0; i < G_N_ELEMENTS(taps); i++) {
        g_autoptr(UvNetDevInfo) nl = NULL;
        g_autoptr(UvNetDevInfo) fs = NULL;

        g_assert_cmpint(uvNetDevGetInfo(taps[i], &nl, NULL), ==, 1);
        uvNetDevTestForceSysfs = TRUE;
        g_assert_cmpint(uvNetDevGetInfo(taps[i], &fs, NULL), ==, 1);
        uvNetDevTestForceSysfs = FALSE;
        g_assert_cmpint(nl->tun.isTap, ==, fs->tun.isTap);
        g_assert_cmpint(nl->tun.owner, ==, fs->tun.owner);
        g_assert_cmpint(nl->tun.group, ==, fs->tun.group);
        g_assert_cmpint(nl->tun.multiQueue, ==, fs->tun.multiQueue);
        g_assert_cmpint(nl->tun.vnetHdr, ==, fs->tun.vnetHdr);
        g_assert_cmpint(nl->tun.persist, ==, fs->tun.persist);
        g_assert_cmpint(nl->tun.pi, ==, fs->tun.pi);
    }
}

static void
testNames(void)
{
    const struct {
        const char *name;
        gboolean ok;
    } rows[] = {
        {"tap0", TRUE},
        {"a", TRUE},
        {"abcdefghijklmno", TRUE},
        {"abcdefghijklmnop", FALSE},
        {"", FALSE},
        {NULL, FALSE},
        {".", FALSE},
        {"..", FALSE},
        {"a b", FALSE},
        {"a:1", FALSE},
        {"a/b", FALSE},
        {"a\x01b", FALSE},
        {"tap\r", FALSE},
        {"vnet%d", TRUE},
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error = NULL;
        gboolean ok = uvNetDevValidateName(rows[i].name, &error);

        g_assert_cmpint(ok, ==, rows[i].ok);
        g_assert_true(ok == (error == NULL));
    }
}

/* ---- managed taps ---- */

static void
assertManaged(const char *name, const char *mac, guint mtu, const char *master, gboolean mq)
{
    g_autoptr(UvNetDevInfo) info = NULL;
    g_autofree char *masterName = NULL;
    char buf[UV_MAC_STRING_BUFLEN];

    g_assert_cmpint(uvNetDevGetInfo(name, &info, NULL), ==, 1);
    g_assert_true(info->isTun && info->tun.isTap);
    g_assert_false(info->tun.persist);
    g_assert_cmpint(info->tun.multiQueue, ==, mq);
    g_assert_true(info->up);
    g_assert_cmpstr(uvMacAddrFormat(&info->mac, buf), ==, mac);
    if (mtu)
        g_assert_cmpuint(info->mtu, ==, mtu);
    masterName = uvNetDevNameFromIndex(info->masterIndex);
    g_assert_cmpstr(masterName, ==, master);
}

static void
testManaged(void)
{
    UvNetDevTapParams params = {
        .ifname = "mgd0", .queues = 2, .vnetHdr = TRUE, .mtu = 1280, .bridge = "br0"};
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    int fds[3] = {-7, -7, -7};
    int nfds = testCountOpenFds();

    g_assert_true(uvMacAddrParse("52:54:00:aa:bb:cc", &params.guestMac));
    g_assert_true(uvNetDevOpsReal.createManaged(&params, &name, fds, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(name, ==, "mgd0");
    g_assert_cmpint(fds[2], ==, -7);
    assertFdIsQueue(fds[0], "mgd0", IFF_VNET_HDR | IFF_MULTI_QUEUE, IFF_VNET_HDR | IFF_MULTI_QUEUE);
    assertFdIsQueue(fds[1], "mgd0", IFF_VNET_HDR | IFF_MULTI_QUEUE, IFF_VNET_HDR | IFF_MULTI_QUEUE);
    assertManaged("mgd0", "fe:54:00:aa:bb:cc", 1280, "br0", TRUE);
    close(fds[0]);
    close(fds[1]);
    g_assert_null(snapshot("mgd0"));
    g_assert_cmpint(testCountOpenFds(), ==, nfds);

    /* explicit delete while the fds are still open */
    g_clear_pointer(&name, g_free);
    params.queues = 1;
    params.bridge = NULL;
    params.mtu = 0;
    g_assert_true(uvNetDevOpsReal.createManaged(&params, &name, fds, &error));
    assertManaged("mgd0", "fe:54:00:aa:bb:cc", 1500, NULL, FALSE);
    g_assert_true(uvNetDevOpsReal.deleteManaged("mgd0", &error));
    g_assert_no_error(error);
    g_assert_null(snapshot("mgd0"));
    close(fds[0]);
    g_assert_true(uvNetDevOpsReal.deleteManaged("mgd0", &error));
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
}

static void
testManagedPattern(void)
{
    UvNetDevTapParams params = {.queues = 1};
    g_autoptr(GError) error = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    int fa = -1, fb = -1;

    g_assert_true(uvMacAddrParse("52:54:00:00:00:01", &params.guestMac));
    g_assert_true(uvNetDevOpsReal.createManaged(&params, &a, &fa, &error));
    g_assert_true(uvNetDevOpsReal.createManaged(&params, &b, &fb, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(a, ==, "vnet0");
    g_assert_cmpstr(b, ==, "vnet1");
    assertManaged("vnet1", "fe:54:00:00:00:01", 0, NULL, FALSE);
    close(fa);
    close(fb);
    g_assert_null(snapshot("vnet0"));
    g_assert_null(snapshot("vnet1"));
}

typedef struct {
    const char *name;
    const char *ifname;
    guint mtu;
    const char *bridge;
    const char *err;
} ManagedFailCase;

static const ManagedFailCase managedFailCases[] = {
    {"exists", "taproot", 0, NULL,
     "Network device 'taproot' already exists, and a managed tap must be new"},
    {"bridge-missing", "mgd1", 0, "nobr0", "Bridge 'nobr0' does not exist"},
    {"bridge-not-bridge", "mgd1", 0, "veth0", "Network device 'veth0' is not a bridge"},
    {"bad-mtu", "mgd1", 20, NULL, "Unable to set the MTU of network device 'mgd1' to 20"},
    {"bad-name", "a b", 0, NULL, "Network device name 'a b' is not valid"},
};

static void
testManagedFailOne(gconstpointer data)
{
    const ManagedFailCase *c = data;
    UvNetDevTapParams params = {
        .ifname = c->ifname, .queues = 1, .mtu = c->mtu, .bridge = c->bridge};
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autofree char *before = snapshot(NULL);
    int fd = -7;
    int nfds = testCountOpenFds();

    g_assert_true(uvMacAddrParse(GUEST_MAC, &params.guestMac));
    g_assert_false(uvNetDevOpsReal.createManaged(&params, &name, &fd, &error));
    g_assert_nonnull(error);
    if (!strstr(error->message, c->err))
        g_printerr("error: %s\nwanted: %s\n", error->message, c->err);
    g_assert_nonnull(strstr(error->message, c->err));
    g_assert_null(name);
    g_assert_cmpint(fd, ==, -7);
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    /* nothing left behind, nothing changed */
    assertSnapshotEqual(before, NULL);
}

static void
testManagedUnprivileged(void)
{
    UvNetDevTapParams params = {.ifname = "mgd2", .queues = 1};
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    int fd = -7;

    g_assert_true(uvMacAddrParse(GUEST_MAC, &params.guestMac));
    g_assert_false(uvNetDevOpsReal.createManaged(&params, &name, &fd, &error));
    g_assert_error(error, UV_ERROR, UV_ERROR_PERMISSION);
    g_assert_nonnull(strstr(error->message, "Creating tap device 'mgd2' needs CAP_NET_ADMIN, "
                                            "which this process (uid 65534) lacks; an "
                                            "unprivileged process needs <target dev='NAME' "
                                            "managed='no'/>"));
    g_assert_nonnull(strstr(error->message, "ip tuntap add mode tap user 65534 group 65534"));
    g_assert_cmpint(fd, ==, -7);
    g_assert_null(snapshot("mgd2"));
}

static void
testDeleteRefused(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *before = snapshot("br0");

    g_assert_false(uvNetDevOpsReal.deleteManaged("br0", &error));
    g_assert_nonnull(strstr(error->message, "Refusing to delete network device 'br0'"));
    assertSnapshotEqual(before, "br0");
}

int
main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "root") && strcmp(argv[1], "user") &&
                     strcmp(argv[1], "notun") && strcmp(argv[1], "usergrp"))) {
        g_printerr("usage: %s root|user|notun|usergrp [gtest options]\n"
                   "(run through netdevtest.sh, which builds the devices)\n",
                   argv[0]);
        return 1;
    }
    role = argv[1];
    argv[1] = argv[0];
    argc--;
    argv++;
    g_test_init(&argc, &argv, NULL);

    for (guint i = 0; i < G_N_ELEMENTS(openCases); i++) {
        g_auto(GStrv) roles = g_strsplit(openCases[i].roles, " ", 0);
        g_autofree char *path = NULL;

        if (!g_strv_contains((const char *const *)roles, role))
            continue;
        path = g_strdup_printf("/netdev/%s/open/%s", role, openCases[i].name);
        g_test_add_data_func(path, &openCases[i], testOpenOne);
    }
    if (strcmp(role, "root") == 0) {
        g_test_add_func("/netdev/root/open/race", testOpenRace);
        g_test_add_func("/netdev/root/open/macvtap-node-later", testMacvtapNodeLater);
        g_test_add_func("/netdev/root/managed/create", testManaged);
        g_test_add_func("/netdev/root/managed/pattern", testManagedPattern);
        g_test_add_func("/netdev/root/managed/race", testManagedRace);
        for (guint i = 0; i < G_N_ELEMENTS(managedFailCases); i++) {
            g_autofree char *path =
                g_strdup_printf("/netdev/root/managed/fail/%s", managedFailCases[i].name);
            g_test_add_data_func(path, &managedFailCases[i], testManagedFailOne);
        }
        g_test_add_func("/netdev/root/managed/delete-refused", testDeleteRefused);
        g_test_add_func("/netdev/root/vhost", testVhost);
    }
    if (strcmp(role, "user") == 0) {
        g_test_add_func("/netdev/user/open/busy", testOpenBusy);
        g_test_add_func("/netdev/user/info", testInfo);
        g_test_add_func("/netdev/user/info-sysfs", testInfoSysfs);
        g_test_add_func("/netdev/user/names", testNames);
        g_test_add_func("/netdev/user/managed/unprivileged", testManagedUnprivileged);
        g_test_add_func("/netdev/user/vhost", testVhost);
    }
    return g_test_run();
}
