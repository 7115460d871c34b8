/*
 * plugin.c - the symbols Wireshark's plugin loader looks for.
 *
 * Wireshark loads <plugin dir>/<major.minor>/epan/volte.so only when
 * plugin_want_major/minor equal its own version, then calls plugin_register,
 * which hands over the protocol's registration and handoff routines.
 */
#include "config_volte.h"

#include <ws_symbol_export.h>
#include <ws_version.h>
#include <epan/packet.h>
#include <epan/proto.h>

void proto_register_volte(void);
void proto_reg_handoff_volte(void);

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VOLTE_PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static proto_plugin plug_volte;

    plug_volte.register_protoinfo = proto_register_volte;
    plug_volte.register_handoff = proto_reg_handoff_volte;
    proto_register_plugin(&plug_volte);
}
