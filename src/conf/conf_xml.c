/*
 * conf_xml.c: helpers shared by the domain XML parsers and formatters
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/conf_xml.h"
#include "conf/domain_common.h"

#include <string.h>

static const char *
nodeName(xmlNodePtr node)
{
    return (const char *)node->name;
}

/* "prefix:name" for a node in a prefixed namespace, else "name" (new string) */
static char *
qualifiedName(xmlNodePtr node)
{
    if (node->ns && node->ns->prefix)
        return g_strdup_printf("%s:%s", (const char *)node->ns->prefix, nodeName(node));
    return g_strdup(nodeName(node));
}

char *
uvXMLNodePath(xmlNodePtr node)
{
    g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
    GString *path = g_string_new(NULL);

    for (xmlNodePtr cur = node; cur && cur->type == XML_ELEMENT_NODE; cur = cur->parent) {
        g_autofree char *qname = qualifiedName(cur);
        guint index = 0;
        guint count = 0;

        if (cur->parent && cur->parent->type == XML_ELEMENT_NODE) {
            for (xmlNodePtr sib = cur->parent->children; sib; sib = sib->next) {
                if (sib->type != XML_ELEMENT_NODE || !xmlStrEqual(sib->name, cur->name))
                    continue;
                count++;
                if (sib == cur)
                    index = count;
            }
        }
        if (count > 1)
            g_ptr_array_add(parts, g_strdup_printf("%s[%u]", qname, index));
        else
            g_ptr_array_add(parts, g_steal_pointer(&qname));
    }
    for (guint i = parts->len; i > 0; i--)
        g_string_append_printf(path, "/%s", (const char *)parts->pdata[i - 1]);
    return g_string_free(path, FALSE);
}

static char *
attrPath(xmlNodePtr node, const char *name)
{
    g_autofree char *path = uvXMLNodePath(node);
    return g_strdup_printf("%s/@%s", path, name);
}

static gboolean
nameInList(const char *const *list, const char *name, gboolean *repeatable)
{
    if (!list)
        return FALSE;
    for (guint i = 0; list[i]; i++) {
        const char *entry = list[i];
        gboolean star = entry[0] == '*';

        if (strcmp(star ? entry + 1 : entry, name) == 0) {
            if (repeatable)
                *repeatable = star;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
isBlank(const xmlChar *text)
{
    for (const xmlChar *p = text; p && *p; p++) {
        if (!g_ascii_isspace(*p))
            return FALSE;
    }
    return TRUE;
}

gboolean
uvXMLCheckNode(xmlNodePtr node, const char *const *attrs, const char *const *children,
               gboolean allowText, GError **error)
{
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
        if (attr->ns || !nameInList(attrs, (const char *)attr->name, NULL)) {
            g_autofree char *full =
                attr->ns && attr->ns->prefix
                    ? g_strdup_printf("%s:%s", attr->ns->prefix, (const char *)attr->name)
                    : g_strdup((const char *)attr->name);
            g_autofree char *path = attrPath(node, full);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Unknown attribute '%s' of element '%s' at '%s': uvirt does not "
                          "support it; remove it or fix its spelling."),
                        full, nodeName(node), path);
            return FALSE;
        }
    }

    for (xmlNodePtr child = node->children; child; child = child->next) {
        gboolean repeatable = FALSE;

        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            if (!allowText && !isBlank(child->content)) {
                g_autofree char *path = uvXMLNodePath(node);
                g_autofree char *text = g_strstrip(g_strdup((const char *)child->content));

                g_set_error(error, UV_ERROR, UV_ERROR_XML,
                            _("Unexpected text '%s' in element '%s' at '%s'; remove it."), text,
                            nodeName(node), path);
                return FALSE;
            }
            continue;
        }
        if (child->type != XML_ELEMENT_NODE)
            continue;

        if (child->ns || !nameInList(children, nodeName(child), &repeatable)) {
            g_autofree char *path = uvXMLNodePath(child);
            g_autofree char *full = qualifiedName(child);

            g_set_error(error, UV_ERROR, UV_ERROR_XML,
                        _("Unknown element '%s' at '%s': uvirt does not support it; remove it "
                          "or fix its spelling."),
                        full, path);
            return FALSE;
        }
        if (!repeatable) {
            for (xmlNodePtr prev = node->children; prev != child; prev = prev->next) {
                if (prev->type == XML_ELEMENT_NODE && xmlStrEqual(prev->name, child->name)) {
                    g_autofree char *path = uvXMLNodePath(node);

                    g_set_error(error, UV_ERROR, UV_ERROR_XML,
                                _("Element '%s' appears more than once in '%s'; keep only one."),
                                nodeName(child), path);
                    return FALSE;
                }
            }
        }
    }
    return TRUE;
}

