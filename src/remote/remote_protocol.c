/*
 * remote_protocol.c: the procedures of libvirt's remote program we speak
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "remote_protocol.h"

char *
uvRemoteDefaultSocket(gboolean system)
{
    if (system)
        return g_strdup("/run/uvirt/uvirtd-sock");
    return g_build_filename(g_get_user_runtime_dir(), "uvirt", "uvirtd-sock", NULL);
}

void
uvRemoteDomainClear(UvRemoteDomain *dom)
{
    g_clear_pointer(&dom->name, g_free);
}

void
uvRemoteDomainEncode(GByteArray *buf, const char *name, const guint8 *uuid, int id)
{
    uvXdrPutString(buf, name);
    uvXdrPutOpaqueFixed(buf, uuid, UV_UUID_BUFLEN);
    uvXdrPutI32(buf, id);
}

gboolean
uvRemoteDomainDecode(UvXdrReader *r, UvRemoteDomain *dom, GError **error)
{
    g_autofree char *name = NULL;

    if (!uvXdrGetString(r, UV_REMOTE_STRING_MAX, &name, error) ||
        !uvXdrGetOpaqueFixed(r, dom->uuid, UV_UUID_BUFLEN, error) ||
        !uvXdrGetI32(r, &dom->id, error))
        return FALSE;
    g_free(dom->name);
    dom->name = g_steal_pointer(&name);
    return TRUE;
}

void
uvRemoteArgsClear(UvRemoteArgs *args)
{
    uvRemoteDomainClear(&args->dom);
    g_clear_pointer(&args->str, g_free);
    g_clear_pointer(&args->str2, g_free);
}

void
uvRemoteArgsEncode(GByteArray *buf, UvRemoteArgsKind kind, const UvRemoteArgs *args)
{
    switch (kind) {
    case UV_REMOTE_ARGS_NONE:
        break;
    case UV_REMOTE_ARGS_INT:
        uvXdrPutI32(buf, args->i);
        break;
    case UV_REMOTE_ARGS_STRING:
        uvXdrPutString(buf, args->str);
        break;
    case UV_REMOTE_ARGS_STRING_FLAGS:
        uvXdrPutString(buf, args->str);
        uvXdrPutU32(buf, args->flags);
        break;
    case UV_REMOTE_ARGS_OPT_STRING_FLAGS:
        uvXdrPutOptString(buf, args->str);
        uvXdrPutU32(buf, args->flags);
        break;
    case UV_REMOTE_ARGS_STRING2_FLAGS:
        uvXdrPutString(buf, args->str);
        uvXdrPutString(buf, args->str2);
        uvXdrPutU32(buf, args->flags);
        break;
    case UV_REMOTE_ARGS_UUID:
        uvXdrPutOpaqueFixed(buf, args->uuid, UV_UUID_BUFLEN);
        break;
    case UV_REMOTE_ARGS_DOM:
        uvRemoteDomainEncode(buf, args->dom.name, args->dom.uuid, args->dom.id);
        break;
    case UV_REMOTE_ARGS_DOM_FLAGS:
        uvRemoteDomainEncode(buf, args->dom.name, args->dom.uuid, args->dom.id);
        uvXdrPutU32(buf, args->flags);
        break;
    case UV_REMOTE_ARGS_DOM_INT:
        uvRemoteDomainEncode(buf, args->dom.name, args->dom.uuid, args->dom.id);
        uvXdrPutI32(buf, args->i);
        break;
    case UV_REMOTE_ARGS_INT_FLAGS:
        uvXdrPutI32(buf, args->i);
        uvXdrPutU32(buf, args->flags);
        break;
    }
}

gboolean
uvRemoteArgsDecode(UvXdrReader *r, UvRemoteArgsKind kind, UvRemoteArgs *args, GError **error)
{
    gboolean ok = TRUE;

    switch (kind) {
    case UV_REMOTE_ARGS_NONE:
        break;
    case UV_REMOTE_ARGS_INT:
        ok = uvXdrGetI32(r, &args->i, error);
        break;
    case UV_REMOTE_ARGS_STRING:
        ok = uvXdrGetString(r, UV_REMOTE_STRING_MAX, &args->str, error);
        break;
    case UV_REMOTE_ARGS_STRING_FLAGS:
        ok = uvXdrGetString(r, UV_REMOTE_STRING_MAX, &args->str, error) &&
             uvXdrGetU32(r, &args->flags, error);
        break;
    case UV_REMOTE_ARGS_OPT_STRING_FLAGS:
        ok = uvXdrGetOptString(r, UV_REMOTE_STRING_MAX, &args->str, error) &&
             uvXdrGetU32(r, &args->flags, error);
        break;
    case UV_REMOTE_ARGS_STRING2_FLAGS:
        ok = uvXdrGetString(r, UV_REMOTE_STRING_MAX, &args->str, error) &&
             uvXdrGetString(r, UV_REMOTE_STRING_MAX, &args->str2, error) &&
             uvXdrGetU32(r, &args->flags, error);
        break;
    case UV_REMOTE_ARGS_UUID:
        ok = uvXdrGetOpaqueFixed(r, args->uuid, UV_UUID_BUFLEN, error);
        break;
    case UV_REMOTE_ARGS_DOM:
        ok = uvRemoteDomainDecode(r, &args->dom, error);
        break;
    case UV_REMOTE_ARGS_DOM_FLAGS:
        ok = uvRemoteDomainDecode(r, &args->dom, error) && uvXdrGetU32(r, &args->flags, error);
        break;
    case UV_REMOTE_ARGS_DOM_INT:
        ok = uvRemoteDomainDecode(r, &args->dom, error) && uvXdrGetI32(r, &args->i, error);
        break;
    case UV_REMOTE_ARGS_INT_FLAGS:
        ok = uvXdrGetI32(r, &args->i, error) && uvXdrGetU32(r, &args->flags, error);
        break;
    }
    return ok && uvXdrReaderFinish(r, error);
}

void
uvRemoteErrorClear(UvRemoteError *err)
{
    g_clear_pointer(&err->message, g_free);
}

void
uvRemoteErrorEncode(GByteArray *buf, gint32 code, gint32 domain, const char *message)
{
    uvXdrPutI32(buf, code);
    uvXdrPutI32(buf, domain);
    uvXdrPutOptString(buf, message);
    uvXdrPutI32(buf, UV_VIR_ERR_LEVEL_ERROR);
    uvXdrPutU32(buf, 0); /* dom */
    uvXdrPutU32(buf, 0); /* str1 */
    uvXdrPutU32(buf, 0); /* str2 */
    uvXdrPutU32(buf, 0); /* str3 */
    uvXdrPutI32(buf, 0); /* int1 */
    uvXdrPutI32(buf, 0); /* int2 */
    uvXdrPutU32(buf, 0); /* net */
}

