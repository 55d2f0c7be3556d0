/*
 * uvenum.c: enum <-> string tables
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvenum.h"

const char *
uvEnumToString(const char *const *table, guint n, int value)
{
    if (value < 0 || (guint)value >= n)
        return NULL;
    return table[value];
}

int
uvEnumFromString(const char *const *table, guint n, const char *str)
{
    if (!str)
        return -1;
    for (guint i = 0; i < n; i++) {
        if (table[i] && g_str_equal(table[i], str))
            return (int)i;
    }
    return -1;
}
