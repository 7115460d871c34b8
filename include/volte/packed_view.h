/*
 * packed_view.h - bearer views stored compactly, one per message that
 * changed its call's view.
 *
 * A volte_bearer_view is 160 bytes, most of them the same as in the view
 * of a call with nothing set up yet (no video bearer, few precondition
 * entries), and most of the rest the same as in the call's view before.
 * A packed view keeps only the bytes that differ from a base, as runs: a
 * key view from the starting view, a delta from the view of its call
 * before it (at most 16 deltas in a row).
 * It is unpacked again byte for byte, so what the displays read is exactly
 * what the engine computed.
 */
#ifndef VOLTE_PACKED_VIEW_H
#define VOLTE_PACKED_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "volte/arena.h"
#include "volte/bearer.h"

typedef struct volte_packed_view volte_packed_view; /* opaque bytes in an arena */

/*
 * A packed copy of view in the arena.  previous, when not NULL, is the
 * packed view of the same call before this one: the copy then holds only
 * what differs from it, when that is shorter.  previous must outlive the
 * copy (the same arena does).
 */
const volte_packed_view *volte_view_pack(volte_arena *arena, const volte_bearer_view *view,
                                         const volte_packed_view *previous);

/* Whether a packed view holds exactly view (byte for byte; no allocation). */
bool volte_view_packed_equal(const volte_packed_view *packed, const volte_bearer_view *view);

/* Unpack into *out. */
void volte_view_unpack(const volte_packed_view *packed, volte_bearer_view *out);

/* Bytes of a packed view. */
size_t volte_view_packed_size(const volte_packed_view *packed);

#endif
