/*
 * conftest.c: table-driven tests of the conf layer's helpers: UUIDs, size
 * units, enum tables, interface names, and the parse/format behaviour that
 * fixtures cannot pin down (generated values, live state, files)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_conf.h"
#include "util/uvunits.h"
#include "util/uvuuid.h"
#include "testutils.h"

#include <string.h>

/* ---- UUIDs: NULL expected means "must fail" ---- */
static void
testUUIDParseOne(const char *in, const char *expected)
{
    guint8 uuid[UV_UUID_BUFLEN];
    guint8 untouched[UV_UUID_BUFLEN];
    char buf[UV_UUID_STRING_BUFLEN];
    gboolean ok;

    memset(uuid, 0xaa, sizeof(uuid));
    memcpy(untouched, uuid, sizeof(uuid));
    ok = uvUUIDParse(in, uuid);
    if (!expected) {
        g_assert_false(ok);
        g_assert_cmpmem(uuid, sizeof(uuid), untouched, sizeof(untouched));
        return;
    }
    g_assert_true(ok);
    g_assert_cmpstr(uvUUIDFormat(uuid, buf), ==, expected);
}

static void
testUUIDParse(void)
{
    testUUIDParseOne("c7a5fdbd-edaf-9455-926a-d65c16db1809",
                     "c7a5fdbd-edaf-9455-926a-d65c16db1809");
    testUUIDParseOne("C7A5FDBD-EDAF-9455-926A-D65C16DB1809",
                     "c7a5fdbd-edaf-9455-926a-d65c16db1809");
    testUUIDParseOne("c7a5fdbdedaf9455926ad65c16db1809", "c7a5fdbd-edaf-9455-926a-d65c16db1809");
    testUUIDParseOne("00000000-0000-0000-0000-000000000000",
                     "00000000-0000-0000-0000-000000000000");
    testUUIDParseOne(NULL, NULL);
    testUUIDParseOne("", NULL);
    testUUIDParseOne("c7a5fdbd-edaf-9455-926a-d65c16db180", NULL);
    testUUIDParseOne("c7a5fdbd-edaf-9455-926a-d65c16db18099", NULL);
    testUUIDParseOne("c7a5fdbd-edaf-9455-926a-d65c16db180g", NULL);
    testUUIDParseOne("c7a5fdbdedaf-9455-926a-d65c16db1809-", NULL);
    testUUIDParseOne("c7a5fdbd-edaf-9455-926ad65c16db1809", NULL);
    testUUIDParseOne(" c7a5fdbd-edaf-9455-926a-d65c16db1809", NULL);
    testUUIDParseOne("c7a5fdbd+edaf+9455+926a+d65c16db1809", NULL);
}

static void
testUUIDGenerate(void)
{
    guint8 a[UV_UUID_BUFLEN], b[UV_UUID_BUFLEN];

    uvUUIDGenerate(a);
    uvUUIDGenerate(b);
    g_assert_false(uvUUIDIsNull(a));
    g_assert_true(memcmp(a, b, sizeof(a)) != 0);
    g_assert_cmpuint(a[6] >> 4, ==, 4);      /* version 4 */
    g_assert_cmpuint(a[8] & 0xc0, ==, 0x80); /* RFC 4122 variant */
    memset(a, 0, sizeof(a));
    g_assert_true(uvUUIDIsNull(a));
}

