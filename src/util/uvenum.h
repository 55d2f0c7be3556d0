/*
 * uvenum.h: enum <-> string tables that cannot drift from their enum
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage, in a header:
 *     typedef enum { UV_FOO_A, UV_FOO_B, UV_FOO_LAST } UvFoo;
 *     UV_ENUM_DECL(uvFoo);
 * and in one source file:
 *     UV_ENUM_IMPL(uvFoo, UV_FOO_LAST, "a", "b");
 * which defines uvFooTypeToString() (NULL for an out-of-range value) and
 * uvFooTypeFromString() (-1 for an unknown or NULL string). The build fails
 * when the table and the enum have a different number of entries.
 */
#pragma once

#include <glib.h>

const char *uvEnumToString(const char *const *table, guint n, int value);
int uvEnumFromString(const char *const *table, guint n, const char *str);

#define UV_ENUM_DECL(name)                                                                         \
 const char *name##TypeToString(int value);                                                        \
 int name##TypeFromString(const char *str)

#define UV_ENUM_IMPL(name, last, ...)                                                              \
 static const char *const name##TypeTable[] = {__VA_ARGS__};                                       \
 G_STATIC_ASSERT(G_N_ELEMENTS(name##TypeTable) == (last));                                         \
 const char *name##TypeToString(int value)                                                         \
 {                                                                                                 \
  return uvEnumToString(name##TypeTable, G_N_ELEMENTS(name##TypeTable), value);                    \
 }                                                                                                 \
 int name##TypeFromString(const char *str)                                                         \
 {                                                                                                 \
  return uvEnumFromString(name##TypeTable, G_N_ELEMENTS(name##TypeTable), str);                    \
 }
