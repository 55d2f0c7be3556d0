/*
 * uvirtd-host.c: what uvirtd tells libvirt clients about the host
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "uvirtd-host.h"

#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* The value of "KEY<spaces>: VALUE" in a /proc file, or NULL. */
static char *
uvHostProcField(const char *path, const char *key)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    gsize keylen = strlen(key);

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        const char *colon;

        if (strncmp(*l, key, keylen) != 0 || !(colon = strchr(*l, ':')))
            continue;
        if (strspn(*l + keylen, " \t") != (gsize)(colon - (*l + keylen)))
            continue;
        return g_strstrip(g_strdup(colon + 1));
    }
    return NULL;
}

void
uvHostInfoGet(UvHostInfo *info)
{
    struct utsname u;
    g_autofree char *mem = uvHostProcField("/proc/meminfo", "MemTotal");
    g_autofree char *mhz = uvHostProcField("/proc/cpuinfo", "cpu MHz");

    memset(info, 0, sizeof(*info));
    if (uname(&u) == 0)
        g_strlcpy(info->model, u.machine, sizeof(info->model));
    else
        g_strlcpy(info->model, "x86_64", sizeof(info->model));
    info->memory = mem ? g_ascii_strtoull(mem, NULL, 10) : 0;
    info->cpus = (int)g_get_num_processors();
    info->mhz = mhz ? (int)g_ascii_strtod(mhz, NULL) : 0;
    /* libvirt's answer when it does not look at the NUMA topology */
    info->nodes = 1;
    info->sockets = 1;
    info->cores = info->cpus;
    info->threads = 1;
}

char *
uvHostCapabilities(void)
{
    struct utsname u;
    const char *arch = uname(&u) == 0 ? u.machine : "x86_64";
    GString *xml = g_string_new("<capabilities>\n\n  <host>\n");

    g_string_append_printf(xml, "    <cpu>\n      <arch>%s</arch>\n    </cpu>\n", arch);
    g_string_append(xml, "  </host>\n\n  <guest>\n    <os_type>hvm</os_type>\n");
    g_string_append_printf(xml, "    <arch name='%s'>\n      <wordsize>64</wordsize>\n", arch);
    g_string_append_printf(xml, "      <emulator>%s</emulator>\n", QEMU_BINARY);
    g_string_append(xml, "      <machine>pc</machine>\n      <machine>q35</machine>\n"
                         "      <domain type='qemu'/>\n");
    if (access("/dev/kvm", R_OK | W_OK) == 0)
        g_string_append(xml, "      <domain type='kvm'/>\n");
    g_string_append(xml, "    </arch>\n  </guest>\n\n</capabilities>\n");
    return g_string_free(xml, FALSE);
}
