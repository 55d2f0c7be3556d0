/*
 * qemuxml2xmltest.c: domain XML in, canonical domain XML (or an exact error) out
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For each case NAME, tests/qemuxml2xmldata/ holds NAME.xml and either
 * NAME.err (the parser must fail with exactly that message) or, when the
 * canonical output differs from the input, NAME.out.xml. Every output must be
 * stable under a second round trip and must validate against libvirt's
 * published schema and ours. UVIRT_TEST_REGENERATE=1 rewrites the expected
 * files. A fixture no case uses is a failure.
 */
#include "util/uvinternal.h"
#include "conf/domain_conf.h"
#include "testutils.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LIBVIRT_SCHEMA "/usr/share/libvirt/schemas/domain.rng"

typedef struct {
    const char *name;
    gboolean fail;
} TestCase;

#define OK(n)                                                                                      \
 {                                                                                                 \
  n, FALSE                                                                                         \
 }
#define ERR(n)                                                                                     \
 {                                                                                                 \
  n, TRUE                                                                                          \
 }

static const TestCase cases[] = {
    /* interfaces: what can be parsed and formatted */
    OK("net-eth-unmanaged-tap"),
    OK("net-eth-unmanaged-macvtap"),
    OK("net-eth-managed-tap"),
    OK("net-eth-no-target"),
    OK("net-eth-vhost"),
    OK("net-eth-unmanaged-multiqueue"),
    OK("net-eth-unmanaged-mtu"),
    OK("net-eth-unmanaged-e1000e"),
    OK("net-user"),
    OK("net-bridge"),
    OK("net-network"),
    OK("net-direct"),
    OK("net-multiqueue"),
    OK("net-mtu"),
    OK("net-link-down"),
    OK("net-boot-alias-address"),
    OK("net-two-interfaces"),
    /* interfaces: what must be refused at define time */
    ERR("net-eth-unmanaged-no-dev"),
    ERR("net-bridge-unmanaged"),
    ERR("net-direct-unmanaged"),
    ERR("net-managed-bad-value"),
    ERR("net-dev-too-long"),
    ERR("net-dev-slash"),
    ERR("net-dev-dotdot"),
    ERR("net-dev-space"),
    ERR("net-mac-multicast"),
    ERR("net-mac-malformed"),
    ERR("net-mac-duplicate"),
    ERR("net-type-unknown"),
    ERR("net-model-unknown"),
    ERR("net-unknown-attribute"),
    ERR("net-unknown-element"),
    ERR("net-multiqueue-e1000"),
    ERR("net-source-on-ethernet"),
    ERR("net-bridge-no-source"),
    ERR("net-queues-zero"),
    ERR("net-mtu-bad"),
    /* whole domains */
    OK("virt-manager-full"),
    OK("nova-full"),
    OK("os-kernel-boot"),
    OK("os-uefi-q35"),
    OK("chr-unix-channels"),
    OK("graphics-vnc-variants"),
    OK("domain-metadata"),
    OK("domain-units"),
    OK("domain-units-bytes"),
    OK("domain-minimal-noncanonical"),
    ERR("domain-bad-uuid"),
    ERR("domain-bad-unit"),
    ERR("domain-memory-overflow"),
    ERR("domain-bad-name"),
    ERR("domain-name-leading-dot"),
    ERR("domain-name-empty"),
    ERR("domain-unknown-element"),
    ERR("domain-unknown-attribute"),
    ERR("domain-type-unknown"),
    ERR("domain-malformed"),
    ERR("domain-no-memory"),
    ERR("domain-current-memory-too-big"),
    ERR("domain-duplicate-name"),
    ERR("domain-lifecycle-bad"),
    ERR("domain-vcpu-zero"),
    ERR("domain-metadata-no-namespace"),
    ERR("disk-cdrom-virtio"),
    ERR("disk-no-source"),
    ERR("disk-duplicate-target"),
    ERR("boot-order-and-os-boot"),
    ERR("chr-target-bad"),
    ERR("controller-model-bad"),
    ERR("controller-pci-no-model"),
    ERR("timer-kvmclock-tickpolicy"),
    ERR("net-address-type-mismatch"),
    ERR("net-alias-bad"),
    ERR("net-pci-slot-range"),
    ERR("domain-namespace-root"),
    ERR("domain-qemu-commandline"),
    OK("domain-metadata-root-namespace"),
    ERR("cpu-topology-mismatch"),
    ERR("cpu-passthrough-model"),
    OK("cpu-host-passthrough"),
    OK("disk-scsi-block"),
    /* what virt-manager, KubeVirt and virsh dumpxml really write */
    OK("kubevirt-like"),
    OK("virt-manager-vnc-listen"),
    OK("net-rom-disabled"),
    OK("virtio-non-transitional"),
    OK("seclabel-none"),
    OK("seclabel-none-models"),
    OK("audio-none"),
    OK("sysinfo-smbios"),
    ERR("seclabel-selinux"),
    ERR("seclabel-multiple-no-model"),
    ERR("audio-type-unknown"),
    ERR("audio-pulseaudio"),
    ERR("smbios-host"),
    ERR("sysinfo-uuid-mismatch"),
    ERR("disk-model-sata"),
    ERR("net-rom-disabled-bar"),
    ERR("disk-rerror-enospace"),
};