/* remote_nonnull_network: {string name; opaque uuid[16]} */
static gboolean
uvRemoteSkipOptNetwork(UvXdrReader *r, GError **error)
{
    guint32 present;
    g_autofree char *name = NULL;
    guint8 uuid[UV_UUID_BUFLEN];

    if (!uvXdrGetU32(r, &present, error))
        return FALSE;
    if (!present)
        return TRUE;
    return uvXdrGetString(r, UV_REMOTE_STRING_MAX, &name, error) &&
           uvXdrGetOpaqueFixed(r, uuid, UV_UUID_BUFLEN, error);
}

gboolean
uvRemoteErrorDecode(UvXdrReader *r, UvRemoteError *err, GError **error)
{
    UvRemoteDomain dom = {0};
    g_autofree char *str1 = NULL;
    g_autofree char *str2 = NULL;
    g_autofree char *str3 = NULL;
    guint32 present;
    gint32 int1, int2;
    gboolean ok;

    if (!uvXdrGetI32(r, &err->code, error) || !uvXdrGetI32(r, &err->domain, error) ||
        !uvXdrGetOptString(r, UV_REMOTE_STRING_MAX, &err->message, error) ||
        !uvXdrGetI32(r, &err->level, error) || !uvXdrGetU32(r, &present, error))
        return FALSE;
    ok = (!present || uvRemoteDomainDecode(r, &dom, error)) &&
         uvXdrGetOptString(r, UV_REMOTE_STRING_MAX, &str1, error) &&
         uvXdrGetOptString(r, UV_REMOTE_STRING_MAX, &str2, error) &&
         uvXdrGetOptString(r, UV_REMOTE_STRING_MAX, &str3, error) && uvXdrGetI32(r, &int1, error) &&
         uvXdrGetI32(r, &int2, error) && uvRemoteSkipOptNetwork(r, error) &&
         uvXdrReaderFinish(r, error);
    uvRemoteDomainClear(&dom);
    return ok;
}

