/*
 * arena.h - where the engine keeps the records it holds until the capture
 * file is closed.
 *
 * The engine keeps one result record per SIP message and a few records per
 * transaction and call, and frees them all together with the engine.  An
 * arena hands them out from large blocks, one after the other, so a record
 * costs its own size (rounded up to 8 bytes) and no malloc header, and the
 * many small records do not fragment the heap between Wireshark's own
 * allocations.  Nothing is freed on its own; volte_arena_free() frees all.
 */
#ifndef VOLTE_ARENA_H
#define VOLTE_ARENA_H

#include <stddef.h>

typedef struct volte_arena volte_arena;

volte_arena *volte_arena_new(void);
void volte_arena_free(volte_arena *arena);

/* size bytes, zeroed, 8-byte aligned, valid until volte_arena_free(). */
void *volte_arena_alloc0(volte_arena *arena, size_t size);

/* size bytes, not zeroed, at any alignment (byte strings). */
void *volte_arena_alloc_bytes(volte_arena *arena, size_t size);

/* A copy of s in the arena; NULL for NULL. */
char *volte_arena_strdup(volte_arena *arena, const char *s);

/* Bytes the arena holds, its blocks included. */
size_t volte_arena_held(const volte_arena *arena);

#endif
