/*
 * uvjson.h: a small JSON value type, builder, formatter and parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Enough JSON for QEMU: building the objects given to -netdev / -device /
 * -blockdev (members keep their insertion order, so the output is stable) and
 * reading QMP replies. Numbers are kept as their text; strings are UTF-8.
 */
#pragma once

#include <glib.h>

typedef enum {
    UV_JSON_NULL,
    UV_JSON_BOOL,
    UV_JSON_NUMBER,
    UV_JSON_STRING,
    UV_JSON_ARRAY,
    UV_JSON_OBJECT,
} UvJsonType;

typedef struct _UvJson UvJson;

UvJson *uvJsonNewNull(void);
UvJson *uvJsonNewBool(gboolean value);
UvJson *uvJsonNewInt(gint64 value);
UvJson *uvJsonNewUInt(guint64 value);
UvJson *uvJsonNewString(const char *value);
UvJson *uvJsonNewArray(void);
UvJson *uvJsonNewObject(void);
void uvJsonFree(UvJson *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvJson, uvJsonFree)

/* Append @value (ownership passes to @obj); a key already present is replaced in place. */
void uvJsonObjectAppend(UvJson *obj, const char *key, UvJson *value);
void uvJsonObjectAppendString(UvJson *obj, const char *key, const char *value);
void uvJsonObjectAppendInt(UvJson *obj, const char *key, gint64 value);
void uvJsonObjectAppendUInt(UvJson *obj, const char *key, guint64 value);
void uvJsonObjectAppendBool(UvJson *obj, const char *key, gboolean value);
/* Append @value (ownership passes to @array). */
void uvJsonArrayAppend(UvJson *array, UvJson *value);

UvJsonType uvJsonGetType(const UvJson *value);
/* The member @key of an object, or NULL (also when @obj is NULL or no object). */
UvJson *uvJsonObjectGet(const UvJson *obj, const char *key);
/* Remove the member @key from @obj and return it (caller frees), or NULL. */
UvJson *uvJsonObjectSteal(UvJson *obj, const char *key);
/* The string of a string value, or NULL. */
const char *uvJsonGetString(const UvJson *value);
/* A string member of @obj, or NULL. */
const char *uvJsonObjectGetString(const UvJson *obj, const char *key);
/* TRUE and *@out when @value is a boolean. */
gboolean uvJsonGetBool(const UvJson *value, gboolean *out);
/* TRUE and *@out when @value is an integer number that fits. */
gboolean uvJsonGetInt64(const UvJson *value, gint64 *out);
guint uvJsonArrayLength(const UvJson *array);
UvJson *uvJsonArrayGet(const UvJson *array, guint i);

/* Compact text (no spaces), e.g. {"type":"tap","fd":"3"}. */
char *uvJsonFormat(const UvJson *value);

/*
 * Parse one JSON value from @text (surrounding white space allowed, nothing
 * else). Errors are UV_ERROR_INTERNAL with the byte offset.
 */
UvJson *uvJsonParse(const char *text, GError **error);