static char *
dataPath(const char *name, const char *suffix)
{
    g_autofree char *rel = g_strdup_printf("qemuxml2xmldata/%s%s", name, suffix);
    return testSrcPath(rel);
}

static void
assertSchemas(const char *what, const char *xml)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *ours = g_build_filename(SRCDIR, "docs", "schemas", "domain.rng", NULL);

    if (!uvDomainDefValidateSchema(xml, ours, &err)) {
        g_printerr("%s against docs/schemas/domain.rng: %s\n%s", what, err->message, xml);
        g_test_fail();
        return;
    }
    if (!uvDomainDefValidateSchema(xml, LIBVIRT_SCHEMA, &err)) {
        g_printerr("%s against %s: %s\n%s", what, LIBVIRT_SCHEMA, err->message, xml);
        g_test_fail();
    }
}

static void
testOk(const TestCase *tc, const char *input)
{
    g_autofree char *outPath = dataPath(tc->name, ".out.xml");
    g_autofree char *inPath = dataPath(tc->name, ".xml");
    g_autofree char *errPath = dataPath(tc->name, ".err");
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autoptr(UvDomainDef) def2 = NULL;
    g_autoptr(UvDomainDef) copy = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *xml2 = NULL;
    g_autofree char *copyXml = NULL;
    g_autofree char *live = NULL;

    if (g_file_test(errPath, G_FILE_TEST_EXISTS)) {
        g_printerr("%s: a case expected to parse has a .err file\n", tc->name);
        g_test_fail();
        return;
    }
    if (!(def = uvDomainDefParseString(input, 0, &err))) {
        g_printerr("%s: unexpected error: %s\n", tc->name, err->message);
        g_test_fail();
        return;
    }
    xml = uvDomainDefFormat(def, 0, &err);
    g_assert_no_error(err);

    if (testRegenerate()) {
        if (strcmp(xml, input) == 0) {
            unlink(outPath);
        } else if (!testCompareToFile(xml, outPath)) {
            g_test_fail();
        }
    } else if (!testCompareToFile(xml,
                                  g_file_test(outPath, G_FILE_TEST_EXISTS) ? outPath : inPath)) {
        g_test_fail();
        return;
    }

    /* idempotence: the canonical form is a fixed point */
    def2 = uvDomainDefParseString(xml, 0, &err);
    g_assert_no_error(err);
    xml2 = uvDomainDefFormat(def2, 0, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(xml2, ==, xml);

    /* a deep copy formats the same */
    copy = uvDomainDefCopy(def);
    copyXml = uvDomainDefFormat(copy, 0, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(copyXml, ==, xml);

    /* the input and the output follow our schema; the output libvirt's too */
    {
        g_autoptr(GError) schemaErr = NULL;

        if (!uvDomainDefValidateSchema(input, NULL, &schemaErr)) {
            g_printerr("%s: input rejected by our schema: %s\n", tc->name, schemaErr->message);
            g_test_fail();
        }
    }
    assertSchemas(tc->name, xml);

    /* live XML (with a domain id) validates too */
    def->id = 7;
    live = uvDomainDefFormat(def, UV_DOMAIN_DEF_FORMAT_LIVE, &err);
    g_assert_no_error(err);
    g_assert_nonnull(strstr(live, "<domain type='"));
    g_assert_nonnull(strstr(live, " id='7'>"));
    assertSchemas(tc->name, live);

    /* and live XML read back as live state writes the same live XML */
    {
        g_autoptr(UvDomainDef) liveDef =
            uvDomainDefParseString(live, UV_DOMAIN_DEF_PARSE_LIVE, &err);
        g_autofree char *live2 = NULL;

        g_assert_no_error(err);
        g_assert_cmpint(liveDef->id, ==, 7);
        live2 = uvDomainDefFormat(liveDef, UV_DOMAIN_DEF_FORMAT_LIVE, &err);
        g_assert_no_error(err);
        g_assert_cmpstr(live2, ==, live);
    }
}

static void
testErr(const TestCase *tc, const char *input)
{
    g_autofree char *errPath = dataPath(tc->name, ".err");
    g_autofree char *outPath = dataPath(tc->name, ".out.xml");
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autofree char *msg = NULL;

    if (g_file_test(outPath, G_FILE_TEST_EXISTS)) {
        g_printerr("%s: a case expected to fail has a .out.xml file\n", tc->name);
        g_test_fail();
        return;
    }
    def = uvDomainDefParseString(input, 0, &err);
    if (def) {
        g_autofree char *xml = uvDomainDefFormat(def, 0, NULL);

        g_printerr("%s: parsed, but should have failed; it formats as:\n%s", tc->name, xml);
        g_test_fail();
        return;
    }
    g_assert_true(err->domain == UV_ERROR);
    msg = g_strdup_printf("%s\n", err->message);
    if (!testCompareToFile(msg, errPath))
        g_test_fail();
}

static void
testOne(gconstpointer data)
{
    const TestCase *tc = data;
    g_autofree char *inPath = dataPath(tc->name, ".xml");
    g_autofree char *input = NULL;
    g_autoptr(GError) err = NULL;

    if (!g_file_get_contents(inPath, &input, NULL, &err)) {
        g_printerr("%s: %s\n", tc->name, err->message);
        g_test_fail();
        return;
    }
    if (tc->fail)
        testErr(tc, input);
    else
        testOk(tc, input);
}

/* Every file in the data directory belongs to a case, with the right suffix. */
static void
testUnusedFixtures(void)
{
    g_autofree char *dirPath = testSrcPath("qemuxml2xmldata");
    g_autoptr(GError) err = NULL;
    g_autoptr(GDir) dir = g_dir_open(dirPath, 0, &err);
    const char *file;
    guint bad = 0;

    g_assert_no_error(err);
    while ((file = g_dir_read_name(dir))) {
        static const char *const suffixes[] = {".out.xml", ".err", ".xml", NULL};
        const TestCase *tc = NULL;
        const char *suffix = NULL;
        g_autofree char *name = NULL;

        for (guint i = 0; suffixes[i] && !suffix; i++) {
            if (g_str_has_suffix(file, suffixes[i])) {
                suffix = suffixes[i];
                name = g_strndup(file, strlen(file) - strlen(suffix));
            }
        }
        for (guint i = 0; name && i < G_N_ELEMENTS(cases); i++) {
            if (strcmp(cases[i].name, name) == 0)
                tc = &cases[i];
        }
        if (!tc || (strcmp(suffix, ".err") == 0 && !tc->fail) ||
            (strcmp(suffix, ".out.xml") == 0 && tc->fail)) {
            g_printerr("qemuxml2xmldata/%s: no test case uses this file\n", file);
            bad++;
        }
    }
    g_assert_cmpuint(bad, ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("UVIRT_SCHEMA_DIR", SRCDIR "/docs/schemas", TRUE);

    if (!g_file_test(LIBVIRT_SCHEMA, G_FILE_TEST_IS_REGULAR)) {
        printf("SKIP: %s is missing (install Debian's libvirt0: scripts/install-deps.sh)\n",
               LIBVIRT_SCHEMA);
        return EXIT_AM_SKIP;
    }

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/qemuxml2xml/%s", cases[i].name);

        g_test_add_data_func(path, &cases[i], testOne);
    }
    g_test_add_func("/qemuxml2xml/unused-fixtures", testUnusedFixtures);
    return g_test_run();
}
