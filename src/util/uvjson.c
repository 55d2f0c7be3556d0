/*
 * uvjson.c: a small JSON value type, builder, formatter and parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"
#include "uvjson.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Parsing nests no deeper than this, so hostile input cannot exhaust the stack. */
#define UV_JSON_MAX_DEPTH 64

struct _UvJson {
    UvJsonType type;
    gboolean boolean;
    char *text;        /* string content or number text */
    GPtrArray *keys;   /* object: char * */
    GPtrArray *values; /* object and array: UvJson * */
};

static UvJson *
uvJsonNew(UvJsonType type)
{
    UvJson *v = g_new0(UvJson, 1);

    v->type = type;
    if (type == UV_JSON_OBJECT)
        v->keys = g_ptr_array_new_with_free_func(g_free);
    if (type == UV_JSON_OBJECT || type == UV_JSON_ARRAY)
        v->values = g_ptr_array_new_with_free_func((GDestroyNotify)uvJsonFree);
    return v;
}

UvJson *
uvJsonNewNull(void)
{
    return uvJsonNew(UV_JSON_NULL);
}

UvJson *
uvJsonNewBool(gboolean value)
{
    UvJson *v = uvJsonNew(UV_JSON_BOOL);

    v->boolean = !!value;
    return v;
}

UvJson *
uvJsonNewInt(gint64 value)
{
    UvJson *v = uvJsonNew(UV_JSON_NUMBER);

    v->text = g_strdup_printf("%" G_GINT64_FORMAT, value);
    return v;
}

UvJson *
uvJsonNewUInt(guint64 value)
{
    UvJson *v = uvJsonNew(UV_JSON_NUMBER);

    v->text = g_strdup_printf("%" G_GUINT64_FORMAT, value);
    return v;
}

UvJson *
uvJsonNewString(const char *value)
{
    UvJson *v = uvJsonNew(UV_JSON_STRING);

    v->text = g_strdup(value ? value : "");
    return v;
}

UvJson *
uvJsonNewArray(void)
{
    return uvJsonNew(UV_JSON_ARRAY);
}

UvJson *
uvJsonNewObject(void)
{
    return uvJsonNew(UV_JSON_OBJECT);
}

void
uvJsonFree(UvJson *value)
{
    if (!value)
        return;
    g_free(value->text);
    if (value->keys)
        g_ptr_array_unref(value->keys);
    if (value->values)
        g_ptr_array_unref(value->values);
    g_free(value);
}

void
uvJsonObjectAppend(UvJson *obj, const char *key, UvJson *value)
{
    g_return_if_fail(obj && obj->type == UV_JSON_OBJECT);

    for (guint i = 0; i < obj->keys->len; i++) {
        if (g_str_equal(obj->keys->pdata[i], key)) {
            uvJsonFree(obj->values->pdata[i]);
            obj->values->pdata[i] = value;
            return;
        }
    }
    g_ptr_array_add(obj->keys, g_strdup(key));
    g_ptr_array_add(obj->values, value);
}

void
uvJsonObjectAppendString(UvJson *obj, const char *key, const char *value)
{
    uvJsonObjectAppend(obj, key, uvJsonNewString(value));
}

void
uvJsonObjectAppendInt(UvJson *obj, const char *key, gint64 value)
{
    uvJsonObjectAppend(obj, key, uvJsonNewInt(value));
}

void
uvJsonObjectAppendUInt(UvJson *obj, const char *key, guint64 value)
{
    uvJsonObjectAppend(obj, key, uvJsonNewUInt(value));
}

void
uvJsonObjectAppendBool(UvJson *obj, const char *key, gboolean value)
{
    uvJsonObjectAppend(obj, key, uvJsonNewBool(value));
}

void
uvJsonArrayAppend(UvJson *array, UvJson *value)
{
    g_return_if_fail(array && array->type == UV_JSON_ARRAY);
    g_ptr_array_add(array->values, value);
}

UvJsonType
uvJsonGetType(const UvJson *value)
{
    return value->type;
}

UvJson *
uvJsonObjectGet(const UvJson *obj, const char *key)
{
    if (!obj || obj->type != UV_JSON_OBJECT)
        return NULL;
    for (guint i = 0; i < obj->keys->len; i++) {
        if (g_str_equal(obj->keys->pdata[i], key))
            return obj->values->pdata[i];
    }
    return NULL;
}

UvJson *
uvJsonObjectSteal(UvJson *obj, const char *key)
{
    if (!obj || obj->type != UV_JSON_OBJECT)
        return NULL;
    for (guint i = 0; i < obj->keys->len; i++) {
        if (g_str_equal(obj->keys->pdata[i], key)) {
            UvJson *v = obj->values->pdata[i];

            obj->values->pdata[i] = NULL;
            g_ptr_array_remove_index(obj->values, i);
            g_ptr_array_remove_index(obj->keys, i);
            return v;
        }
    }
    return NULL;
}

