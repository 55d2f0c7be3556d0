/*
 * domchecktest.c: uvQemuDomainCheck() against the real devices netdevtest.sh
 * builds, run by that wrapper in each role (root, user, notun, usergrp).
 *
 * Each case is a domain whose <devices> hold one interface (or a disk), the
 * lines the report must contain, and whether start would fail. Every case
 * also asserts that checking changed nothing in the namespace and leaked no
 * fd.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_conf.h"
#include "qemu/qemu_domcheck.h"
#include "util/uvnetdevops.h"
#include "testutils.h"

#include <string.h>
#include <unistd.h>

#define GUEST_MAC "52:54:00:11:22:33"

static const char *role;
static char *rwDisk; /* a file the test's uid may read and write */

static char *
snapshot(void)
{
    const char *argv[] = {"ip", "-d", "-j", "link", "show", NULL};
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                      &status, &error))
        g_error("cannot run ip: %s", error->message);
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    return g_steal_pointer(&out);
}

typedef struct {
    const char *name;
    const char *roles;
    const char *type;     /* <domain type=> */
    const char *devices;  /* inside <devices>; "@DISK@" is replaced by rwDisk */
    gboolean fails;       /* uvQemuDomainCheckFailed() */
    const char *lines[6]; /* each must be a substring of the report */
    const char *absent;   /* must not be in the report, or NULL */
    const char *extra;    /* before <devices> (lifecycle actions), or NULL */
} CheckCase;

#define ETH(dev, mac, extra)                                                                       \
 "<interface type='ethernet'><mac address='" mac "'/><target dev='" dev "' managed='no'/>"         \
 "<model type='virtio'/>" extra "</interface>"

