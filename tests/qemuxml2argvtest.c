/*
 * qemuxml2argvtest.c: domain XML -> QEMU command line, with the host device
 * layer faked
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * tests/qemuxml2argvdata/NAME.xml is turned into a command line, one argument
 * per line, and compared with NAME.args; a case that must fail compares its
 * error message with NAME.err. UVIRT_TEST_REGENERATE=1 rewrites the expected
 * files. A fixture no case uses fails the suite.
 */
#include "util/uvinternal.h"
#include "qemu/qemu_command.h"
#include "qemu/qemu_interface.h"
#include "testutils.h"

#include <stdio.h>
#include <string.h>

/* ---- the fake host device layer: tap fds 3, 4, ...; vhost fds 44, 45, ... ---- */

static int fakeNextTapFd;
static int fakeNextVhostFd;
static guint fakeManagedCount;
static GPtrArray *fakeLog; /* what the driver asked for, for the checks below */

static void
fakeReset(void)
{
    fakeNextTapFd = 3;
    fakeNextVhostFd = 44;
    fakeManagedCount = 0;
    g_ptr_array_set_size(fakeLog, 0);
}

static gboolean
fakeOpenUnmanaged(const UvNetDevTapParams *params, int *fds, GPtrArray *warnings, GError **error)
{
    if (params->mtu != 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_INTERNAL,
                    "The driver asked for MTU %u on the pre-created device '%s'.", params->mtu,
                    params->ifname);
        return FALSE;
    }
    if (g_str_has_prefix(params->ifname, "missing")) {
        g_set_error(error, UV_ERROR, UV_ERROR_DEVICE, "Device '%s' does not exist.",
                    params->ifname);
        return FALSE;
    }
    for (guint q = 0; q < params->queues; q++)
        fds[q] = fakeNextTapFd++;
    g_ptr_array_add(fakeLog, g_strdup_printf("open %s", params->ifname));
    return TRUE;
}

static gboolean
fakeCreateManaged(const UvNetDevTapParams *params, char **ifnameOut, int *fds, GError **error)
{
    const char *pattern = params->ifname ? params->ifname : "vnet%d";
    g_autofree char *name = NULL;

    if (strstr(pattern, "%d")) {
        g_auto(GStrv) parts = g_strsplit(pattern, "%d", 2);
        name = g_strdup_printf("%s%u%s", parts[0], fakeManagedCount, parts[1]);
    } else {
        name = g_strdup(pattern);
    }
    fakeManagedCount++;
    for (guint q = 0; q < params->queues; q++)
        fds[q] = fakeNextTapFd++;
    g_ptr_array_add(fakeLog, g_strdup_printf("create %s", name));
    *ifnameOut = g_steal_pointer(&name);
    return TRUE;
}

static gboolean
fakeDeleteManaged(const char *ifname, GError **error)
{
    g_ptr_array_add(fakeLog, g_strdup_printf("delete %s", ifname));
    return TRUE;
}

static gboolean
fakeOpenVhost(guint queues, gboolean required, int *vhostfds, GPtrArray *warnings, GError **error)
{
    for (guint q = 0; q < queues; q++)
        vhostfds[q] = fakeNextVhostFd++;
    return TRUE;
}

static const UvNetDevOps fakeOps = {
    .openUnmanaged = fakeOpenUnmanaged,
    .createManaged = fakeCreateManaged,
    .deleteManaged = fakeDeleteManaged,
    .openVhost = fakeOpenVhost,
};

/* The fds are numbers, not open files: forget them before freeing. */
static void
fakeForgetFds(UvQemuPrepared *prep)
{
    for (guint i = 0; prep && i < prep->nnets; i++) {
        prep->nets[i].ntapfds = 0;
        prep->nets[i].nvhostfds = 0;
    }
}

/* ---- cases ---- */

typedef enum {
    CASE_PRIVILEGED = 1 << 0, /* as with CAP_NET_ADMIN */
    CASE_FAIL = 1 << 1,       /* must fail: compare with NAME.err */
} CaseFlags;

static GHashTable *usedFixtures;
static int failures;

