/*
 * ws_compat.h - the few places where the Wireshark API differs between the
 * versions this plugin builds against (4.0 on Debian 12, 4.2 and 4.4).
 *
 * Everything version-dependent goes here so the rest of the adapter reads
 * as plain 4.x code.
 */
#ifndef VOLTE_WS_COMPAT_H
#define VOLTE_WS_COMPAT_H

#include <ws_version.h>
#include <epan/proto.h>
#include <epan/ftypes/ftypes.h>

#define VOLTE_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* field_info.value became a pointer in 4.2. */
#if VOLTE_WS_AT_LEAST(4, 2)
#define VOLTE_FI_VALUE(fi) ((fi)->value)
#else
#define VOLTE_FI_VALUE(fi) (&(fi)->value)
#endif

/* Boolean preferences take bool * from 4.4, gboolean * before.  CMake
 * detects which (VOLTE_PREF_BOOL_IS_BOOL) by compiling a probe. */
#ifdef VOLTE_PREF_BOOL_IS_BOOL
typedef bool volte_pref_bool;
#else
typedef gboolean volte_pref_bool;
#endif

static inline const char *volte_fi_string(const field_info *fi)
{
    return fvalue_get_string((fvalue_t *)VOLTE_FI_VALUE(fi));
}

static inline guint32 volte_fi_uint(const field_info *fi)
{
    return fvalue_get_uinteger((fvalue_t *)VOLTE_FI_VALUE(fi));
}

#endif
