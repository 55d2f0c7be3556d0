/*
 * remote_protocol.h: the procedures of libvirt's remote program we speak
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Procedure numbers, the shared argument shapes and the wire form of a
 * domain and of an error, used by both uvirtd and the remote client driver.
 * Numbers and layouts are those of libvirt's remote_protocol.x.
 */
#pragma once

#include <glib.h>

#include "libuvirt.h"
#include "remote_xdr.h"

typedef enum {
    UV_REMOTE_PROC_CONNECT_OPEN = 1,
    UV_REMOTE_PROC_CONNECT_CLOSE = 2,
    UV_REMOTE_PROC_CONNECT_GET_TYPE = 3,
    UV_REMOTE_PROC_CONNECT_GET_VERSION = 4,
    UV_REMOTE_PROC_NODE_GET_INFO = 6,
    UV_REMOTE_PROC_CONNECT_GET_CAPABILITIES = 7,
    UV_REMOTE_PROC_DOMAIN_CREATE = 9,
    UV_REMOTE_PROC_DOMAIN_CREATE_XML = 10,
    UV_REMOTE_PROC_DOMAIN_DEFINE_XML = 11,
    UV_REMOTE_PROC_DOMAIN_DESTROY = 12,
    UV_REMOTE_PROC_DOMAIN_GET_XML_DESC = 14,
    UV_REMOTE_PROC_DOMAIN_GET_AUTOSTART = 15,
    UV_REMOTE_PROC_DOMAIN_GET_INFO = 16,
    UV_REMOTE_PROC_DOMAIN_GET_MAX_MEMORY = 17,
    UV_REMOTE_PROC_DOMAIN_GET_OS_TYPE = 19,
    UV_REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS = 21,
    UV_REMOTE_PROC_DOMAIN_LOOKUP_BY_ID = 22,
    UV_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME = 23,
    UV_REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID = 24,
    UV_REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS = 25,
    UV_REMOTE_PROC_DOMAIN_REBOOT = 27,
    UV_REMOTE_PROC_DOMAIN_RESUME = 28,
    UV_REMOTE_PROC_DOMAIN_SET_AUTOSTART = 29,
    UV_REMOTE_PROC_DOMAIN_SHUTDOWN = 33,
    UV_REMOTE_PROC_DOMAIN_SUSPEND = 34,
    UV_REMOTE_PROC_DOMAIN_UNDEFINE = 35,
    UV_REMOTE_PROC_CONNECT_LIST_DOMAINS = 37,
    UV_REMOTE_PROC_CONNECT_NUM_OF_DOMAINS = 51,
    UV_REMOTE_PROC_CONNECT_GET_HOSTNAME = 59,
    UV_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE = 60,
    UV_REMOTE_PROC_AUTH_LIST = 66,
    UV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER = 105,
    UV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER = 106,
    UV_REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE = 107,
    UV_REMOTE_PROC_CONNECT_GET_URI = 110,
    UV_REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL = 121,
    UV_REMOTE_PROC_NODE_GET_SECURITY_MODEL = 122,
    UV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY = 167,
    UV_REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY = 168,
    UV_REMOTE_PROC_CONNECT_DOMAIN_XML_TO_NATIVE = 136,
    UV_REMOTE_PROC_CONNECT_IS_SECURE = 149,
    UV_REMOTE_PROC_DOMAIN_IS_ACTIVE = 150,
    UV_REMOTE_PROC_DOMAIN_IS_PERSISTENT = 151,
    UV_REMOTE_PROC_CONNECT_GET_LIB_VERSION = 157,
    UV_REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE = 183,
    UV_REMOTE_PROC_DOMAIN_SNAPSHOT_NUM = 187,
    UV_REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS = 196,
    UV_REMOTE_PROC_DOMAIN_IS_UPDATED = 202,
    UV_REMOTE_PROC_DOMAIN_GET_STATE = 212,
    UV_REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS = 231,
    UV_REMOTE_PROC_DOMAIN_DESTROY_FLAGS = 234,
    UV_REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS = 258,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS = 273,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_STORAGE_POOLS = 281,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS = 283,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_INTERFACES = 284,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_NODE_DEVICES = 285,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_NWFILTERS = 286,
    UV_REMOTE_PROC_CONNECT_LIST_ALL_SECRETS = 287,
    UV_REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS = 350,
    UV_REMOTE_PROC_DOMAIN_GET_MESSAGES = 426,
} UvRemoteProcedure;

/*
 * Where uvirtd listens when no socket is named: /run/uvirt/uvirtd-sock for
 * the system daemon (@system), else uvirt/uvirtd-sock in the user's runtime
 * directory. A new string.
 */
char *uvRemoteDefaultSocket(gboolean system);

