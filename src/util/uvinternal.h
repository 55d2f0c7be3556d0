/*
 * uvinternal.h: what every uvirt source file includes first
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "config.h"

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "uverror.h"

/* Mark a string for translation without translating it here. */
#ifndef N_
# define N_(s) (s)
#endif
