/*
 * uvmacaddr.h: Ethernet MAC addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#define UV_MAC_BUFLEN 6
#define UV_MAC_STRING_BUFLEN (UV_MAC_BUFLEN * 3)

typedef struct {
    guint8 addr[UV_MAC_BUFLEN];
} UvMacAddr;

/*
 * Parse "aa:bb:cc:dd:ee:ff" (hex digits of either case, one or two per byte)
 * into @mac. Returns FALSE, leaving @mac untouched, on anything else.
 */
gboolean uvMacAddrParse(const char *str, UvMacAddr *mac);

/* Format @mac as lower-case "aa:bb:cc:dd:ee:ff" into @buf; returns @buf. */
const char *uvMacAddrFormat(const UvMacAddr *mac, char buf[UV_MAC_STRING_BUFLEN]);

gboolean uvMacAddrIsMulticast(const UvMacAddr *mac);
gboolean uvMacAddrIsUnicast(const UvMacAddr *mac);
gboolean uvMacAddrEqual(const UvMacAddr *a, const UvMacAddr *b);

/* A random address in QEMU's locally administered 52:54:00 prefix. */
void uvMacAddrGenerate(UvMacAddr *mac);
