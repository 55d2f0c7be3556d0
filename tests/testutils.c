/*
 * testutils.c: helpers shared by the test programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "testutils.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

char *
testSrcPath(const char *relpath)
{
    return g_build_filename(SRCDIR, "tests", relpath, NULL);
}

int
testCountOpenFds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *ent;

    if (!d)
        return -1;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] != '.')
            n++;
    }
    closedir(d);
    return n - 1; /* the directory stream's own fd */
}

gboolean
testRegenerate(void)
{
    const char *v = g_getenv("UVIRT_TEST_REGENERATE");
    return v && *v && !g_str_equal(v, "0");
}

gboolean
testCompareToFile(const char *actual, const char *expectedPath)
{
    g_autofree char *expected = NULL;
    g_autoptr(GError) err = NULL;

    if (testRegenerate()) {
        if (!g_file_set_contents(expectedPath, actual, -1, &err)) {
            fprintf(stderr, "cannot write %s: %s\n", expectedPath, err->message);
            return FALSE;
        }
        return TRUE;
    }
    if (!g_file_get_contents(expectedPath, &expected, NULL, &err)) {
        fprintf(stderr, "cannot read %s: %s (set UVIRT_TEST_REGENERATE=1 to create it)\n",
                expectedPath, err->message);
        return FALSE;
    }
    if (!g_str_equal(expected, actual)) {
        fprintf(stderr, "--- expected %s\n%s\n+++ actual\n%s\n", expectedPath, expected, actual);
        return FALSE;
    }
    return TRUE;
}
