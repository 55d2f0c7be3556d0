/*
 * uvnetdevpriv.h: test hooks of the netdev code; only tests include this
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* When TRUE, tun details come from sysfs even where rtnetlink has them. */
extern gboolean uvNetDevTestForceSysfs;

/*
 * Called with the device name right before the first TUNSETIFF, after an
 * unmanaged tap passed its checks or a managed name was found free, so a test
 * can delete, replace or create the device in the window a real race would
 * use.
 */
extern void (*uvNetDevTapTestBeforeAttach)(const char *ifname);