/* ---- size units: 0 expected means "unknown unit" ---- */
static void
testUnitScale(void)
{
    static const struct {
        const char *unit;
        guint64 scale;
    } rows[] = {
        {NULL, 1024},
        {"b", 1},
        {"B", 1},
        {"byte", 1},
        {"bytes", 1},
        {"k", 1024ULL},
        {"K", 1024ULL},
        {"KiB", 1024ULL},
        {"kib", 1024ULL},
        {"KB", 1000ULL},
        {"kb", 1000ULL},
        {"m", 1048576ULL},
        {"MiB", 1048576ULL},
        {"MB", 1000000ULL},
        {"g", 1073741824ULL},
        {"GiB", 1073741824ULL},
        {"GB", 1000000000ULL},
        {"t", 1099511627776ULL},
        {"TiB", 1099511627776ULL},
        {"TB", 1000000000000ULL},
        {"p", 1125899906842624ULL},
        {"PiB", 1125899906842624ULL},
        {"PB", 1000000000000000ULL},
        {"e", 1152921504606846976ULL},
        {"EiB", 1152921504606846976ULL},
        {"EB", 1000000000000000000ULL},
        {"", 0},
        {"KiBB", 0},
        {"x", 0},
        {"Ki", 0},
        {"iB", 0},
        {"bytess", 0},
        {"z", 0},
        {"ZiB", 0},
        {"kiB ", 0},
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        if (uvUnitScale(rows[i].unit, 1024) != rows[i].scale) {
            g_printerr("unit '%s': expected %" G_GUINT64_FORMAT ", got %" G_GUINT64_FORMAT "\n",
                       rows[i].unit, rows[i].scale, uvUnitScale(rows[i].unit, 1024));
            g_test_fail();
        }
    }
}

static void
testUnitMultiply(void)
{
    guint64 r = 42;

    g_assert_true(uvUnitMultiply(15, 1024, G_MAXUINT64, &r));
    g_assert_cmpuint(r, ==, 15360);
    g_assert_true(uvUnitMultiply(15, 1152921504606846976ULL, G_MAXUINT64, &r));
    g_assert_cmpuint(r, ==, 15 * 1152921504606846976ULL);
    r = 42;
    g_assert_false(uvUnitMultiply(16, 1152921504606846976ULL, G_MAXUINT64, &r));
    g_assert_cmpuint(r, ==, 42);
    g_assert_false(uvUnitMultiply(G_MAXUINT64, 2, G_MAXUINT64, &r));
    g_assert_false(uvUnitMultiply(11, 1, 10, &r));
    g_assert_true(uvUnitMultiply(0, 0, 10, &r));
    g_assert_cmpuint(r, ==, 0);
}

/* ---- enum tables: every value round-trips, out-of-range values fail ---- */
typedef struct {
    const char *(*toString)(int);
    int (*fromString)(const char *);
    int last;
    const char *first;
} EnumRow;

