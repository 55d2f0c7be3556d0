/*
 * uvnetdev.h: facts about a host network device, looked up by name in the
 * caller's network namespace
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "uvmacaddr.h"

/* The tun/tap details (rtnetlink IFLA_TUN_*, or sysfs tun_flags/owner/group). */
typedef struct {
    gboolean isTap;      /* IFF_TAP (layer 2) rather than IFF_TUN (layer 3) */
    gint64 owner;        /* uid allowed to attach, -1 when none */
    gint64 group;        /* gid allowed to attach, -1 when none */
    gboolean multiQueue; /* created with multi_queue */
    gboolean vnetHdr;    /* IFF_VNET_HDR currently set */
    gboolean persist;    /* survives its last fd */
    gboolean pi;         /* frames carry a packet information header (no IFF_NO_PI) */
    gint numQueues;      /* fds attached right now; -1 when unknown (see uvNetDevTunInUse) */
} UvNetDevTunInfo;

typedef struct {
    char *name;
    int ifindex;
    /* IFLA_INFO_KIND ("tun", "macvtap", "bridge", "veth" ...); NULL for a plain device */
    char *kind;
    UvMacAddr mac;
    gboolean hasMac;
    guint mtu;
    gboolean up;      /* IFF_UP */
    gboolean carrier; /* IFLA_CARRIER; for a tun device: some fd is attached */
    int masterIndex;  /* 0 when none */
    gboolean isTun;   /* kind "tun": @tun is valid */
    UvNetDevTunInfo tun;
    gboolean isMacvtap; /* kind "macvtap": @tapDev is valid */
    dev_t tapDev;       /* character device number of /dev/tapIFINDEX, from sysfs */
} UvNetDevInfo;

void uvNetDevInfoFree(UvNetDevInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvNetDevInfo, uvNetDevInfoFree)

/*
 * Whether @ifname can name a network device: 1..15 bytes, no '/', ':',
 * whitespace or control character, not "." or "..". No system call.
 */
gboolean uvNetDevNameIsValid(const char *ifname);

/* uvNetDevNameIsValid(), with UV_ERROR_INVALID_ARG saying what is wrong. */
gboolean uvNetDevValidateName(const char *ifname, GError **error);

/*
 * Look up @ifname. Returns 1 and a new UvNetDevInfo in *@infoOut (free with
 * uvNetDevInfoFree()), 0 when no such device exists in this network namespace
 * (*@infoOut untouched), -1 with @error set on failure.
 */
int uvNetDevGetInfo(const char *ifname, UvNetDevInfo **infoOut, GError **error);

/* The name of the device with index @ifindex, or NULL (caller frees). */
char *uvNetDevNameFromIndex(int ifindex);

/*
 * How many fds are attached to the tun device @info: the kernel reports a
 * count only for multi_queue devices; a single-queue one has carrier exactly
 * while its fd is attached. -1 when unknown.
 */
gint uvNetDevTunAttachedQueues(const UvNetDevInfo *info);

/*
 * The caller's effective uid and groups fit the tun device described by @tun:
 * its owner, if set, is our euid and its group, if set, is one of our groups
 * (a tun with neither is open to anyone who can open /dev/net/tun).
 */
gboolean uvNetDevTunOwnedByUs(const UvNetDevTunInfo *tun);

/* The most queues (fds) one interface may ask for (the kernel's limit for tun and macvtap). */
#ifndef UV_NETDEV_MAX_QUEUES
# define UV_NETDEV_MAX_QUEUES 256
#endif

/* A set of fds being gathered: declare UV_NETDEV_FDS_AUTO UvNetDevFds set = {0}; */
typedef struct {
    guint n;
    int fd[UV_NETDEV_MAX_QUEUES];
} UvNetDevFds;

/* Close every fd of @set and empty it. */
void uvNetDevFdsClear(UvNetDevFds *set);
#define UV_NETDEV_FDS_AUTO __attribute__((cleanup(uvNetDevFdsClear)))

/* Move the fds of @set into @out (room for set->n) and empty @set. */
void uvNetDevFdsSteal(UvNetDevFds *set, int *out);

/*
 * Describe a device kind (IFLA_INFO_KIND, NULL for none) for messages: "a
 * bridge", "one end of a veth pair", "a 'foo' device" ... Caller frees.
 */
char *uvNetDevKindDescribe(const char *kind);
