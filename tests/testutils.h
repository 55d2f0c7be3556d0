/*
 * testutils.h: helpers shared by the test programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#define EXIT_AM_SKIP 77

/* Absolute path of a file in the source tree's tests/ directory. */
char *testSrcPath(const char *relpath);

/* Number of open file descriptors of this process (from /proc/self/fd). */
int testCountOpenFds(void);

/* TRUE when $UVIRT_TEST_REGENERATE is set to a non-empty value other than 0. */
gboolean testRegenerate(void);

/*
 * Compare @actual with the content of @expectedPath; when regenerating, write
 * @actual there instead. On mismatch print a unified-style hint and return FALSE.
 */
gboolean testCompareToFile(const char *actual, const char *expectedPath);
