/*
 * remote_xdr.h: XDR encoding and decoding with hard limits
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The subset of RFC 4506 that libvirt's remote protocol uses: big-endian,
 * every item padded to 4 bytes; int, unsigned int, enum, bool, char and
 * short all take 4 bytes, hyper 8. Encoders append to a GByteArray and
 * cannot fail; decoders read from a bounded buffer and fail with
 * UV_ERROR_RPC on a short buffer or an item over its limit, so a hostile
 * peer can never make us allocate more than the message it sent.
 */
#pragma once

#include <glib.h>

/* libvirt's limits: a whole message, one string, one list of domains. */
#define UV_REMOTE_MESSAGE_MAX (32 * 1024 * 1024)
#define UV_REMOTE_STRING_MAX (4 * 1024 * 1024)
#define UV_REMOTE_DOMAIN_LIST_MAX 16384
/* REMOTE_DOMAIN_MESSAGES_MAX: the strings of one DOMAIN_GET_MESSAGES reply. */
#define UV_REMOTE_DOMAIN_MESSAGES_MAX 2048

void uvXdrPutU32(GByteArray *buf, guint32 v);
void uvXdrPutI32(GByteArray *buf, gint32 v);
void uvXdrPutU64(GByteArray *buf, guint64 v);
void uvXdrPutI64(GByteArray *buf, gint64 v);
/* A fixed-length opaque (e.g. a UUID): the bytes, then padding. */
void uvXdrPutOpaqueFixed(GByteArray *buf, const void *data, gsize len);
/* A variable-length opaque: length, bytes, padding. */
void uvXdrPutOpaque(GByteArray *buf, const void *data, gsize len);
/* A string that may not be NULL. */
void uvXdrPutString(GByteArray *buf, const char *s);
/* An optional string: 0, or 1 and the string. */
void uvXdrPutOptString(GByteArray *buf, const char *s);
/* An array of strings ("string x<>"): the count of the NULL-terminated @list, then each. */
void uvXdrPutStringList(GByteArray *buf, const char *const *list);

typedef struct {
    const guint8 *data;
    gsize len;
    gsize pos;
} UvXdrReader;

/* Read @len bytes at @data; the reader does not copy or own them. */
void uvXdrReaderInit(UvXdrReader *r, const void *data, gsize len);

gboolean uvXdrGetU32(UvXdrReader *r, guint32 *v, GError **error);
gboolean uvXdrGetI32(UvXdrReader *r, gint32 *v, GError **error);
gboolean uvXdrGetU64(UvXdrReader *r, guint64 *v, GError **error);
gboolean uvXdrGetI64(UvXdrReader *r, gint64 *v, GError **error);
gboolean uvXdrGetOpaqueFixed(UvXdrReader *r, void *out, gsize len, GError **error);
/*
 * A string of at most @max bytes; *out is a new NUL-terminated copy. A string
 * with an embedded NUL is refused: C callers could not see all of it.
 */
gboolean uvXdrGetString(UvXdrReader *r, gsize max, char **out, GError **error);
/* An optional string; *out is NULL when absent. */
gboolean uvXdrGetOptString(UvXdrReader *r, gsize max, char **out, GError **error);
/*
 * An array of at most @max strings of at most @strmax bytes each; *out is a
 * new NULL-terminated array (g_strfreev), written only on success.
 */
gboolean uvXdrGetStringList(UvXdrReader *r, guint32 max, gsize strmax, char ***out, GError **error);
/* The element count of an array, refused above @max. */
gboolean uvXdrGetCount(UvXdrReader *r, guint32 max, guint32 *n, GError **error);
/* Fail unless every byte was consumed (trailing bytes mean a layout mismatch). */
gboolean uvXdrReaderFinish(UvXdrReader *r, GError **error);
