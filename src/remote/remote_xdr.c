/*
 * remote_xdr.c: XDR encoding and decoding with hard limits
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "remote_xdr.h"

#include <string.h>

static const guint8 uvXdrZeros[4];

static gsize
uvXdrPadding(gsize len)
{
    return (4 - (len & 3)) & 3;
}

void
uvXdrPutU32(GByteArray *buf, guint32 v)
{
    guint8 b[4] = {v >> 24, v >> 16, v >> 8, v};

    g_byte_array_append(buf, b, sizeof(b));
}

void
uvXdrPutI32(GByteArray *buf, gint32 v)
{
    uvXdrPutU32(buf, (guint32)v);
}

void
uvXdrPutU64(GByteArray *buf, guint64 v)
{
    uvXdrPutU32(buf, (guint32)(v >> 32));
    uvXdrPutU32(buf, (guint32)v);
}

void
uvXdrPutI64(GByteArray *buf, gint64 v)
{
    uvXdrPutU64(buf, (guint64)v);
}

void
uvXdrPutOpaqueFixed(GByteArray *buf, const void *data, gsize len)
{
    g_byte_array_append(buf, data, len);
    g_byte_array_append(buf, uvXdrZeros, uvXdrPadding(len));
}

void
uvXdrPutOpaque(GByteArray *buf, const void *data, gsize len)
{
    uvXdrPutU32(buf, (guint32)len);
    uvXdrPutOpaqueFixed(buf, data, len);
}

void
uvXdrPutString(GByteArray *buf, const char *s)
{
    uvXdrPutOpaque(buf, s, strlen(s));
}

void
uvXdrPutOptString(GByteArray *buf, const char *s)
{
    uvXdrPutU32(buf, s ? 1 : 0);
    if (s)
        uvXdrPutString(buf, s);
}

void
uvXdrPutStringList(GByteArray *buf, const char *const *list)
{
    guint32 n = list ? g_strv_length((char **)list) : 0;

    uvXdrPutU32(buf, n);
    for (guint32 k = 0; k < n; k++)
        uvXdrPutString(buf, list[k]);
}

void
uvXdrReaderInit(UvXdrReader *r, const void *data, gsize len)
{
    r->data = data;
    r->len = len;
    r->pos = 0;
}

static gboolean
uvXdrNeed(UvXdrReader *r, gsize n, GError **error)
{
    if (n > r->len - r->pos) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Truncated message: %zu more bytes needed at offset %zu"),
                    n - (r->len - r->pos), r->pos);
        return FALSE;
    }
    return TRUE;
}

gboolean
uvXdrGetU32(UvXdrReader *r, guint32 *v, GError **error)
{
    const guint8 *p;

    if (!uvXdrNeed(r, 4, error))
        return FALSE;
    p = r->data + r->pos;
    *v = (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
    r->pos += 4;
    return TRUE;
}

gboolean
uvXdrGetI32(UvXdrReader *r, gint32 *v, GError **error)
{
    guint32 u;

    if (!uvXdrGetU32(r, &u, error))
        return FALSE;
    *v = (gint32)u;
    return TRUE;
}

gboolean
uvXdrGetU64(UvXdrReader *r, guint64 *v, GError **error)
{
    guint32 hi, lo;

    if (!uvXdrNeed(r, 8, error) || !uvXdrGetU32(r, &hi, error) || !uvXdrGetU32(r, &lo, error))
        return FALSE;
    *v = (guint64)hi << 32 | lo;
    return TRUE;
}

gboolean
uvXdrGetI64(UvXdrReader *r, gint64 *v, GError **error)
{
    guint64 u;

    if (!uvXdrGetU64(r, &u, error))
        return FALSE;
    *v = (gint64)u;
    return TRUE;
}

gboolean
uvXdrGetOpaqueFixed(UvXdrReader *r, void *out, gsize len, GError **error)
{
    gsize total = len + uvXdrPadding(len);

    if (!uvXdrNeed(r, total, error))
        return FALSE;
    memcpy(out, r->data + r->pos, len);
    r->pos += total;
    return TRUE;
}

gboolean
uvXdrGetString(UvXdrReader *r, gsize max, char **out, GError **error)
{
    guint32 len;
    g_autofree char *s = NULL;

    if (!uvXdrGetU32(r, &len, error))
        return FALSE;
    if (len > max) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("String of %u bytes exceeds the limit of %zu bytes"), len, max);
        return FALSE;
    }
    if (!uvXdrNeed(r, (gsize)len + uvXdrPadding(len), error))
        return FALSE;
    if (memchr(r->data + r->pos, '\0', len)) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("String at offset %zu contains a NUL byte"),
                    r->pos);
        return FALSE;
    }
    s = g_malloc(len + 1);
    memcpy(s, r->data + r->pos, len);
    s[len] = '\0';
    r->pos += (gsize)len + uvXdrPadding(len);
    *out = g_steal_pointer(&s);
    return TRUE;
}

gboolean
uvXdrGetOptString(UvXdrReader *r, gsize max, char **out, GError **error)
{
    guint32 present;

    if (!uvXdrGetU32(r, &present, error))
        return FALSE;
    if (present > 1) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Invalid optional-value marker %u at offset %zu"), present, r->pos - 4);
        return FALSE;
    }
    if (!present) {
        *out = NULL;
        return TRUE;
    }
    return uvXdrGetString(r, max, out, error);
}

gboolean
uvXdrGetCount(UvXdrReader *r, guint32 max, guint32 *n, GError **error)
{
    guint32 count;

    if (!uvXdrGetU32(r, &count, error))
        return FALSE;
    if (count > max) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Array of %u elements exceeds the limit of %u elements"), count, max);
        return FALSE;
    }
    *n = count;
    return TRUE;
}

gboolean
uvXdrGetStringList(UvXdrReader *r, guint32 max, gsize strmax, char ***out, GError **error)
{
    g_autoptr(GPtrArray) list = NULL;
    guint32 n;

    if (!uvXdrGetCount(r, max, &n, error))
        return FALSE;
    /* Grown as strings arrive: the count alone makes us allocate nothing. */
    list = g_ptr_array_new_with_free_func(g_free);
    for (guint32 k = 0; k < n; k++) {
        char *s;

        if (!uvXdrGetString(r, strmax, &s, error))
            return FALSE;
        g_ptr_array_add(list, s);
    }
    g_ptr_array_set_free_func(list, NULL);
    g_ptr_array_add(list, NULL);
    *out = (char **)g_ptr_array_free(g_steal_pointer(&list), FALSE);
    return TRUE;
}

gboolean
uvXdrReaderFinish(UvXdrReader *r, GError **error)
{
    if (r->pos != r->len) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("Message has %zu unexpected trailing bytes"),
                    r->len - r->pos);
        return FALSE;
    }
    return TRUE;
}