/* remote_auth_type */
#define UV_REMOTE_AUTH_NONE 0
/* virDrvFeature: the client asks before it starts pinging. */
#define UV_REMOTE_FEATURE_PROGRAM_KEEPALIVE 10

/* libvirt's virErrorNumber, virErrorDomain and virErrorLevel values we send. */
enum {
    UV_VIR_ERR_INTERNAL_ERROR = 1,
    UV_VIR_ERR_NO_SUPPORT = 3,
    UV_VIR_ERR_NO_CONNECT = 5,
    UV_VIR_ERR_INVALID_ARG = 8,
    UV_VIR_ERR_OPERATION_FAILED = 9,
    UV_VIR_ERR_XML_ERROR = 27,
    UV_VIR_ERR_DOM_EXIST = 28,
    UV_VIR_ERR_OPERATION_DENIED = 29,
    UV_VIR_ERR_SYSTEM_ERROR = 38,
    UV_VIR_ERR_RPC = 39,
    UV_VIR_ERR_NO_DOMAIN = 42,
    UV_VIR_ERR_OPERATION_INVALID = 55,
    UV_VIR_ERR_CONFIG_UNSUPPORTED = 67,
    UV_VIR_ERR_ARGUMENT_UNSUPPORTED = 74,
    UV_VIR_ERR_OPERATION_UNSUPPORTED = 84,
    UV_VIR_ERR_ACCESS_DENIED = 88,
};
enum {
    UV_VIR_FROM_NONE = 0,
    UV_VIR_FROM_RPC = 7,
    UV_VIR_FROM_QEMU = 10,
    UV_VIR_FROM_REMOTE = 13,
    UV_VIR_FROM_DOMAIN = 20,
};
#define UV_VIR_ERR_LEVEL_ERROR 2

/* remote_nonnull_domain: id is -1 for an inactive domain. */
typedef struct {
    char *name;
    guint8 uuid[UV_UUID_BUFLEN];
    gint32 id;
} UvRemoteDomain;

void uvRemoteDomainClear(UvRemoteDomain *dom);
void uvRemoteDomainEncode(GByteArray *buf, const char *name, const guint8 *uuid, int id);
gboolean uvRemoteDomainDecode(UvXdrReader *r, UvRemoteDomain *dom, GError **error);

/* The argument layouts the procedures we serve share. */
typedef enum {
    UV_REMOTE_ARGS_NONE,
    UV_REMOTE_ARGS_INT,              /* int */
    UV_REMOTE_ARGS_STRING,           /* string */
    UV_REMOTE_ARGS_STRING_FLAGS,     /* string; unsigned int flags */
    UV_REMOTE_ARGS_OPT_STRING_FLAGS, /* string *; unsigned int flags */
    UV_REMOTE_ARGS_STRING2_FLAGS,    /* string; string; unsigned int flags */
    UV_REMOTE_ARGS_UUID,             /* opaque uuid[16] */
    UV_REMOTE_ARGS_DOM,              /* domain */
    UV_REMOTE_ARGS_DOM_FLAGS,        /* domain; unsigned int flags */
    UV_REMOTE_ARGS_DOM_INT,          /* domain; int */
    UV_REMOTE_ARGS_INT_FLAGS,        /* int; unsigned int flags */
} UvRemoteArgsKind;

typedef struct {
    UvRemoteDomain dom;
    char *str;
    char *str2;
    gint32 i;
    guint32 flags;
    guint8 uuid[UV_UUID_BUFLEN];
} UvRemoteArgs;

void uvRemoteArgsClear(UvRemoteArgs *args);
/* Encode the fields of @args that @kind uses. */
void uvRemoteArgsEncode(GByteArray *buf, UvRemoteArgsKind kind, const UvRemoteArgs *args);
/* Decode a whole payload of layout @kind; trailing bytes are an error. */
gboolean uvRemoteArgsDecode(UvXdrReader *r, UvRemoteArgsKind kind, UvRemoteArgs *args,
                            GError **error);

/* remote_error, as far as clients use it. */
typedef struct {
    gint32 code;
    gint32 domain;
    char *message;
    gint32 level;
} UvRemoteError;

void uvRemoteErrorClear(UvRemoteError *err);
void uvRemoteErrorEncode(GByteArray *buf, gint32 code, gint32 domain, const char *message);
gboolean uvRemoteErrorDecode(UvXdrReader *r, UvRemoteError *err, GError **error);

/* libvirt's error number and domain for a GError from the uvirt API. */
void uvRemoteErrorFromGError(const GError *err, gint32 *code, gint32 *domain);
/* The UvErrorCode for a libvirt error number received from a server. */
UvErrorCode uvRemoteErrorToUv(gint32 code);