char *
uvXMLGetAttr(xmlNodePtr node, const char *name)
{
    xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);
    char *ret;

    if (!value)
        return NULL;
    ret = g_strdup((const char *)value);
    xmlFree(value);
    return ret;
}

char *
uvXMLGetText(xmlNodePtr node)
{
    xmlChar *value = xmlNodeGetContent(node);
    char *ret = g_strdup(value ? (const char *)value : "");

    xmlFree(value);
    return ret;
}

xmlNodePtr
uvXMLGetChild(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && !child->ns &&
            xmlStrEqual(child->name, (const xmlChar *)name))
            return child;
    }
    return NULL;
}

void
uvXMLErrorMissingAttr(xmlNodePtr node, const char *name, GError **error)
{
    g_autofree char *path = uvXMLNodePath(node);

    g_set_error(error, UV_ERROR, UV_ERROR_XML,
                _("Element '%s' at '%s' lacks the required attribute '%s'; add it."),
                nodeName(node), path, name);
}

void
uvXMLErrorMissingChild(xmlNodePtr node, const char *name, GError **error)
{
    g_autofree char *path = uvXMLNodePath(node);

    g_set_error(error, UV_ERROR, UV_ERROR_XML,
                _("Element '%s' at '%s' lacks the required child element '%s'; add it."),
                nodeName(node), path, name);
}

char *
uvXMLAttrPath(xmlNodePtr node, const char *name)
{
    return attrPath(node, name);
}

void
uvXMLErrorBadAttrList(xmlNodePtr node, const char *name, const char *value, const char *list,
                      GError **error)
{
    g_autofree char *path = attrPath(node, name);

    g_set_error(error, UV_ERROR, UV_ERROR_XML,
                _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use one of %s."),
                value, name, nodeName(node), path, list);
}

char *
uvXMLEnumList(UvEnumToStringFunc toString, int first)
{
    GString *list = g_string_new(NULL);
    const char *str;

    for (int i = first; (str = toString(i)); i++)
        g_string_append_printf(list, "%s'%s'", list->len ? ", " : "", str);
    return g_string_free(list, FALSE);
}

static gboolean
enumLookup(UvEnumToStringFunc toString, UvEnumFromStringFunc fromString, int first, const char *str,
           int *value)
{
    int v = fromString(str);

    if (v < first)
        return FALSE;
    (void)toString;
    *value = v;
    return TRUE;
}

gboolean
uvXMLParseEnumAttr(xmlNodePtr node, const char *name, UvEnumToStringFunc toString,
                   UvEnumFromStringFunc fromString, int first, gboolean required, int *value,
                   GError **error)
{
    g_autofree char *str = uvXMLGetAttr(node, name);

    if (!str) {
        if (required) {
            uvXMLErrorMissingAttr(node, name, error);
            return FALSE;
        }
        return TRUE;
    }
    if (!enumLookup(toString, fromString, first, str, value)) {
        g_autofree char *list = uvXMLEnumList(toString, first);

        uvXMLErrorBadAttrList(node, name, str, list, error);
        return FALSE;
    }
    return TRUE;
}

gboolean
uvXMLParseEnumText(xmlNodePtr node, UvEnumToStringFunc toString, UvEnumFromStringFunc fromString,
                   int first, int *value, GError **error)
{
    g_autofree char *raw = uvXMLGetText(node);
    char *str = g_strstrip(raw);

    if (!enumLookup(toString, fromString, first, str, value)) {
        g_autofree char *list = uvXMLEnumList(toString, first);
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid value '%s' in element '%s' at '%s'; use one of %s."), str,
                    nodeName(node), path, list);
        return FALSE;
    }
    return TRUE;
}

gboolean
uvXMLStrToU64(const char *str, gboolean allowHex, guint64 *value)
{
    guint base = 10;
    const char *digits = str;
    guint64 result = 0;

    if (!str)
        return FALSE;
    if (allowHex && str[0] == '0' && (str[1] == 'x' || str[1] == 'X')) {
        base = 16;
        digits = str + 2;
    }
    if (!*digits)
        return FALSE;
    for (const char *p = digits; *p; p++) {
        int d = base == 16 ? g_ascii_xdigit_value(*p) : g_ascii_digit_value(*p);

        if (d < 0)
            return FALSE;
        if (result > (G_MAXUINT64 - (guint64)d) / base)
            return FALSE;
        result = result * base + (guint64)d;
    }
    *value = result;
    return TRUE;
}