static void
testEnums(void)
{
    static const EnumRow rows[] = {
        {uvDomainVirtTypeToString, uvDomainVirtTypeFromString, UV_DOMAIN_VIRT_LAST, "qemu"},
        {uvDomainNetTypeToString, uvDomainNetTypeFromString, UV_DOMAIN_NET_TYPE_LAST, "ethernet"},
        {uvDomainNetModelTypeToString, uvDomainNetModelTypeFromString, UV_DOMAIN_NET_MODEL_LAST,
         "default"},
        {uvDomainNetMacvtapModeTypeToString, uvDomainNetMacvtapModeTypeFromString,
         UV_DOMAIN_NET_MACVTAP_MODE_LAST, "default"},
        {uvDomainNetDriverNameTypeToString, uvDomainNetDriverNameTypeFromString,
         UV_DOMAIN_NET_DRIVER_LAST, "default"},
        {uvDomainNetLinkStateTypeToString, uvDomainNetLinkStateTypeFromString,
         UV_DOMAIN_NET_LINK_STATE_LAST, "default"},
        {uvTristateBoolTypeToString, uvTristateBoolTypeFromString, UV_TRISTATE_BOOL_LAST,
         "default"},
        {uvTristateSwitchTypeToString, uvTristateSwitchTypeFromString, UV_TRISTATE_SWITCH_LAST,
         "default"},
        {uvDomainDeviceAddressTypeToString, uvDomainDeviceAddressTypeFromString,
         UV_DOMAIN_DEVICE_ADDRESS_TYPE_LAST, "none"},
        {uvDomainDiskTypeToString, uvDomainDiskTypeFromString, UV_DOMAIN_DISK_TYPE_LAST, "file"},
        {uvDomainDiskDeviceTypeToString, uvDomainDiskDeviceTypeFromString,
         UV_DOMAIN_DISK_DEVICE_LAST, "disk"},
        {uvDomainDiskBusTypeToString, uvDomainDiskBusTypeFromString, UV_DOMAIN_DISK_BUS_LAST,
         "default"},
        {uvDomainDiskCacheTypeToString, uvDomainDiskCacheTypeFromString, UV_DOMAIN_DISK_CACHE_LAST,
         "default"},
        {uvDomainChrTypeToString, uvDomainChrTypeFromString, UV_DOMAIN_CHR_TYPE_LAST, "pty"},
        {uvDomainChrTargetTypeToString, uvDomainChrTargetTypeFromString,
         UV_DOMAIN_CHR_TARGET_TYPE_LAST, "default"},
        {uvDomainControllerTypeToString, uvDomainControllerTypeFromString,
         UV_DOMAIN_CONTROLLER_TYPE_LAST, "usb"},
        {uvDomainInputTypeToString, uvDomainInputTypeFromString, UV_DOMAIN_INPUT_TYPE_LAST,
         "mouse"},
        {uvDomainVideoTypeToString, uvDomainVideoTypeFromString, UV_DOMAIN_VIDEO_TYPE_LAST, "vga"},
        {uvDomainBootDevTypeToString, uvDomainBootDevTypeFromString, UV_DOMAIN_BOOT_LAST, "fd"},
        {uvDomainCpuModeTypeToString, uvDomainCpuModeTypeFromString, UV_DOMAIN_CPU_MODE_LAST,
         "default"},
        {uvDomainLifecycleActionTypeToString, uvDomainLifecycleActionTypeFromString,
         UV_DOMAIN_LIFECYCLE_ACTION_LAST, "default"},
        {uvDomainTimerNameTypeToString, uvDomainTimerNameTypeFromString, UV_DOMAIN_TIMER_NAME_LAST,
         "pit"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        const EnumRow *r = &rows[i];

        g_assert_cmpstr(r->toString(0), ==, r->first);
        for (int v = 0; v < r->last; v++) {
            const char *s = r->toString(v);

            g_assert_nonnull(s);
            g_assert_cmpint(r->fromString(s), ==, v);
        }
        g_assert_null(r->toString(r->last));
        g_assert_null(r->toString(-1));
        g_assert_cmpint(r->fromString("no-such-value"), ==, -1);
        g_assert_cmpint(r->fromString(NULL), ==, -1);
    }
    g_assert_cmpstr(uvDomainNetTypeToString(UV_DOMAIN_NET_TYPE_DIRECT), ==, "direct");
    g_assert_cmpint(uvTristateBoolTypeFromString("no"), ==, UV_TRISTATE_BOOL_NO);
}

/* ---- interface names ---- */
static void
testIfname(void)
{
    static const struct {
        const char *name;
        gboolean valid;
    } rows[] = {
        {"mytap0", TRUE},
        {"a", TRUE},
        {"abcdefghijklmno", TRUE}, /* 15 bytes */
        {"tapd4e6f8a0-b2", TRUE},
        {"macvtap.1", TRUE},
        {"abcdefghijklmnop", FALSE}, /* 16 bytes */
        {"", FALSE},
        {NULL, FALSE},
        {".", FALSE},
        {"..", FALSE},
        {"my/tap", FALSE},
        {"my tap", FALSE},
        {"my\ttap", FALSE},
        {"tap\n", FALSE},
        {"eth0:1", FALSE},
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        if (uvDomainNetIfnameIsValid(rows[i].name) != rows[i].valid) {
            g_printerr("ifname '%s': expected %s\n", rows[i].name,
                       rows[i].valid ? "valid" : "invalid");
            g_test_fail();
        }
    }
}

/* ---- parse/format behaviour ---- */
#define MINIMAL_HEAD                                                                               \
 "<domain type='qemu'><name>t</name><memory>65536</memory>"                                        \
 "<os><type>hvm</type></os><devices>"
#define MINIMAL_TAIL "</devices></domain>"

static void
testGenerated(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) a = NULL;
    g_autoptr(UvDomainDef) b = NULL;
    const char *xml = MINIMAL_HEAD "<interface type='ethernet'><target dev='t0' managed='no'/>"
                                   "<model type='virtio'/></interface>"
                                   "<interface type='user'/>" MINIMAL_TAIL;

    a = uvDomainDefParseString(xml, 0, &err);
    g_assert_no_error(err);
    b = uvDomainDefParseString(xml, 0, &err);
    g_assert_no_error(err);
    g_assert_false(uvUUIDIsNull(a->uuid));
    g_assert_true(memcmp(a->uuid, b->uuid, UV_UUID_BUFLEN) != 0);
    g_assert_cmpuint(a->nnets, ==, 2);
    for (guint i = 0; i < a->nnets; i++) {
        const UvMacAddr *mac = &a->nets[i]->mac;

        g_assert_false(a->nets[i]->macFromXML);
        g_assert_cmpuint(mac->addr[0], ==, 0x52);
        g_assert_cmpuint(mac->addr[1], ==, 0x54);
        g_assert_cmpuint(mac->addr[2], ==, 0x00);
    }
    g_assert_cmpint(a->nets[0]->managedTap, ==, UV_TRISTATE_BOOL_NO);
    g_assert_cmpstr(a->nets[0]->ifname, ==, "t0");
    g_assert_cmpint(a->id, ==, -1);
    g_assert_cmpuint(a->memory, ==, 65536);
    g_assert_cmpuint(a->currentMemory, ==, 65536);
    g_assert_cmpuint(a->vcpus, ==, 1);
}

