/*
 * uvuuid.h: UUIDs (RFC 4122) as 16 raw bytes and as text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#ifndef UV_UUID_BUFLEN
# define UV_UUID_BUFLEN 16
#endif
#ifndef UV_UUID_STRING_BUFLEN
# define UV_UUID_STRING_BUFLEN 37
#endif

/*
 * Parse @str into @uuid. Accepted: the canonical 8-4-4-4-12 form and 32 bare
 * hex digits, either case. Returns FALSE, leaving @uuid untouched, otherwise.
 */
gboolean uvUUIDParse(const char *str, guint8 uuid[UV_UUID_BUFLEN]);

/* Format @uuid as lower-case 8-4-4-4-12 text into @buf; returns @buf. */
const char *uvUUIDFormat(const guint8 uuid[UV_UUID_BUFLEN], char buf[UV_UUID_STRING_BUFLEN]);

/* Fill @uuid with a random (version 4, RFC 4122 variant) UUID. */
void uvUUIDGenerate(guint8 uuid[UV_UUID_BUFLEN]);

/* TRUE when every byte of @uuid is zero. */
gboolean uvUUIDIsNull(const guint8 uuid[UV_UUID_BUFLEN]);
