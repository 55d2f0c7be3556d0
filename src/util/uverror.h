/*
 * uverror.h: the error domain shared by every layer of uvirt
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#define UV_ERROR (uvErrorQuark())

/*
 * The kinds of failure uvirt reports. A GError in the UV_ERROR domain carries
 * one of these as its code; the remote protocol maps them onto libvirt's error
 * numbers, so keep the list meaningful to a libvirt user.
 */
typedef enum {
    UV_ERROR_INTERNAL = 1,       /* a bug or an impossible state */
    UV_ERROR_SYSTEM,             /* a system call failed; the message has strerror */
    UV_ERROR_XML,                /* malformed XML or a value XML cannot carry */
    UV_ERROR_CONFIG_UNSUPPORTED, /* well-formed, but a combination we refuse */
    UV_ERROR_INVALID_ARG,        /* a bad argument to an API call */
    UV_ERROR_NO_DOMAIN,          /* no domain with that name or UUID */
    UV_ERROR_OPERATION_INVALID,  /* not valid in the domain's current state */
    UV_ERROR_OPERATION_FAILED,   /* a valid operation that did not succeed */
    UV_ERROR_NO_SUPPORT,         /* not implemented by uvirt */
    UV_ERROR_DEVICE,             /* a host device is missing or unsuitable */
    UV_ERROR_PERMISSION,         /* access denied to a host resource */
    UV_ERROR_NO_CONNECT,         /* cannot connect to a hypervisor or daemon */
    UV_ERROR_RPC,                /* a remote-protocol failure */
    UV_ERROR_DOMAIN_EXISTS,      /* a domain with that name or UUID exists */
} UvErrorCode;

GQuark uvErrorQuark(void);