const char *
uvJsonGetString(const UvJson *value)
{
    if (!value || value->type != UV_JSON_STRING)
        return NULL;
    return value->text;
}

const char *
uvJsonObjectGetString(const UvJson *obj, const char *key)
{
    return uvJsonGetString(uvJsonObjectGet(obj, key));
}

gboolean
uvJsonGetBool(const UvJson *value, gboolean *out)
{
    if (!value || value->type != UV_JSON_BOOL)
        return FALSE;
    *out = value->boolean;
    return TRUE;
}

gboolean
uvJsonGetInt64(const UvJson *value, gint64 *out)
{
    char *end = NULL;
    gint64 n;

    if (!value || value->type != UV_JSON_NUMBER)
        return FALSE;
    errno = 0;
    n = g_ascii_strtoll(value->text, &end, 10);
    if (errno != 0 || !end || *end != '\0')
        return FALSE;
    *out = n;
    return TRUE;
}

guint
uvJsonArrayLength(const UvJson *array)
{
    if (!array || array->type != UV_JSON_ARRAY)
        return 0;
    return array->values->len;
}

UvJson *
uvJsonArrayGet(const UvJson *array, guint i)
{
    if (i >= uvJsonArrayLength(array))
        return NULL;
    return array->values->pdata[i];
}

static void
uvJsonFormatString(GString *buf, const char *s)
{
    g_string_append_c(buf, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(buf, "\\\"");
            break;
        case '\\':
            g_string_append(buf, "\\\\");
            break;
        case '\n':
            g_string_append(buf, "\\n");
            break;
        case '\r':
            g_string_append(buf, "\\r");
            break;
        case '\t':
            g_string_append(buf, "\\t");
            break;
        default:
            if (*p < 0x20)
                g_string_append_printf(buf, "\\u%04x", *p);
            else
                g_string_append_c(buf, (char)*p);
        }
    }
    g_string_append_c(buf, '"');
}

static void
uvJsonFormatValue(GString *buf, const UvJson *v)
{
    switch (v->type) {
    case UV_JSON_NULL:
        g_string_append(buf, "null");
        break;
    case UV_JSON_BOOL:
        g_string_append(buf, v->boolean ? "true" : "false");
        break;
    case UV_JSON_NUMBER:
        g_string_append(buf, v->text);
        break;
    case UV_JSON_STRING:
        uvJsonFormatString(buf, v->text);
        break;
    case UV_JSON_ARRAY:
        g_string_append_c(buf, '[');
        for (guint i = 0; i < v->values->len; i++) {
            if (i)
                g_string_append_c(buf, ',');
            uvJsonFormatValue(buf, v->values->pdata[i]);
        }
        g_string_append_c(buf, ']');
        break;
    case UV_JSON_OBJECT:
        g_string_append_c(buf, '{');
        for (guint i = 0; i < v->values->len; i++) {
            if (i)
                g_string_append_c(buf, ',');
            uvJsonFormatString(buf, v->keys->pdata[i]);
            g_string_append_c(buf, ':');
            uvJsonFormatValue(buf, v->values->pdata[i]);
        }
        g_string_append_c(buf, '}');
        break;
    }
}

char *
uvJsonFormat(const UvJson *value)
{
    GString *buf = g_string_new(NULL);

    uvJsonFormatValue(buf, value);
    return g_string_free(buf, FALSE);
}

typedef struct {
    const char *start;
    const char *p;
    GError **error;
} UvJsonParser;

static UvJson *
uvJsonParseFail(UvJsonParser *ps, const char *what)
{
    g_set_error(ps->error, UV_ERROR, UV_ERROR_INTERNAL, _("Malformed JSON at offset %u: %s."),
                (guint)(ps->p - ps->start), what);
    return NULL;
}

static void
uvJsonSkipSpace(UvJsonParser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static int
uvJsonHex4(const char *p)
{
    int n = 0;

    for (int i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit(p[i]))
            return -1;
        n = n * 16 + g_ascii_xdigit_value(p[i]);
    }
    return n;
}

static char *
uvJsonParseStringText(UvJsonParser *ps)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    ps->p++; /* opening quote */
    while (*ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p;

        if (c == '\0') {
            uvJsonParseFail(ps, "unterminated string");
            return NULL;
        }
        if (c < 0x20) {
            uvJsonParseFail(ps, "control character in string");
            return NULL;
        }
        if (c != '\\') {
            g_string_append_c(buf, (char)c);
            ps->p++;
            continue;
        }
        ps->p++;
        switch (*ps->p) {
        case '"':
        case '\\':
        case '/':
            g_string_append_c(buf, *ps->p);
            break;
        case 'b':
            g_string_append_c(buf, '\b');
            break;
        case 'f':
            g_string_append_c(buf, '\f');
            break;
        case 'n':
            g_string_append_c(buf, '\n');
            break;
        case 'r':
            g_string_append_c(buf, '\r');
            break;
        case 't':
            g_string_append_c(buf, '\t');
            break;
        case 'u': {
            int cp = uvJsonHex4(ps->p + 1);

            if (cp < 0) {
                uvJsonParseFail(ps, "bad \\u escape");
                return NULL;
            }
            ps->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && ps->p[1] == '\\' && ps->p[2] == 'u') {
                int lo = uvJsonHex4(ps->p + 3);

                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    ps->p += 6;
                }
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                uvJsonParseFail(ps, "unsupported \\u escape");
                return NULL;
            }
            g_string_append_unichar(buf, (gunichar)cp);
            break;
        }
        default:
            uvJsonParseFail(ps, "bad escape");
            return NULL;
        }
        ps->p++;
    }
    ps->p++; /* closing quote */
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