static char *
testBuild(const char *name, unsigned int flags, GError **error)
{
    g_autofree char *xmlPath = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(UvQemuPrepared) prep = NULL;
    g_autoptr(GPtrArray) argv = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    UvQemuCommandParams params = {0};
    g_autofree char *base = g_strdup_printf("qemuxml2argvdata/%s.xml", name);

    xmlPath = testSrcPath(base);
    g_hash_table_add(usedFixtures, g_strdup_printf("%s.xml", name));
    if (!(def = uvDomainDefParseFile(xmlPath, 0, error)))
        return NULL;
    def->id = 1;
    uvQemuAssignAliases(def);
    {
        /* where a qemu:///system start puts the sockets of path-less unix channels */
        g_autofree char *channels = g_strdup_printf("/run/uvirt/qemu/%s.channels", def->name);

        if (!uvQemuAssignChannelPaths(def, channels, error))
            return NULL;
    }
    fakeReset();
    prep = uvQemuInterfacesPrepare(def, &fakeOps, flags & CASE_PRIVILEGED, NULL, error);
    if (!prep)
        return NULL;
    params.emulator = def->emulator ? def->emulator : "/usr/bin/qemu-system-x86_64";
    params.monitorFd = 20;
    params.bridgeHelper = "/usr/lib/qemu/qemu-bridge-helper";
    params.prepared = prep;
    params.traceRunState = TRUE; /* as a start has it */
    argv = uvQemuBuildCommandLine(def, &params, error);
    fakeForgetFds(prep);
    if (!argv)
        return NULL;
    for (guint i = 0; i < argv->len && argv->pdata[i]; i++) {
        g_string_append(out, argv->pdata[i]);
        g_string_append_c(out, '\n');
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static void
testOne(const char *name, unsigned int flags)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *actual = testBuild(name, flags, &err);
    g_autofree char *expectedFile = NULL;
    g_autofree char *rel = NULL;
    gboolean ok;

    if (flags & CASE_FAIL) {
        rel = g_strdup_printf("qemuxml2argvdata/%s.err", name);
        if (actual) {
            fprintf(stderr, "FAIL %s: succeeded but must fail\n", name);
            failures++;
            return;
        }
        g_hash_table_add(usedFixtures, g_strdup_printf("%s.err", name));
        expectedFile = testSrcPath(rel);
        {
            g_autofree char *msg = g_strdup_printf("%s\n", err->message);
            ok = testCompareToFile(msg, expectedFile);
        }
    } else {
        rel = g_strdup_printf("qemuxml2argvdata/%s.args", name);
        if (!actual) {
            fprintf(stderr, "FAIL %s: %s\n", name, err->message);
            failures++;
            return;
        }
        g_hash_table_add(usedFixtures, g_strdup_printf("%s.args", name));
        expectedFile = testSrcPath(rel);
        ok = testCompareToFile(actual, expectedFile);
    }
    if (!ok) {
        fprintf(stderr, "FAIL %s\n", name);
        failures++;
    } else {
        printf("ok %s\n", name);
    }
}

/* Path-less unix channels: a plain file name from the target name, else the alias; never too long. */
static void
testChannelPaths(void)
{
    const char *xml = "<domain type='qemu'><name>c</name><memory>65536</memory>"
                      "<os><type>hvm</type></os><devices>"
                      "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>"
                      "</channel>"
                      "<channel type='unix'><target type='virtio' name='../escape'/></channel>"
                      "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>"
                      "</channel>"
                      "<channel type='unix'><source mode='connect' path='/given.sock'/>"
                      "<target type='virtio' name='given'/></channel>"
                      "</devices></domain>";
    const char *expected[] = {"/run/c.channels/org.qemu.guest_agent.0.sock",
                              "/run/c.channels/channel1.sock", "/run/c.channels/channel2.sock",
                              "/given.sock"};
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) def = uvDomainDefParseString(xml, 0, &err);
    g_autoptr(UvDomainDef) other = NULL;
    g_autofree char *longDir = g_strnfill(100, 'd');
    gboolean ok = def != NULL;

    if (ok) {
        uvQemuAssignAliases(def);
        ok = uvQemuAssignChannelPaths(def, "/run/c.channels", &err) && def->nchannels == 4;
    }
    for (guint i = 0; ok && i < G_N_ELEMENTS(expected); i++)
        ok = g_strcmp0(def->channels[i]->sourcePath, expected[i]) == 0;
    if (ok)
        ok = def->channels[0]->sourceMode == UV_DOMAIN_CHR_SOURCE_MODE_BIND &&
             def->channels[3]->sourceMode == UV_DOMAIN_CHR_SOURCE_MODE_CONNECT;
    if (ok) {
        /* 100 + ".../org.qemu.guest_agent.0.sock" does not fit a sockaddr_un */
        other = uvDomainDefParseString(xml, 0, NULL);
        uvQemuAssignAliases(other);
        ok = !uvQemuAssignChannelPaths(other, longDir, &err) &&
             g_error_matches(err, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED);
    }
    if (!ok) {
        fprintf(stderr, "FAIL channel paths: %s\n", err ? err->message : "wrong paths");
        failures++;
    } else {
        printf("ok channel paths\n");
    }
}

