/*
 * uvirtd-host.h: what uvirtd tells libvirt clients about the host
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh nodeinfo and capabilities, and the tools built on them (virt-install,
 * virt-manager), ask about the host before they touch a guest.
 */
#pragma once

#include <glib.h>

typedef struct {
    char model[32]; /* the CPU architecture, as libvirt reports it */
    guint64 memory; /* KiB */
    int cpus;
    int mhz;
    int nodes;
    int sockets;
    int cores;
    int threads;
} UvHostInfo;

/* Fill @info from uname and /proc; fields that cannot be read stay plausible. */
void uvHostInfoGet(UvHostInfo *info);

/* libvirt's capabilities XML for the QEMU guests uvirt runs (new string). */
char *uvHostCapabilities(void);
