/*
 * uvunits.c: scaled sizes as used by libvirt's XML unit= attributes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvunits.h"

#include <string.h>

guint64
uvUnitScale(const char *unit, guint64 defaultScale)
{
    static const char prefixes[] = "kmgtpe";
    const char *pos;
    guint64 base;
    guint64 scale = 1;

    if (!unit)
        return defaultScale;

    if (g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "byte") == 0 ||
        g_ascii_strcasecmp(unit, "bytes") == 0)
        return 1;

    if (!unit[0] || !(pos = strchr(prefixes, g_ascii_tolower(unit[0]))))
        return 0;

    if (unit[1] == '\0' || g_ascii_strcasecmp(unit + 1, "ib") == 0)
        base = 1024;
    else if (g_ascii_strcasecmp(unit + 1, "b") == 0)
        base = 1000;
    else
        return 0;

    /* exponent 1 for k .. 6 for e; 1024^6 still fits in 64 bits */
    for (long i = 0; i <= pos - prefixes; i++)
        scale *= base;
    return scale;
}

gboolean
uvUnitMultiply(guint64 value, guint64 scale, guint64 max, guint64 *result)
{
    if (scale != 0 && value > max / scale)
        return FALSE;
    *result = value * scale;
    return TRUE;
}