static void
testLive(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) inactive = NULL;
    g_autoptr(UvDomainDef) live = NULL;
    g_autofree char *inactiveXml = NULL;
    g_autofree char *liveXml = NULL;
    const char *xml = "<domain type='kvm' id='3'><name>t</name><memory>65536</memory>"
                      "<os><type>hvm</type></os><devices>"
                      "<interface type='ethernet'><mac address='52:54:00:00:00:01'/>"
                      "<target dev='t0' managed='no'/><model type='virtio'/>"
                      "<alias name='net0'/></interface>"
                      "<interface type='user'><mac address='52:54:00:00:00:02'/>"
                      "<alias name='ua-user'/></interface>"
                      "<serial type='pty'><source path='/dev/pts/7'/><target port='0'/></serial>"
                      "<graphics type='vnc' port='5903' autoport='yes'/>" MINIMAL_TAIL;

    inactive = uvDomainDefParseString(xml, 0, &err);
    g_assert_no_error(err);
    g_assert_cmpint(inactive->id, ==, -1);
    g_assert_null(inactive->serials[0]->sourcePath);
    g_assert_cmpint(inactive->graphics[0]->port, ==, -1);
    inactiveXml = uvDomainDefFormat(inactive, 0, &err);
    g_assert_no_error(err);
    g_assert_null(strstr(inactiveXml, "id="));
    g_assert_null(strstr(inactiveXml, "net0"));
    g_assert_nonnull(strstr(inactiveXml, "<alias name='ua-user'/>"));
    g_assert_null(strstr(inactiveXml, "/dev/pts/7"));
    g_assert_nonnull(strstr(inactiveXml, "port='-1' autoport='yes'"));

    live = uvDomainDefParseString(xml, UV_DOMAIN_DEF_PARSE_LIVE, &err);
    g_assert_no_error(err);
    g_assert_cmpint(live->id, ==, 3);
    g_assert_cmpstr(live->serials[0]->sourcePath, ==, "/dev/pts/7");
    liveXml = uvDomainDefFormat(live, UV_DOMAIN_DEF_FORMAT_LIVE, &err);
    g_assert_no_error(err);
    g_assert_true(g_str_has_prefix(liveXml, "<domain type='kvm' id='3'>\n"));
    g_assert_nonnull(strstr(liveXml, "<alias name='net0'/>"));
    g_assert_nonnull(strstr(liveXml, "<serial type='pty' tty='/dev/pts/7'>"));
    g_assert_nonnull(strstr(liveXml, "<source path='/dev/pts/7'/>"));
    g_assert_nonnull(strstr(liveXml, "port='5903' autoport='yes'"));
    g_assert_true(
        uvDomainDefValidateSchema(liveXml, "/usr/share/libvirt/schemas/domain.rng", &err));
    g_assert_no_error(err);
}