static const CheckCase cases[] = {
    {"tap-good",
     "user",
     "qemu",
     ETH("tapme", GUEST_MAC, ""),
     FALSE,
     {"ok: interface tapme: 'tapme' exists (ifindex ",
      "ok: interface tapme: 'tapme' is a tap device.",
      "ok: interface tapme: 'tapme' may be opened by uid 65534 gid 65534.",
      "ok: interface tapme: 'tapme' is up.",
      "ok: /dev/net/tun: The tun/tap control node is usable.", "ok: emulator: '"},
     "error"},
    {"tap-missing",
     "user root",
     "qemu",
     ETH("nosuch0", GUEST_MAC, ""),
     TRUE,
     {"error: interface nosuch0: 'nosuch0' does not exist in this network namespace",
      "  fix: ip tuntap add mode tap user "},
     NULL},
    {"tap-other-owner",
     "user",
     "qemu",
     ETH("taproot", GUEST_MAC, ""),
     TRUE,
     {"error: interface taproot: 'taproot' belongs to uid 0 gid 0, not to uid 65534 gid 65534.",
      "  fix: ip tuntap del mode tap name taproot && ip tuntap add mode tap user 65534 group 65534 "
      "name taproot vnet_hdr"},
     NULL},
    {"tap-other-owner-root",
     "root",
     "qemu",
     ETH("tapme", GUEST_MAC, ""),
     TRUE,
     {"error: interface tapme: 'tapme' belongs to uid 65534 gid 65534, not to uid 0 gid 0."},
     NULL},
    {"tap-down",
     "user",
     "qemu",
     ETH("tapdown", GUEST_MAC, ""),
     FALSE,
     {"warning: interface tapdown: 'tapdown' is down, so the guest has no link until it is "
      "brought up.",
      "  fix: ip link set tapdown up",
      "warning: interface tapdown: 'tapdown' was created without vnet_hdr"},
     "error"},
    {"tap-queues",
     "user",
     "qemu",
     ETH("tapsq", GUEST_MAC, "<driver queues='2'/>"),
     TRUE,
     {"error: interface tapsq: 'tapsq' is a single-queue tap, but the interface asks for 2 queues.",
      "multi_queue"},
     NULL},
    {"tap-mq",
     "user",
     "qemu",
     ETH("tapmq", GUEST_MAC, "<driver queues='4'/>"),
     FALSE,
     {"ok: interface tapmq: 'tapmq' is a multi_queue tap and can give 4 queue(s)."},
     "error"},
    {"tap-pi",
     "user",
     "qemu",
     ETH("tappi", GUEST_MAC, ""),
     TRUE,
     {"error: interface tappi: 'tappi' was created with 'pi'"},
     NULL},
    {"tun",
     "user root",
     "qemu",
     ETH("tun0", GUEST_MAC, ""),
     TRUE,
     {"error: interface tun0: 'tun0' is a tun (layer 3) device"},
     NULL},
    {"bridge",
     "user root",
     "qemu",
     ETH("br0", GUEST_MAC, ""),
     TRUE,
     {"error: interface br0: 'br0' is a bridge, not a tap or macvtap.",
      "name NAME && ip link set NAME master br0 up"},
     NULL},
    {"veth",
     "user",
     "qemu",
     ETH("veth0", GUEST_MAC, ""),
     TRUE,
     {"error: interface veth0: 'veth0' is one end of a veth pair, not a tap or macvtap."},
     NULL},
    {"tun-node",
     "notun",
     "qemu",
     ETH("tapme", GUEST_MAC, ""),
     TRUE,
     {"error: /dev/net/tun: The tun/tap control node cannot be opened by uid 65534: the node has "
      "uid 0 gid 0 mode 0600.",
      "  fix: chmod 0666 /dev/net/tun"},
     NULL},
    {"macvtap-good",
     "user",
     "qemu",
     ETH("mvtok", GUEST_MAC, ""),
     FALSE,
     {"ok: interface mvtok: 'mvtok' is a macvtap device.",
      "ok: interface mvtok: 'mvtok' has the guest's MAC address 52:54:00:11:22:33.",
      "is its device and may be opened.", "ok: interface mvtok: 'mvtok' is up."},
     "error"},
    {"macvtap-mac",
     "user root",
     "qemu",
     ETH("mvtbad", GUEST_MAC, ""),
     TRUE,
     {"error: interface mvtbad: 'mvtbad' has MAC address 52:54:00:22:22:22 but the guest NIC has "
      "52:54:00:11:22:33",
      "  fix: ip link set mvtbad address 52:54:00:11:22:33"},
     NULL},
    {"macvtap-other-ns",
     "user",
     "qemu",
     ETH("mvtother", "52:54:00:11:22:55", ""),
     TRUE,
     {"it belongs to another namespace's device"},
     NULL},
    {"macvtap-no-node",
     "user",
     "qemu",
     ETH("mvtnonode", "52:54:00:11:22:66", ""),
     TRUE,
     {"The node of macvtap 'mvtnonode' does not exist.", "  fix: mknod /dev/tap"},
     NULL},
    {"macvtap-node-root",
     "user",
     "qemu",
     ETH("mvtroot", "52:54:00:11:22:77", ""),
     TRUE,
     {"The node of macvtap 'mvtroot' cannot be opened by uid 65534: it has uid 0 gid 0 mode 0600.",
      "  fix: chown 65534:65534 /dev/tap"},
     NULL},
    {"managed-unprivileged",
     "user",
     "qemu",
     "<interface type='ethernet'><mac address='" GUEST_MAC "'/><target dev='mgd0'/></interface>",
     TRUE,
     {"error: interface mgd0: Creating a tap needs CAP_NET_ADMIN, which uid 65534 lacks; use "
      "<target dev='NAME' managed='no'/>"},
     NULL},
    {"managed-exists",
     "root",
     "qemu",
     "<interface type='ethernet'><mac address='" GUEST_MAC "'/><target dev='taproot'/></interface>",
     TRUE,
     {"error: interface taproot: 'taproot' already exists, and a managed tap must be new"},
     NULL},
    {"managed-good",
     "root",
     "qemu",
     "<interface type='ethernet'><mac address='" GUEST_MAC "'/><target dev='mgd0'/></interface>",
     FALSE,
     {"ok: /dev/net/tun: The tun/tap control node is usable."},
     "error"},
    {"vhost-required",
     "user",
     "qemu",
     ETH("tapme", GUEST_MAC, "<driver name='vhost'/>"),
     TRUE,
     {"error: /dev/vhost-net: The vhost-net accelerator is not available on this host",
      "  fix: modprobe vhost_net"},
     NULL},
    {"user-net",
     "user",
     "qemu",
     "<interface type='user'><mac address='" GUEST_MAC "'/></interface>",
     FALSE,
     {"ok: interface 0 (52:54:00:11:22:33): User-mode networking needs nothing from the host."},
     "error"},
    {"disk-good",
     "user root",
     "qemu",
     "<disk type='file' device='disk'><source file='@DISK@'/><target dev='vda' "
     "bus='virtio'/></disk>",
     FALSE,
     {"ok: disk vda: '", "' is readable and writable."},
     "error"},
    {"disk-missing",
     "user",
     "qemu",
     "<disk type='file' device='disk'><source file='/nonexistent/d.img'/><target dev='vda' "
     "bus='virtio'/></disk>",
     TRUE,
     {"error: disk vda: '/nonexistent/d.img' does not exist"},
     NULL},
    {"disk-unreadable",
     "user",
     "qemu",
     "<disk type='file' device='disk'><source file='/etc/shadow'/><target dev='vda' "
     "bus='virtio'/></disk>",
     TRUE,
     {"error: disk vda: '/etc/shadow' cannot be read and written by uid 65534",
      "  fix: chown 65534:65534 /etc/shadow"},
     NULL},
    {"lifecycle-restart",
     "user",
     "qemu",
     "",
     TRUE,
     {"error: lifecycle: <on_poweroff>restart</on_poweroff> is not supported: "},
     NULL,
     "<on_poweroff>restart</on_poweroff>"},
    {"lifecycle-preserve",
     "user",
     "qemu",
     "",
     FALSE,
     {"ok: emulator: '"},
     "lifecycle",
     "<on_poweroff>preserve</on_poweroff><on_crash>preserve</on_crash>"},
};

