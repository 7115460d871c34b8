/*
 * packed_view.c - bearer views as runs of the bytes that differ from the
 * starting view (packed_view.h).
 *
 * Layout: two bytes of total length (little endian, header included), then
 * runs of [bytes equal to the starting view: 1 byte][differing bytes: 1
 * byte, n >= 1][n bytes XOR the starting view].  The view is 192 bytes, so
 * both counts fit in a byte; a run of equal bytes longer than 255 never
 * occurs but is split all the same.
 */
#include "volte/packed_view.h"

#include <string.h>

#define VIEW_SIZE sizeof(volte_bearer_view)
#define MAX_PACKED (2 + 3 * VIEW_SIZE) /* every byte its own run, at worst */

/* The view of a call before any message: zero but for the bearers'
 * active_ns (-1, never active), as volte_bearer_track_init() sets it. */
static const volte_bearer_view start = {
    .side = {{{.active_ns = -1}, {.active_ns = -1}}, {{.active_ns = -1}, {.active_ns = -1}}},
};

static const unsigned char *start_view(void)
{
    return (const unsigned char *)&start;
}

/* Pack view into buf (MAX_PACKED bytes); returns the length. */
static size_t pack(const volte_bearer_view *view, unsigned char *buf)
{
    const unsigned char *base = start_view();
    const unsigned char *bytes = (const unsigned char *)view;
    size_t n = 2, i = 0;
    while (i < VIEW_SIZE) {
        size_t same = 0;
        while (i + same < VIEW_SIZE && same < 255 && bytes[i + same] == base[i + same])
            same++;
        i += same;
        if (i == VIEW_SIZE)
            break; /* trailing equal bytes need no run */
        /* differing bytes, taking in single equal bytes between them */
        size_t diff = 0;
        while (i + diff < VIEW_SIZE && diff < 255) {
            if (bytes[i + diff] != base[i + diff]) {
                diff++;
                continue;
            }
            bool gap_of_one = i + diff + 1 < VIEW_SIZE && diff + 1 < 255 &&
                              bytes[i + diff + 1] != base[i + diff + 1];
            if (!gap_of_one)
                break;
            diff++;
        }
        if (diff == 0) {
            /* 255 equal bytes and more to come: an empty run keeps the count going */
            buf[n++] = (unsigned char)same;
            buf[n++] = 0;
            continue;
        }
        buf[n++] = (unsigned char)same;
        buf[n++] = (unsigned char)diff;
        for (size_t k = 0; k < diff; k++)
            buf[n++] = bytes[i + k] ^ base[i + k];
        i += diff;
    }
    buf[0] = (unsigned char)(n & 0xff);
    buf[1] = (unsigned char)(n >> 8);
    return n;
}

const volte_packed_view *volte_view_pack(volte_arena *arena, const volte_bearer_view *view)
{
    unsigned char buf[MAX_PACKED];
    size_t n = pack(view, buf);
    unsigned char *copy = volte_arena_alloc_bytes(arena, n);
    memcpy(copy, buf, n);
    return (const volte_packed_view *)copy;
}

size_t volte_view_packed_size(const volte_packed_view *packed)
{
    const unsigned char *p = (const unsigned char *)packed;
    return (size_t)p[0] | (size_t)p[1] << 8;
}

bool volte_view_packed_equal(const volte_packed_view *packed, const volte_bearer_view *view)
{
    unsigned char buf[MAX_PACKED];
    size_t n = pack(view, buf);
    return n == volte_view_packed_size(packed) && memcmp(buf, packed, n) == 0;
}

void volte_view_unpack(const volte_packed_view *packed, volte_bearer_view *out)
{
    const unsigned char *base = start_view();
    const unsigned char *p = (const unsigned char *)packed;
    unsigned char *bytes = (unsigned char *)out;
    size_t n = volte_view_packed_size(packed), at = 2, i = 0;
    memcpy(bytes, base, VIEW_SIZE);
    while (at + 2 <= n) {
        size_t same = p[at], diff = p[at + 1];
        at += 2;
        i += same;
        for (size_t k = 0; k < diff && i < VIEW_SIZE && at < n; k++, i++, at++)
            bytes[i] ^= p[at];
    }
}