static void
testValidateInCode(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    const char *xml = MINIMAL_HEAD "<interface type='bridge'><mac address='52:54:00:00:00:01'/>"
                                   "<source bridge='br0'/></interface>" MINIMAL_TAIL;

    def = uvDomainDefParseString(xml, 0, &err);
    g_assert_no_error(err);
    g_assert_true(uvDomainDefValidate(def, &err));
    def->nets[0]->managedTap = UV_TRISTATE_BOOL_NO;
    def->nets[0]->ifname = g_strdup("tap0");
    g_assert_false(uvDomainDefValidate(def, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_CONFIG_UNSUPPORTED);
    g_assert_nonnull(strstr(err->message, "'bridge'"));
}

static void
testFiles(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autofree char *path = testSrcPath("qemuxml2xmldata/net-eth-unmanaged-tap.xml");
    int fds = testCountOpenFds();

    def = uvDomainDefParseFile(path, UV_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(def->name, ==, "net-eth-unmanaged-tap");
    g_assert_cmpint(testCountOpenFds(), ==, fds);

    g_assert_null(uvDomainDefParseFile("/nonexistent/dom.xml", 0, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_SYSTEM);
    g_assert_nonnull(strstr(err->message, "'/nonexistent/dom.xml'"));
    g_clear_error(&err);
    g_assert_cmpint(testCountOpenFds(), ==, fds);

    g_assert_null(uvDomainDefParseString("<network/>", 0, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_XML);
    g_clear_error(&err);

    g_assert_null(uvDomainDefParseString("<!DOCTYPE domain [<!ENTITY x 'y'>]><domain/>", 0, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_XML);
    g_assert_nonnull(strstr(err->message, "DOCTYPE"));
    g_clear_error(&err);

    g_assert_false(uvDomainDefValidateSchema("<domain/>", "/nonexistent.rng", &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_INTERNAL);
    g_clear_error(&err);

    g_assert_false(uvDomainDefValidateSchema("<domain type='qemu'/>", NULL, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_XML);
    g_assert_nonnull(strstr(err->message, "line 1"));
    g_clear_error(&err);

    /* libvirt's schema, the oracle of the fixture tests, does say no */
    g_assert_false(uvDomainDefValidateSchema(
        "<domain type='qemu'><name>x</name><memory>1</memory><os><type>hvm</type></os>"
        "<devices><interface type='ethernet'><target dev='t' managed='maybe'/></interface>"
        "</devices></domain>",
        "/usr/share/libvirt/schemas/domain.rng", &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_XML);
    g_clear_error(&err);
    g_assert_true(uvDomainDefValidateSchema(
        "<domain type='qemu'><name>x</name><memory>1</memory><os><type>hvm</type></os>"
        "<devices><interface type='ethernet'><target dev='t' managed='no'/></interface>"
        "</devices></domain>",
        "/usr/share/libvirt/schemas/domain.rng", &err));
    g_assert_no_error(err);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("UVIRT_SCHEMA_DIR", SRCDIR "/docs/schemas", TRUE);

    g_test_add_func("/conf/uuid/parse", testUUIDParse);
    g_test_add_func("/conf/uuid/generate", testUUIDGenerate);
    g_test_add_func("/conf/units/scale", testUnitScale);
    g_test_add_func("/conf/units/multiply", testUnitMultiply);
    g_test_add_func("/conf/enums", testEnums);
    g_test_add_func("/conf/ifname", testIfname);
    g_test_add_func("/conf/domain/generated", testGenerated);
    g_test_add_func("/conf/domain/live", testLive);
    g_test_add_func("/conf/domain/validate", testValidateInCode);
    g_test_add_func("/conf/domain/files", testFiles);
    return g_test_run();
}
