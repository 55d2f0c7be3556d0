/*
 * uvmacaddr.c: Ethernet MAC addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvmacaddr.h"

#include <string.h>

gboolean
uvMacAddrParse(const char *str, UvMacAddr *mac)
{
    UvMacAddr tmp;
    const char *p = str;

    if (!str)
        return FALSE;

    for (int i = 0; i < UV_MAC_BUFLEN; i++) {
        int digits = 0;
        guint value = 0;

        while (digits < 2 && g_ascii_isxdigit(*p)) {
            value = value * 16 + (guint)g_ascii_xdigit_value(*p);
            p++;
            digits++;
        }
        if (digits == 0)
            return FALSE;
        tmp.addr[i] = (guint8)value;

        if (i < UV_MAC_BUFLEN - 1) {
            if (*p != ':')
                return FALSE;
            p++;
        }
    }
    if (*p != '\0')
        return FALSE;

    *mac = tmp;
    return TRUE;
}

const char *
uvMacAddrFormat(const UvMacAddr *mac, char buf[UV_MAC_STRING_BUFLEN])
{
    g_snprintf(buf, UV_MAC_STRING_BUFLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac->addr[0],
               mac->addr[1], mac->addr[2], mac->addr[3], mac->addr[4], mac->addr[5]);
    return buf;
}

gboolean
uvMacAddrIsMulticast(const UvMacAddr *mac)
{
    return (mac->addr[0] & 0x01) != 0;
}

gboolean
uvMacAddrIsUnicast(const UvMacAddr *mac)
{
    return !uvMacAddrIsMulticast(mac);
}

gboolean
uvMacAddrEqual(const UvMacAddr *a, const UvMacAddr *b)
{
    return memcmp(a->addr, b->addr, UV_MAC_BUFLEN) == 0;
}

void
uvMacAddrGenerate(UvMacAddr *mac)
{
    mac->addr[0] = 0x52;
    mac->addr[1] = 0x54;
    mac->addr[2] = 0x00;
    for (int i = 3; i < UV_MAC_BUFLEN; i++)
        mac->addr[i] = (guint8)g_random_int_range(0, 256);
}
