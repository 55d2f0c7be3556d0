/*
 * utiltest.c: table-driven tests of the small util helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "util/uvenum.h"
#include "util/uvfile.h"
#include "util/uvmacaddr.h"
#include "testutils.h"

#include <sys/stat.h>
#include <unistd.h>

/* ---- MAC addresses: NULL expected means "must fail" ---- */
static void
testMacParseOne(const char *in, const char *expected)
{
    UvMacAddr mac = {{0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa}};
    const UvMacAddr untouched = mac;
    char buf[UV_MAC_STRING_BUFLEN];
    gboolean ok = uvMacAddrParse(in, &mac);

    if (!expected) {
        g_assert_false(ok);
        g_assert_true(uvMacAddrEqual(&mac, &untouched));
        return;
    }
    g_assert_true(ok);
    g_assert_cmpstr(uvMacAddrFormat(&mac, buf), ==, expected);
}

static void
testMacParse(void)
{
    testMacParseOne("52:54:00:11:22:33", "52:54:00:11:22:33");
    testMacParseOne("52:54:00:AB:cd:Ef", "52:54:00:ab:cd:ef");
    testMacParseOne("2:4:0:1:2:3", "02:04:00:01:02:03");
    testMacParseOne("fe:ff:ff:ff:ff:ff", "fe:ff:ff:ff:ff:ff");
    testMacParseOne("", NULL);
    testMacParseOne(NULL, NULL);
    testMacParseOne("52:54:00:11:22", NULL);
    testMacParseOne("52:54:00:11:22:33:44", NULL);
    testMacParseOne("52:54:00:11:22:333", NULL);
    testMacParseOne("52-54-00-11-22-33", NULL);
    testMacParseOne("52:54:00:11:22:3g", NULL);
    testMacParseOne("52:54:00:11:22:33 ", NULL);
    testMacParseOne(":54:00:11:22:33", NULL);
}

static void
testMacKinds(void)
{
    UvMacAddr a, b;

    g_assert_true(uvMacAddrParse("01:00:5e:00:00:01", &a));
    g_assert_true(uvMacAddrIsMulticast(&a));
    g_assert_false(uvMacAddrIsUnicast(&a));
    g_assert_true(uvMacAddrParse("ff:ff:ff:ff:ff:ff", &a));
    g_assert_true(uvMacAddrIsMulticast(&a));
    g_assert_true(uvMacAddrParse("52:54:00:00:00:01", &b));
    g_assert_true(uvMacAddrIsUnicast(&b));
    g_assert_false(uvMacAddrEqual(&a, &b));

    for (int i = 0; i < 100; i++) {
        uvMacAddrGenerate(&a);
        g_assert_cmpint(a.addr[0], ==, 0x52);
        g_assert_cmpint(a.addr[1], ==, 0x54);
        g_assert_cmpint(a.addr[2], ==, 0x00);
        g_assert_true(uvMacAddrIsUnicast(&a));
    }
}

/* ---- enum tables ---- */
typedef enum { TEST_COLOUR_RED, TEST_COLOUR_GREEN, TEST_COLOUR_BLUE, TEST_COLOUR_LAST } TestColour;
UV_ENUM_DECL(testColour);
UV_ENUM_IMPL(testColour, TEST_COLOUR_LAST, "red", "green", "blue");

static void
testEnum(void)
{
    static const struct {
        const char *str;
        int value;
    } rows[] = {
        {"red", TEST_COLOUR_RED},
        {"green", TEST_COLOUR_GREEN},
        {"blue", TEST_COLOUR_BLUE},
        {"Blue", -1},
        {"", -1},
        {"purple", -1},
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_assert_cmpint(testColourTypeFromString(rows[i].str), ==, rows[i].value);
        if (rows[i].value >= 0)
            g_assert_cmpstr(testColourTypeToString(rows[i].value), ==, rows[i].str);
    }
    g_assert_cmpint(testColourTypeFromString(NULL), ==, -1);
    g_assert_null(testColourTypeToString(-1));
    g_assert_null(testColourTypeToString(TEST_COLOUR_LAST));
}

/* ---- atomic file writes ---- */
static void
testAtomicWrite(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = g_dir_make_tmp("uvirt-utiltest-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "dom.xml", NULL);
    g_autofree char *content = NULL;
    g_autofree char *bad = g_build_filename(dir, "missing", "dom.xml", NULL);
    struct stat st;
    int fds = testCountOpenFds();
    GDir *d;
    int entries = 0;

    g_assert_true(uvFileWriteAtomic(path, "one", 3, 0600, &err));
    g_assert_true(uvFileWriteAtomic(path, "two\n", 4, 0600, &err));
    g_assert_no_error(err);
    g_assert_true(g_file_get_contents(path, &content, NULL, NULL));
    g_assert_cmpstr(content, ==, "two\n");
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);

    g_assert_false(uvFileWriteAtomic(bad, "x", 1, 0600, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_SYSTEM);
    g_assert_nonnull(strstr(err->message, "missing"));
    g_assert_cmpint(testCountOpenFds(), ==, fds);

    /* no temporary file is left beside the definition */
    d = g_dir_open(dir, 0, NULL);
    while (g_dir_read_name(d))
        entries++;
    g_dir_close(d);
    g_assert_cmpint(entries, ==, 1);

    /* the runtime-state flavour: the same replacement, without the fsync()s */
    g_clear_pointer(&content, g_free);
    g_clear_error(&err);
    g_assert_true(uvFileWriteAtomicNoSync(path, "three", 5, 0600, &err));
    g_assert_no_error(err);
    g_assert_true(g_file_get_contents(path, &content, NULL, NULL));
    g_assert_cmpstr(content, ==, "three");
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);
    g_assert_false(uvFileWriteAtomicNoSync(bad, "x", 1, 0600, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_SYSTEM);
    g_clear_error(&err);
    g_assert_cmpint(testCountOpenFds(), ==, fds);
    entries = 0;
    d = g_dir_open(dir, 0, NULL);
    while (g_dir_read_name(d))
        entries++;
    g_dir_close(d);
    g_assert_cmpint(entries, ==, 1);

    unlink(path);
    rmdir(dir);
}

static void
testAutoClose(void)
{
    int before = testCountOpenFds();
    int kept;

    {
        UV_AUTOCLOSE int fd = dup(0);
        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(testCountOpenFds(), ==, before + 1);
    }
    g_assert_cmpint(testCountOpenFds(), ==, before);
    {
        UV_AUTOCLOSE int fd = dup(0);
        kept = uvStealFd(&fd);
        g_assert_cmpint(fd, ==, -1);
    }
    g_assert_cmpint(testCountOpenFds(), ==, before + 1);
    close(kept);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/util/macaddr/parse", testMacParse);
    g_test_add_func("/util/macaddr/kinds", testMacKinds);
    g_test_add_func("/util/enum", testEnum);
    g_test_add_func("/util/file/atomic", testAtomicWrite);
    g_test_add_func("/util/file/autoclose", testAutoClose);
    return g_test_run();
}