static char *
buildXml(const CheckCase *c)
{
    g_auto(GStrv) parts = g_strsplit(c->devices, "@DISK@", -1);
    g_autofree char *devices = g_strjoinv(rwDisk, parts);
    return g_strdup_printf("<domain type='%s'><name>t</name><memory>65536</memory><vcpu>1</vcpu>"
                           "<os><type arch='x86_64'>hvm</type><kernel>/proc/self/stat</kernel>"
                           "</os>%s<devices>%s</devices></domain>",
                           c->type, c->extra ? c->extra : "", devices);
}

static void
testCheckOne(gconstpointer data)
{
    const CheckCase *c = data;
    g_autofree char *xml = buildXml(c);
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(GPtrArray) results =
        g_ptr_array_new_with_free_func((GDestroyNotify)uvQemuCheckResultFree);
    g_autoptr(GError) error = NULL;
    g_autofree char *before = snapshot();
    g_autofree char *after = NULL;
    g_autofree char *report = NULL;
    int nfds;

    if (strcmp(c->name, "vhost-required") == 0 && access("/sys/class/misc/vhost-net", F_OK) == 0) {
        g_test_skip("this host has vhost-net");
        return;
    }
    def = uvDomainDefParseString(xml, 0, &error);
    if (!def)
        g_error("%s: %s", xml, error->message);
    nfds = testCountOpenFds();
    g_assert_true(uvQemuDomainCheck(def, NULL, results, &error));
    g_assert_no_error(error);
    g_assert_cmpint(testCountOpenFds(), ==, nfds);
    report = uvQemuDomainCheckFormat(results);
    if (g_test_verbose())
        g_printerr("%s", report);
    for (guint i = 0; i < G_N_ELEMENTS(c->lines) && c->lines[i]; i++) {
        if (!strstr(report, c->lines[i]))
            g_error("report lacks '%s':\n%s", c->lines[i], report);
    }
    if (c->absent && strstr(report, c->absent))
        g_error("report has '%s':\n%s", c->absent, report);
    if (uvQemuDomainCheckFailed(results) != c->fails)
        g_error("failed should be %d:\n%s", c->fails, report);
    after = snapshot();
    g_assert_cmpstr(before, ==, after);
}

/* A single-queue tap someone holds cannot be opened again: start would fail. */
static void
testInUse(void)
{
    UvNetDevTapParams params = {.ifname = "tapdown", .queues = 1};
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(GPtrArray) results =
        g_ptr_array_new_with_free_func((GDestroyNotify)uvQemuCheckResultFree);
    g_autoptr(GError) error = NULL;
    g_autofree char *report = NULL;
    int fd = -1;

    def =
        uvDomainDefParseString("<domain type='qemu'><name>t</name><memory>65536</memory>"
                               "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>" ETH(
                                   "tapdown", GUEST_MAC, "") "</devices></domain>",
                               0, &error);
    g_assert_no_error(error);
    g_assert_true(uvMacAddrParse(GUEST_MAC, &params.guestMac));
    g_assert_true(uvNetDevOpsReal.openUnmanaged(&params, &fd, NULL, &error));
    g_assert_true(uvQemuDomainCheck(def, NULL, results, &error));
    close(fd);
    report = uvQemuDomainCheckFormat(results);
    if (!strstr(report, "error: interface tapdown: 'tapdown' is already in use by another "
                        "process (a single-queue tap takes one user)"))
        g_error("report lacks the in-use error:\n%s", report);
    g_assert_true(uvQemuDomainCheckFailed(results));
}