gboolean
uvXMLParseUIntAttr(xmlNodePtr node, const char *name, guint64 min, guint64 max, gboolean allowHex,
                   gboolean required, guint64 *value, gboolean *present, GError **error)
{
    g_autofree char *str = uvXMLGetAttr(node, name);
    guint64 v;

    if (present)
        *present = FALSE;
    if (!str) {
        if (required) {
            uvXMLErrorMissingAttr(node, name, error);
            return FALSE;
        }
        return TRUE;
    }
    if (!uvXMLStrToU64(str, allowHex, &v) || v < min || v > max) {
        g_autofree char *path = attrPath(node, name);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid value '%s' for attribute '%s' of element '%s' at '%s'; use an "
                      "integer from %llu to %llu."),
                    str, name, nodeName(node), path, (unsigned long long)min,
                    (unsigned long long)max);
        return FALSE;
    }
    *value = v;
    if (present)
        *present = TRUE;
    return TRUE;
}

gboolean
uvXMLParseUIntText(xmlNodePtr node, guint64 min, guint64 max, guint64 *value, GError **error)
{
    g_autofree char *raw = uvXMLGetText(node);
    char *str = g_strstrip(raw);
    guint64 v;

    if (!uvXMLStrToU64(str, FALSE, &v) || v < min || v > max) {
        g_autofree char *path = uvXMLNodePath(node);

        g_set_error(error, UV_ERROR, UV_ERROR_XML,
                    _("Invalid value '%s' in element '%s' at '%s'; use an integer from "
                      "%llu to %llu."),
                    str, nodeName(node), path, (unsigned long long)min, (unsigned long long)max);
        return FALSE;
    }
    *value = v;
    return TRUE;
}

gboolean
uvXMLParseTristateBool(xmlNodePtr node, const char *name, int *value, GError **error)
{
    return uvXMLParseEnumAttr(node, name, uvTristateBoolTypeToString, uvTristateBoolTypeFromString,
                              1, FALSE, value, error);
}

gboolean
uvXMLParseTristateSwitch(xmlNodePtr node, const char *name, int *value, GError **error)
{
    return uvXMLParseEnumAttr(node, name, uvTristateSwitchTypeToString,
                              uvTristateSwitchTypeFromString, 1, FALSE, value, error);
}

/* ---- formatting ---- */

void
uvXMLBufInit(UvXMLBuf *buf, guint indent)
{
    buf->str = g_string_new(NULL);
    buf->indent = indent;
}

void
uvXMLBufClear(UvXMLBuf *buf)
{
    if (buf->str)
        g_string_free(buf->str, TRUE);
    buf->str = NULL;
}

static void
escapeInto(GString *out, const char *text, gboolean attr)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&':
            g_string_append(out, "&amp;");
            break;
        case '<':
            g_string_append(out, "&lt;");
            break;
        case '>':
            g_string_append(out, "&gt;");
            break;
        case '\'':
            g_string_append(out, attr ? "&apos;" : "'");
            break;
        case '"':
            g_string_append(out, attr ? "&quot;" : "\"");
            break;
        case '\n':
            g_string_append(out, attr ? "&#10;" : "\n");
            break;
        case '\t':
            g_string_append(out, attr ? "&#9;" : "\t");
            break;
        case '\r':
            g_string_append(out, "&#13;");
            break;
        default:
            g_string_append_c(out, *p);
        }
    }
}

void
uvXMLAttr(GString *attrs, const char *name, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(attrs, " %s='", name);
    escapeInto(attrs, value, TRUE);
    g_string_append_c(attrs, '\'');
}

void
uvXMLAttrPrintf(GString *attrs, const char *name, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *value = NULL;

    va_start(ap, fmt);
    value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    uvXMLAttr(attrs, name, value);
}

void
uvXMLEscapeText(GString *out, const char *text)
{
    escapeInto(out, text, FALSE);
}

static void
indent(GString *out, guint level)
{
    for (guint i = 0; i < level; i++)
        g_string_append(out, "  ");
}

void
uvXMLElement(UvXMLBuf *buf, const char *name, GString *attrs, UvXMLBuf *children, const char *text)
{
    indent(buf->str, buf->indent);
    g_string_append_printf(buf->str, "<%s%s", name, attrs ? attrs->str : "");
    if (children && children->str && children->str->len) {
        g_string_append(buf->str, ">\n");
        g_string_append_len(buf->str, children->str->str, children->str->len);
        indent(buf->str, buf->indent);
        g_string_append_printf(buf->str, "</%s>\n", name);
    } else if (text) {
        g_string_append_c(buf->str, '>');
        uvXMLEscapeText(buf->str, text);
        g_string_append_printf(buf->str, "</%s>\n", name);
    } else {
        g_string_append(buf->str, "/>\n");
    }
}

void
uvXMLRaw(UvXMLBuf *buf, const char *raw)
{
    indent(buf->str, buf->indent);
    g_string_append(buf->str, raw);
    if (!g_str_has_suffix(raw, "\n"))
        g_string_append_c(buf->str, '\n');
}