void
uvRemoteErrorFromGError(const GError *err, gint32 *code, gint32 *domain)
{
    *domain = UV_VIR_FROM_QEMU;
    *code = UV_VIR_ERR_INTERNAL_ERROR;
    if (!err || err->domain != UV_ERROR)
        return;

    switch ((UvErrorCode)err->code) {
    case UV_ERROR_INTERNAL:
        *code = UV_VIR_ERR_INTERNAL_ERROR;
        break;
    case UV_ERROR_SYSTEM:
        *code = UV_VIR_ERR_SYSTEM_ERROR;
        break;
    case UV_ERROR_XML:
        *code = UV_VIR_ERR_XML_ERROR;
        *domain = UV_VIR_FROM_DOMAIN;
        break;
    case UV_ERROR_CONFIG_UNSUPPORTED:
        *code = UV_VIR_ERR_CONFIG_UNSUPPORTED;
        break;
    case UV_ERROR_INVALID_ARG:
        *code = UV_VIR_ERR_INVALID_ARG;
        break;
    case UV_ERROR_NO_DOMAIN:
        *code = UV_VIR_ERR_NO_DOMAIN;
        break;
    case UV_ERROR_OPERATION_INVALID:
        *code = UV_VIR_ERR_OPERATION_INVALID;
        break;
    case UV_ERROR_OPERATION_FAILED:
        *code = UV_VIR_ERR_OPERATION_FAILED;
        break;
    case UV_ERROR_NO_SUPPORT:
        *code = UV_VIR_ERR_NO_SUPPORT;
        break;
    case UV_ERROR_DEVICE:
        *code = UV_VIR_ERR_OPERATION_FAILED;
        break;
    case UV_ERROR_PERMISSION:
        *code = UV_VIR_ERR_OPERATION_DENIED;
        break;
    case UV_ERROR_NO_CONNECT:
        *code = UV_VIR_ERR_NO_CONNECT;
        *domain = UV_VIR_FROM_REMOTE;
        break;
    case UV_ERROR_RPC:
        *code = UV_VIR_ERR_RPC;
        *domain = UV_VIR_FROM_RPC;
        break;
    case UV_ERROR_DOMAIN_EXISTS:
        *code = UV_VIR_ERR_DOM_EXIST;
        break;
    }
}

UvErrorCode
uvRemoteErrorToUv(gint32 code)
{
    switch (code) {
    case UV_VIR_ERR_SYSTEM_ERROR:
        return UV_ERROR_SYSTEM;
    case UV_VIR_ERR_XML_ERROR:
        return UV_ERROR_XML;
    case UV_VIR_ERR_CONFIG_UNSUPPORTED:
        return UV_ERROR_CONFIG_UNSUPPORTED;
    case UV_VIR_ERR_INVALID_ARG:
        return UV_ERROR_INVALID_ARG;
    case UV_VIR_ERR_NO_DOMAIN:
        return UV_ERROR_NO_DOMAIN;
    case UV_VIR_ERR_OPERATION_INVALID:
        return UV_ERROR_OPERATION_INVALID;
    case UV_VIR_ERR_OPERATION_FAILED:
        return UV_ERROR_OPERATION_FAILED;
    case UV_VIR_ERR_NO_SUPPORT:
    case UV_VIR_ERR_ARGUMENT_UNSUPPORTED:
    case UV_VIR_ERR_OPERATION_UNSUPPORTED:
        return UV_ERROR_NO_SUPPORT;
    case UV_VIR_ERR_OPERATION_DENIED:
    case UV_VIR_ERR_ACCESS_DENIED:
        return UV_ERROR_PERMISSION;
    case UV_VIR_ERR_NO_CONNECT:
        return UV_ERROR_NO_CONNECT;
    case UV_VIR_ERR_RPC:
        return UV_ERROR_RPC;
    case UV_VIR_ERR_DOM_EXIST:
        return UV_ERROR_DOMAIN_EXISTS;
    default:
        return UV_ERROR_INTERNAL;
    }
}
