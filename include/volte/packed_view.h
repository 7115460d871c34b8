/*
 * packed_view.h - bearer views stored compactly, one per message that
 * changed its call's view.
 *
 * A volte_bearer_view is 192 bytes, most of them the same as in the view
 * of a call with nothing set up yet (no video bearer, few precondition
 * entries).  A packed view keeps only the bytes that differ from that
 * starting view, as runs, and is unpacked again byte for byte, so what the
 * displays read is exactly what the engine computed.
 */
#ifndef VOLTE_PACKED_VIEW_H
#define VOLTE_PACKED_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "volte/arena.h"
#include "volte/bearer.h"

typedef struct volte_packed_view volte_packed_view; /* opaque bytes in an arena */

/* A packed copy of view in the arena. */
const volte_packed_view *volte_view_pack(volte_arena *arena, const volte_bearer_view *view);

/* Whether a packed view holds exactly view (no allocation). */
bool volte_view_packed_equal(const volte_packed_view *packed, const volte_bearer_view *view);

/* Unpack into *out. */
void volte_view_unpack(const volte_packed_view *packed, volte_bearer_view *out);

/* Bytes of a packed view. */
size_t volte_view_packed_size(const volte_packed_view *packed);

#endif
