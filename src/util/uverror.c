/*
 * uverror.c: the error domain shared by every layer of uvirt
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "uvinternal.h"

GQuark
uvErrorQuark(void)
{
    return g_quark_from_static_string("uvirt-error-quark");
}