/* type='kvm': /dev/kvm is root's 0600 node in the private /dev when the host has KVM. */
static void
testKvm(void)
{
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(GPtrArray) results =
        g_ptr_array_new_with_free_func((GDestroyNotify)uvQemuCheckResultFree);
    g_autoptr(GError) error = NULL;
    g_autofree char *report = NULL;
    const char *expect;

    def = uvDomainDefParseString("<domain type='kvm'><name>t</name><memory>65536</memory>"
                                 "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
                                 "</domain>",
                                 0, &error);
    g_assert_no_error(error);
    g_assert_true(uvQemuDomainCheck(def, NULL, results, &error));
    report = uvQemuDomainCheckFormat(results);
    if (access("/sys/class/misc/kvm", F_OK) < 0)
        expect = "error: /dev/kvm: KVM is not available on this host";
    else if (geteuid() == 0)
        expect = "ok: /dev/kvm: KVM is usable.";
    else
        expect = "error: /dev/kvm: KVM cannot be opened by uid 65534: the node has uid 0 gid 0 "
                 "mode 0600";
    if (!strstr(report, expect))
        g_error("report lacks '%s':\n%s", expect, report);
    g_assert_true(uvQemuDomainCheckFailed(results) == (strncmp(expect, "error", 5) == 0));
}

/* The format: "LEVEL: SUBJECT: MESSAGE", a fix line only after a problem that has one. */
static void
testFormat(void)
{
    g_autoptr(GPtrArray) results =
        g_ptr_array_new_with_free_func((GDestroyNotify)uvQemuCheckResultFree);
    g_autofree char *out = NULL;
    UvQemuCheckResult *r;

    r = g_new0(UvQemuCheckResult, 1);
    r->level = UV_QEMU_CHECK_OK;
    r->subject = g_strdup("a");
    r->message = g_strdup("fine.");
    r->fix = g_strdup("never shown");
    g_ptr_array_add(results, r);
    r = g_new0(UvQemuCheckResult, 1);
    r->level = UV_QEMU_CHECK_ERROR;
    r->subject = g_strdup("b");
    r->message = g_strdup("broken.");
    r->fix = g_strdup("repair b");
    g_ptr_array_add(results, r);
    r = g_new0(UvQemuCheckResult, 1);
    r->level = UV_QEMU_CHECK_WARNING;
    r->subject = g_strdup("c");
    r->message = g_strdup("odd.");
    g_ptr_array_add(results, r);
    out = uvQemuDomainCheckFormat(results);
    g_assert_cmpstr(out, ==,
                    "ok: a: fine.\nerror: b: broken.\n  fix: repair b\nwarning: c: odd.\n");
    g_assert_true(uvQemuDomainCheckFailed(results));
    g_ptr_array_remove_index(results, 1);
    g_assert_false(uvQemuDomainCheckFailed(results));
}

int
main(int argc, char **argv)
{
    g_autofree char *tmpl = NULL;
    int fd;
    int rc;

    if (argc < 2) {
        g_printerr("usage: %s root|user|notun|usergrp (run through netdevtest.sh)\n", argv[0]);
        return 1;
    }
    role = argv[1];
    argv[1] = argv[0];
    argc--;
    argv++;
    g_test_init(&argc, &argv, NULL);

    tmpl = g_build_filename(g_get_tmp_dir(), "uvt-domcheck-XXXXXX", NULL);
    if ((fd = g_mkstemp(tmpl)) < 0)
        g_error("cannot create a scratch disk in %s", g_get_tmp_dir());
    close(fd);
    rwDisk = tmpl;

    g_test_add_func("/domcheck/format", testFormat);
    if (strcmp(role, "root") == 0 || strcmp(role, "user") == 0)
        g_test_add_func("/domcheck/kvm", testKvm);
    if (strcmp(role, "user") == 0)
        g_test_add_func("/domcheck/user/in-use", testInUse);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_auto(GStrv) roles = g_strsplit(cases[i].roles, " ", 0);
        g_autofree char *path = NULL;

        if (!g_strv_contains((const char *const *)roles, role))
            continue;
        path = g_strdup_printf("/domcheck/%s/%s", role, cases[i].name);
        g_test_add_data_func(path, &cases[i], testCheckOne);
    }
    rc = g_test_run();
    unlink(rwDisk);
    return rc;
}
