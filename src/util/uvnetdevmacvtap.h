/*
 * uvnetdevmacvtap.h: pre-created macvtap devices through /dev/tapIFINDEX
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "uvnetdev.h"
#include "uvnetdevops.h"

/*
 * Open @params->queues fds on the macvtap described by @info (kind "macvtap",
 * looked up by the caller), through /dev/tapIFINDEX. Refused: a MAC that
 * differs from @params->guestMac, a node whose device number is not the one
 * sysfs gives for this macvtap (a node of another network namespace's
 * device), a node we may not open. Waits up to half a second for a node that
 * is not there yet. vnet_hdr / multi_queue are set per fd with TUNSETIFF only
 * when TUNGETIFF shows they differ; the device itself is never changed.
 * Writes @fds only on success.
 */
gboolean uvNetDevMacvtapOpen(const UvNetDevTapParams *params, const UvNetDevInfo *info, int *fds,
                             GPtrArray *warnings, GError **error);