/* The fds handed out must be closed and the taps made deleted when a later interface fails. */
static void
testUnwind(void)
{
    g_autofree char *xml = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(GError) err = NULL;
    UvQemuPrepared *prep;
    g_autofree char *path = testSrcPath("qemuxml2argvdata/net-eth-managed-tap.xml");
    UvDomainNetDef *bad;

    if (!(def = uvDomainDefParseFile(path, 0, &err))) {
        fprintf(stderr, "FAIL unwind: %s\n", err->message);
        failures++;
        return;
    }
    /* a third interface whose device does not exist */
    bad = uvDomainNetDefCopy(def->nets[0]);
    bad->managedTap = UV_TRISTATE_BOOL_NO;
    g_free(bad->ifname);
    bad->ifname = g_strdup("missing0");
    def->nets = g_renew(UvDomainNetDef *, def->nets, def->nnets + 1);
    def->nets[def->nnets++] = bad;

    fakeReset();
    /* the fake fds 3, 4 are not ours: make sure nothing real sits there by using fresh ones */
    prep = uvQemuInterfacesPrepare(def, &fakeOps, FALSE, NULL, &err);
    if (prep || !err) {
        fprintf(stderr, "FAIL unwind: a missing device must fail the preparation\n");
        failures++;
        uvQemuPreparedFree(prep);
        return;
    }
    if (fakeLog->len != 4 || !g_str_equal(fakeLog->pdata[2], "delete mgd0") ||
        !g_str_equal(fakeLog->pdata[3], "delete vnet1")) {
        fprintf(stderr, "FAIL unwind: created taps were not deleted (%u calls)\n", fakeLog->len);
        failures++;
        return;
    }
    printf("ok unwind\n");
}

static void
testUnusedFixtures(void)
{
    g_autofree char *dirPath = testSrcPath("qemuxml2argvdata");
    g_autoptr(GDir) dir = g_dir_open(dirPath, 0, NULL);
    const char *ent;

    while (dir && (ent = g_dir_read_name(dir))) {
        if (!g_hash_table_contains(usedFixtures, ent)) {
            fprintf(stderr, "FAIL: fixture qemuxml2argvdata/%s is not used by any case\n", ent);
            failures++;
        }
    }
}

int
main(void)
{
    usedFixtures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    fakeLog = g_ptr_array_new_with_free_func(g_free);

    testOne("net-eth-unmanaged-tap", 0);
    testOne("net-eth-unmanaged-macvtap", 0);
    testOne("net-eth-unmanaged-multiqueue", 0);
    testOne("net-eth-unmanaged-mtu", 0);
    testOne("net-eth-managed-tap", CASE_PRIVILEGED);
    testOne("net-eth-vhost", 0);
    testOne("net-user", 0);
    testOne("net-bridge", 0);
    testOne("net-bridge-privileged", CASE_PRIVILEGED);
    testOne("net-network", CASE_FAIL);
    testOne("net-direct", CASE_FAIL);
    testOne("virt-manager-full", 0);
    testOne("nova-full", 0);
    testOne("chardev-types", 0);
    testOne("boot-kernel", 0);
    testOne("kubevirt-like", 0);
    testOne("kubevirt-channel-no-path", 0);
    testOne("virtio-non-transitional", 0);
    testOne("net-rom-disabled", 0);
    testOne("sysinfo-smbios", 0);
    testOne("virt-manager-vnc-listen", 0);
    testOne("audio-none", 0);
    testOne("lifecycle-preserve", 0);
    testOne("lifecycle-reboot-destroy", 0);
    testOne("lifecycle-preserve-reboot-destroy", CASE_FAIL);
    testOne("lifecycle-poweroff-restart", CASE_FAIL);
    testOne("lifecycle-reboot-preserve", CASE_FAIL);
    testOne("lifecycle-crash-coredump", CASE_FAIL);
    testOne("lifecycle-crash-restart", CASE_FAIL);
    testUnwind();
    testChannelPaths();

    if (!testRegenerate())
        testUnusedFixtures();

    g_hash_table_unref(usedFixtures);
    g_ptr_array_unref(fakeLog);
    return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
