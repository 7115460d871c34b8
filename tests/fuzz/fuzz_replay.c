/*
 * fuzz_replay.c - runs the fuzz target over files, without libFuzzer.
 *
 *   fuzz_replay FILE|DIR...
 *
 * Each file is one input of LLVMFuzzerTestOneInput (fuzz_engine.c); a
 * directory stands for the files in it (not recursive).  Built with any C
 * compiler, so the seed corpus and saved crash inputs can be replayed in
 * CI and under gcc's sanitizers.  Exits 0 when every input ran, 2 on a file
 * that cannot be read; a crash ends it the usual way.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                fclose(f);
                free(buf);
                fprintf(stderr, "%s: out of memory\n", path);
                return 2;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        return 2;
    }
    /* an exact-size copy, so a read past the input is caught by a sanitizer */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return 2;
    }
    if (len)
        memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    unsigned ran = 0;
    int status = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            status = 2;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            int r = run_file(argv[i]);
            status = r ? r : status;
            ran += r == 0;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            perror(argv[i]);
            status = 2;
            continue;
        }
        char **names = NULL;
        size_t count = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char **nn = realloc(names, (count + 1) * sizeof *names);
            if (!nn)
                return 2;
            names = nn;
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[count] = malloc(len);
            if (!names[count])
                return 2;
            snprintf(names[count], len, "%s/%s", argv[i], e->d_name);
            count++;
        }
        closedir(d);
        qsort(names, count, sizeof *names, cmp);
        for (size_t k = 0; k < count; k++) {
            if (stat(names[k], &st) == 0 && S_ISREG(st.st_mode)) {
                int r = run_file(names[k]);
                status = r ? r : status;
                ran += r == 0;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("fuzz_replay: %u inputs ran\n", ran);
    return status;
}
