/*
 * conf_xml.h: helpers shared by the domain XML parsers and formatters
 * (private to src/conf)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* XPath-like location of @node, e.g. "/domain/devices/interface[2]/target". */
char *uvXMLNodePath(xmlNodePtr node);

/*
 * Check that @node carries only the attributes in @attrs and only the child
 * elements in @children (both NULL-terminated; NULL allows none). A child
 * name starting with '*' may repeat, the others may appear once. Text other
 * than whitespace is refused unless @allowText. The error names the first
 * offender and its place.
 */
gboolean uvXMLCheckNode(xmlNodePtr node, const char *const *attrs, const char *const *children,
                        gboolean allowText, GError **error);

/* The value of attribute @name of @node (new string) or NULL when absent. */
char *uvXMLGetAttr(xmlNodePtr node, const char *name);

/* The text content of @node (new string, never NULL). */
char *uvXMLGetText(xmlNodePtr node);

/* The first child element of @node called @name, or NULL. */
xmlNodePtr uvXMLGetChild(xmlNodePtr node, const char *name);

/* Error: required attribute @name of @node is absent. */
void uvXMLErrorMissingAttr(xmlNodePtr node, const char *name, GError **error);

/* Error: required child element @name of @node is absent. */
void uvXMLErrorMissingChild(xmlNodePtr node, const char *name, GError **error);

/* "/domain/.../element/@name": the location of attribute @name of @node (new string). */
char *uvXMLAttrPath(xmlNodePtr node, const char *name);

/*
 * Error: attribute @attr of @node has the unacceptable @value. @fmt is one
 * whole translated sentence taking, in this order, the value, the attribute,
 * the element and the attribute's location, e.g.
 *   _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use an absolute path.")
 */
#define UV_XML_ERROR_BAD_ATTR(error, node, attr, value, fmt)                                       \
 do {                                                                                              \
  g_autofree char *uvAttrPath_ = uvXMLAttrPath((node), (attr));                                    \
  g_set_error((error), UV_ERROR, UV_ERROR_XML, (fmt), (value), (attr), (const char *)(node)->name, \
              uvAttrPath_);                                                                        \
 } while (0)

/* Error: @value of attribute @name of @node is not one of @list ("'a', 'b'"). */
void uvXMLErrorBadAttrList(xmlNodePtr node, const char *name, const char *value, const char *list,
                           GError **error);

typedef const char *(*UvEnumToStringFunc)(int value);
typedef int (*UvEnumFromStringFunc)(const char *str);

/* "'a', 'b', 'c'": the values of an enum table from @first on (new string). */
char *uvXMLEnumList(UvEnumToStringFunc toString, int first);

/*
 * Parse attribute @name of @node with an enum table whose accepted values
 * start at @first (1 when entry 0 is a "default" placeholder). Absent: leaves
 * *@value alone, or fails when @required. Returns FALSE with @error set.
 */
gboolean uvXMLParseEnumAttr(xmlNodePtr node, const char *name, UvEnumToStringFunc toString,
                            UvEnumFromStringFunc fromString, int first, gboolean required,
                            int *value, GError **error);

/* Same for the text content of @node. */
gboolean uvXMLParseEnumText(xmlNodePtr node, UvEnumToStringFunc toString,
                            UvEnumFromStringFunc fromString, int first, int *value, GError **error);

/* Parse a decimal or 0x-prefixed hex number; FALSE on anything else. */
gboolean uvXMLStrToU64(const char *str, gboolean allowHex, guint64 *value);

/*
 * Parse attribute @name of @node as an integer in [@min, @max] into *@value
 * (absent: left alone, *@present FALSE, fails when @required). @present may
 * be NULL.
 */
gboolean uvXMLParseUIntAttr(xmlNodePtr node, const char *name, guint64 min, guint64 max,
                            gboolean allowHex, gboolean required, guint64 *value, gboolean *present,
                            GError **error);

/* Parse the text of @node as an integer in [@min, @max]. */
gboolean uvXMLParseUIntText(xmlNodePtr node, guint64 min, guint64 max, guint64 *value,
                            GError **error);

/* Parse a yes/no or on/off attribute into a UvTristateBool / UvTristateSwitch. */
gboolean uvXMLParseTristateBool(xmlNodePtr node, const char *name, int *value, GError **error);
gboolean uvXMLParseTristateSwitch(xmlNodePtr node, const char *name, int *value, GError **error);

/* ---- formatting ---- */

typedef struct {
    GString *str;
    guint indent; /* nesting level; two spaces each */
} UvXMLBuf;

void uvXMLBufInit(UvXMLBuf *buf, guint indent);
void uvXMLBufClear(UvXMLBuf *buf);

/* Append " name='value'" (escaped) to @attrs; nothing when @value is NULL. */
void uvXMLAttr(GString *attrs, const char *name, const char *value);
void uvXMLAttrPrintf(GString *attrs, const char *name, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Append @text escaped for element content. */
void uvXMLEscapeText(GString *out, const char *text);

/*
 * Append element @name with @attrs (may be NULL) at @buf's level: with the
 * content of @children (built at level + 1) when it is non-empty, else with
 * @text (escaped) when non-NULL, else self-closing.
 */
void uvXMLElement(UvXMLBuf *buf, const char *name, GString *attrs, UvXMLBuf *children,
                  const char *text);

/* Append already formatted, multi-line @raw at @buf's level (first line indented). */
void uvXMLRaw(UvXMLBuf *buf, const char *raw);
