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

/* Will this tree be shown (the GUI, tshark -V, -T pdml/json), so that
 * every item added to it is kept?  tree_data_t is public in 4.0 to 4.4. */
static inline gboolean volte_tree_visible(proto_tree *tree)
{
    return tree && PTREE_DATA(tree) && PTREE_DATA(tree)->visible;
}

/* Does a filter, column or output field refer to this protocol or to one
 * of its fields?  Priming a field for a filter marks its protocol too. */
static inline gboolean volte_protocol_referenced(int proto_id)
{
    header_field_info *hfinfo = proto_id > 0 ? proto_registrar_get_nth((guint)proto_id) : NULL;
    return hfinfo && hfinfo->ref_type != HF_REF_TYPE_NONE;
}

#endif
