/*
 * arena.c - records of the engine handed out from large blocks (arena.h).
 *
 * Blocks of BLOCK_SIZE bytes are filled front to back: records at multiples
 * of 8 bytes, strings wherever the last record ended.  A request that
 * does not fit in what is left of the current block starts a new block;
 * one larger than a quarter of a block gets a block of its own, so the
 * space lost at the end of a block stays small.
 */
#include "volte/arena.h"

#include <glib.h>
#include <string.h>

#define BLOCK_SIZE ((size_t)64 * 1024)
#define ALIGN      ((size_t)8)

typedef struct arena_block {
    struct arena_block *next;
    size_t              size; /* bytes of data[] */
    size_t              used;
    /* data follows, aligned to 8 */
} arena_block;

struct volte_arena {
    arena_block *current; /* the block being filled; head of the list */
    size_t       held;
#ifdef __SANITIZE_ADDRESS__
    GPtrArray   *single;  /* under ASan: every record its own allocation, so overflows are caught */
#endif
};

#define HEADER (((sizeof(arena_block) + ALIGN - 1) / ALIGN) * ALIGN)

static void *block_data(arena_block *b)
{
    return (char *)b + HEADER;
}

volte_arena *volte_arena_new(void)
{
    return g_new0(volte_arena, 1);
}

void volte_arena_free(volte_arena *arena)
{
    if (!arena)
        return;
#ifdef __SANITIZE_ADDRESS__
    if (arena->single)
        g_ptr_array_free(arena->single, TRUE);
#endif
    arena_block *b = arena->current;
    while (b) {
        arena_block *next = b->next;
        g_free(b);
        b = next;
    }
    g_free(arena);
}

static arena_block *new_block(size_t size)
{
    arena_block *b = g_malloc(HEADER + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

/* size bytes at a multiple of align (1 or ALIGN) in the block */
static void *arena_alloc(volte_arena *arena, size_t size, size_t align)
{
    if (size == 0)
        size = 1;
    if (size > G_MAXSIZE / 2)
        g_error("volte_arena: %zu bytes", size);
#ifdef __SANITIZE_ADDRESS__
    (void)align;
    if (!arena->single)
        arena->single = g_ptr_array_new_with_free_func(g_free);
    void *single = g_malloc0(size);
    g_ptr_array_add(arena->single, single);
    arena->held += size;
    return single;
#endif

    if (size > BLOCK_SIZE / 4) {
        /* a block of its own, behind the current one so that one stays in use */
        arena_block *b = new_block(size);
        arena->held += HEADER + size;
        b->used = size;
        if (arena->current) {
            b->next = arena->current->next;
            arena->current->next = b;
        } else {
            arena->current = b;
        }
        memset(block_data(b), 0, size);
        return block_data(b);
    }
    arena_block *cur = arena->current;
    size_t at = cur ? (cur->used + align - 1) & ~(align - 1) : 0;
    if (!cur || at > cur->size || cur->size - at < size) {
        cur = new_block(BLOCK_SIZE);
        arena->held += HEADER + BLOCK_SIZE;
        cur->next = arena->current;
        arena->current = cur;
        at = 0;
    }
    void *p = (char *)block_data(cur) + at;
    cur->used = at + size;
    memset(p, 0, size);
    return p;
}

void *volte_arena_alloc0(volte_arena *arena, size_t size)
{
    return arena_alloc(arena, size, ALIGN);
}

void *volte_arena_alloc_bytes(volte_arena *arena, size_t size)
{
    return arena_alloc(arena, size, 1);
}

char *volte_arena_strdup(volte_arena *arena, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    char *copy = arena_alloc(arena, len + 1, 1);
    memcpy(copy, s, len);
    return copy;
}

size_t volte_arena_held(const volte_arena *arena)
{
    return arena->held;
}
