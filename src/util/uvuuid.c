/*
 * uvuuid.c: UUIDs (RFC 4122) as 16 raw bytes and as text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvuuid.h"

#include <string.h>

gboolean
uvUUIDParse(const char *str, guint8 uuid[UV_UUID_BUFLEN])
{
    guint8 tmp[UV_UUID_BUFLEN];
    const char *p = str;
    gboolean dashed;

    if (!str)
        return FALSE;

    /* either exactly 8-4-4-4-12 or 32 digits without any dash */
    dashed = strlen(str) == 36;
    if (!dashed && strlen(str) != 32)
        return FALSE;

    for (int i = 0; i < UV_UUID_BUFLEN; i++) {
        if (dashed && (i == 4 || i == 6 || i == 8 || i == 10)) {
            if (*p != '-')
                return FALSE;
            p++;
        }
        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]))
            return FALSE;
        tmp[i] = (guint8)(g_ascii_xdigit_value(p[0]) * 16 + g_ascii_xdigit_value(p[1]));
        p += 2;
    }
    if (*p != '\0')
        return FALSE;

    memcpy(uuid, tmp, UV_UUID_BUFLEN);
    return TRUE;
}

const char *
uvUUIDFormat(const guint8 uuid[UV_UUID_BUFLEN], char buf[UV_UUID_STRING_BUFLEN])
{
    g_snprintf(buf, UV_UUID_STRING_BUFLEN,
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", uuid[0],
               uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9],
               uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
    return buf;
}

void
uvUUIDGenerate(guint8 uuid[UV_UUID_BUFLEN])
{
    /* GLib's random UUID comes from a CSPRNG-seeded generator and is v4 */
    g_autofree char *str = g_uuid_string_random();

    if (!uvUUIDParse(str, uuid))
        g_assert_not_reached();
}

gboolean
uvUUIDIsNull(const guint8 uuid[UV_UUID_BUFLEN])
{
    for (int i = 0; i < UV_UUID_BUFLEN; i++) {
        if (uuid[i])
            return FALSE;
    }
    return TRUE;
}