static UvJson *uvJsonParseValue(UvJsonParser *ps, int depth);

static UvJson *
uvJsonParseContainer(UvJsonParser *ps, int depth, gboolean isObject)
{
    g_autoptr(UvJson) v = isObject ? uvJsonNewObject() : uvJsonNewArray();
    char close = isObject ? '}' : ']';

    ps->p++;
    uvJsonSkipSpace(ps);
    if (*ps->p == close) {
        ps->p++;
        return g_steal_pointer(&v);
    }
    for (;;) {
        g_autofree char *key = NULL;
        UvJson *item;

        uvJsonSkipSpace(ps);
        if (isObject) {
            if (*ps->p != '"')
                return uvJsonParseFail(ps, "expected a member name");
            if (!(key = uvJsonParseStringText(ps)))
                return NULL;
            uvJsonSkipSpace(ps);
            if (*ps->p != ':')
                return uvJsonParseFail(ps, "expected ':'");
            ps->p++;
        }
        if (!(item = uvJsonParseValue(ps, depth + 1)))
            return NULL;
        if (isObject)
            uvJsonObjectAppend(v, key, item);
        else
            uvJsonArrayAppend(v, item);
        uvJsonSkipSpace(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p == close) {
            ps->p++;
            return g_steal_pointer(&v);
        }
        return uvJsonParseFail(ps, "expected ',' or the end of the container");
    }
}

static UvJson *
uvJsonParseNumber(UvJsonParser *ps)
{
    const char *s = ps->p;
    UvJson *v;

    if (*ps->p == '-')
        ps->p++;
    if (!g_ascii_isdigit(*ps->p))
        return uvJsonParseFail(ps, "bad number");
    while (g_ascii_isdigit(*ps->p))
        ps->p++;
    if (*ps->p == '.') {
        ps->p++;
        if (!g_ascii_isdigit(*ps->p))
            return uvJsonParseFail(ps, "bad number");
        while (g_ascii_isdigit(*ps->p))
            ps->p++;
    }
    if (*ps->p == 'e' || *ps->p == 'E') {
        ps->p++;
        if (*ps->p == '+' || *ps->p == '-')
            ps->p++;
        if (!g_ascii_isdigit(*ps->p))
            return uvJsonParseFail(ps, "bad number");
        while (g_ascii_isdigit(*ps->p))
            ps->p++;
    }
    v = uvJsonNew(UV_JSON_NUMBER);
    v->text = g_strndup(s, ps->p - s);
    return v;
}

static UvJson *
uvJsonParseValue(UvJsonParser *ps, int depth)
{
    if (depth > UV_JSON_MAX_DEPTH)
        return uvJsonParseFail(ps, "nested too deeply");

    uvJsonSkipSpace(ps);
    switch (*ps->p) {
    case '{':
        return uvJsonParseContainer(ps, depth, TRUE);
    case '[':
        return uvJsonParseContainer(ps, depth, FALSE);
    case '"': {
        char *s = uvJsonParseStringText(ps);
        UvJson *v;

        if (!s)
            return NULL;
        v = uvJsonNew(UV_JSON_STRING);
        v->text = s;
        return v;
    }
    case 't':
        if (strncmp(ps->p, "true", 4) == 0) {
            ps->p += 4;
            return uvJsonNewBool(TRUE);
        }
        break;
    case 'f':
        if (strncmp(ps->p, "false", 5) == 0) {
            ps->p += 5;
            return uvJsonNewBool(FALSE);
        }
        break;
    case 'n':
        if (strncmp(ps->p, "null", 4) == 0) {
            ps->p += 4;
            return uvJsonNewNull();
        }
        break;
    default:
        if (*ps->p == '-' || g_ascii_isdigit(*ps->p))
            return uvJsonParseNumber(ps);
        break;
    }
    return uvJsonParseFail(ps, "unexpected character");
}

UvJson *
uvJsonParse(const char *text, GError **error)
{
    UvJsonParser ps = {text, text, error};
    g_autoptr(UvJson) v = uvJsonParseValue(&ps, 0);

    if (!v)
        return NULL;
    uvJsonSkipSpace(&ps);
    if (*ps.p != '\0')
        return uvJsonParseFail(&ps, "trailing characters");
    return g_steal_pointer(&v);
}
