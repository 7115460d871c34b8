/*
 * text.h - the small string helpers the engine's modules share: a hash to
 * recognise a tag again without keeping it, method and option-tag tests.
 * Every function accepts NULL.
 */
#ifndef VOLTE_TEXT_H
#define VOLTE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* FNV-1a of n bytes; never 0, so that 0 can mark "none". */
static inline uint32_t volte_hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h ? h : 1;
}

/* The hash of a string; 0 for NULL or "". */
static inline uint32_t volte_hash(const char *s)
{
    return (s && *s) ? volte_hash_bytes(s, strlen(s)) : 0;
}

static inline bool volte_is_method(const char *m, const char *want)
{
    return m && strcmp(m, want) == 0;
}

static inline char volte_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive substring search ("cause=486" in a History-Info). */
static inline bool volte_contains_ci(const char *haystack, const char *needle)
{
    if (!haystack || !needle)
        return false;
    size_t n = strlen(needle);
    for (const char *p = haystack; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && volte_lower(p[i]) == volte_lower(needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

static inline bool volte_token_end(char c)
{
    return c == '\0' || c == ',' || c == ' ' || c == '\t' || c == ';';
}

/* An option tag (lower case) in a list such as "100rel, precondition", any case. */
static inline bool volte_has_option(const char *list, const char *tag)
{
    if (!list || !tag)
        return false;
    size_t n = strlen(tag);
    for (const char *p = list; *p; p++) {
        if (p != list && !volte_token_end(p[-1]))
            continue;
        size_t i = 0;
        while (i < n && p[i] && volte_lower(p[i]) == tag[i])
            i++;
        if (i == n && volte_token_end(p[i]))
            return true;
    }
    return false;
}

#endif
