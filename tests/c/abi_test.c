/*
 * Calls every function of native/include/awscred.h through the C ABI, including misuse (NULL,
 * zero length, invalid UTF-8, invalid JSON, deep nesting, unknown fields, 1 MiB +- 1, frees of
 * foreign, already freed or wrongly sized pointers, an injected panic) and 64 threads at once,
 * and checks the status codes and JSON answers. Usage: abi_test <empty temp dir> [faults], where
 * `faults` (debug builds of the library only) also checks that a panic inside a call is answered
 * as AWSCRED_STATUS_INTERNAL and prints nothing. Built with gcc -Wall -Wextra -Werror -Wpedantic
 * by native/tests/c_abi.rs, which also runs it under valgrind and with AddressSanitizer.
 */
#define _POSIX_C_SOURCE 200809L
#include "awscred.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t (*op_fn)(const uint8_t *, size_t, uint8_t **, size_t *);

static int failures = 0;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                               \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fprintf(stderr, "\n");                                                             \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

/* Calls op with a C string request; returns the status and copies the response (NUL-terminated)
 * into a malloc'd buffer at *out (caller frees with free()). */
static int32_t call(op_fn op, const char *request, size_t len, char **out) {
    uint8_t *resp = NULL;
    size_t resp_len = 0;
    int32_t status = op((const uint8_t *)request, len, &resp, &resp_len);
    *out = malloc(resp_len + 1);
    if (resp != NULL) {
        memcpy(*out, resp, resp_len);
    }
    (*out)[resp_len] = '\0';
    awscred_free(resp, resp_len);
    return status;
}

static int32_t call_str(op_fn op, const char *request, char **out) {
    return call(op, request, strlen(request), out);
}

static const struct {
    const char *name;
    op_fn fn;
} OPS[] = {
    {"set_profile", awscred_set_profile},       {"copy_profile", awscred_copy_profile},
    {"list_profiles", awscred_list_profiles},   {"show_profile", awscred_show_profile},
    {"get_credentials", awscred_get_credentials}, {"remove_profile", awscred_remove_profile},
    {"dump_config", awscred_dump_config},       {"describe", awscred_describe},
    {"validate", awscred_validate},             {"initialize_defaults", awscred_initialize_defaults},
    {"explain", awscred_explain},               {"whoami", awscred_whoami},
    {"export_credentials", awscred_export_credentials}, {"resolve_region", awscred_resolve_region},
};
#define NOPS (sizeof OPS / sizeof OPS[0])

static void deep_nesting(void);
static void frees(void);

static void misuse(void) {
    static const char big_prefix[] = "{\"ProfileLocation\":\"";
    size_t big_len = AWSCRED_MAX_REQUEST_BYTES + 1;
    char *big = malloc(big_len);
    memset(big, 'a', big_len);
    memcpy(big, big_prefix, sizeof big_prefix - 1);
    big[big_len - 2] = '"';
    big[big_len - 1] = '}';

    for (size_t i = 0; i < NOPS; i++) {
        char *out = NULL;
        uint8_t *resp = (uint8_t *)1;
        size_t resp_len = 99;
        /* NULL request. */
        int32_t s = OPS[i].fn(NULL, 5, &resp, &resp_len);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s NULL request: %d", OPS[i].name, s);
        CHECK(resp != NULL && resp_len > 0, "%s NULL request: no error body", OPS[i].name);
        CHECK(strstr((const char *)resp, "InvalidInput") != NULL, "%s NULL: code", OPS[i].name);
        awscred_free(resp, resp_len);
        /* NULL response pointers: status only, nothing allocated. */
        s = OPS[i].fn((const uint8_t *)"{}", 2, NULL, &resp_len);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s NULL response: %d", OPS[i].name, s);
        s = OPS[i].fn((const uint8_t *)"{}", 2, &resp, NULL);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s NULL response_len: %d", OPS[i].name, s);
        /* Zero length. */
        s = call(OPS[i].fn, "{}", 0, &out);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s zero length: %d", OPS[i].name, s);
        free(out);
        /* Invalid UTF-8. */
        s = call(OPS[i].fn, "{\"ProfileName\":\"\xff\xfe\"}", 19, &out);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s invalid UTF-8: %d", OPS[i].name, s);
        CHECK(strstr(out, "UTF-8") != NULL, "%s invalid UTF-8 message: %s", OPS[i].name, out);
        free(out);
        /* Invalid JSON. */
        s = call_str(OPS[i].fn, "{\"ProfileName\": ", &out);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s invalid JSON: %d", OPS[i].name, s);
        free(out);
        /* Unknown field. */
        s = call_str(OPS[i].fn, "{\"Bogus\":1}", &out);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s unknown field: %d", OPS[i].name, s);
        CHECK(strstr(out, "Bogus") != NULL, "%s unknown field named: %s", OPS[i].name, out);
        free(out);
        /* Larger than 1 MiB. */
        s = call(OPS[i].fn, big, big_len, &out);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s 1 MiB + 1: %d", OPS[i].name, s);
        free(out);
        /* Exactly 1 MiB is accepted as a request (it names a location that does not exist). */
        big[big_len - 3] = '"';
        big[big_len - 2] = '}';
        s = call(OPS[i].fn, big, big_len - 1, &out);
        CHECK(s != AWSCRED_STATUS_INVALID_INPUT || strstr(out, "1048576") == NULL,
              "%s exactly 1 MiB refused for size: %s", OPS[i].name, out);
        big[big_len - 3] = 'a';
        big[big_len - 2] = '"';
        free(out);
    }
    free(big);
    deep_nesting();
    frees();
}

/* Nesting far beyond the JSON reader's depth limit is refused, never a stack overflow. */
static void deep_nesting(void) {
    enum { DEPTH = 100000 };
    char *deep = malloc(2 * DEPTH + 32);
    size_t n = 0;
    n += (size_t)sprintf(deep, "{\"ProfileName\":");
    for (int i = 0; i < DEPTH; i++) deep[n++] = '[';
    for (int i = 0; i < DEPTH; i++) deep[n++] = ']';
    deep[n++] = '}';
    for (size_t i = 0; i < NOPS; i++) {
        char *out = NULL;
        int32_t s = call(OPS[i].fn, deep, n, &out);
        CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "%s deep nesting: %d %s", OPS[i].name, s, out);
        free(out);
    }
    free(deep);
}

/* awscred_free frees only what the library handed out, once, with the recorded length. */
static void frees(void) {
    CHECK(awscred_free(NULL, 0) == AWSCRED_STATUS_OK, "free(NULL)");
    uint8_t *resp = NULL;
    size_t resp_len = 0;
    int32_t s = awscred_describe((const uint8_t *)"{}", 2, &resp, &resp_len);
    CHECK(s == AWSCRED_STATUS_OK && resp != NULL, "describe for frees: %d", s);
    CHECK(awscred_free(resp, resp_len + 7) == AWSCRED_STATUS_INVALID_INPUT,
          "a wrong length is reported (and the response still freed: valgrind sees no leak)");
    CHECK(awscred_free(resp, resp_len) == AWSCRED_STATUS_INVALID_INPUT, "double free refused");
    uint8_t foreign[16];
    memset(foreign, 0x5a, sizeof foreign);
    CHECK(awscred_free(foreign, sizeof foreign) == AWSCRED_STATUS_INVALID_INPUT,
          "foreign pointer refused");
    CHECK(foreign[0] == 0x5a && foreign[15] == 0x5a, "a foreign buffer is not touched");
    s = awscred_describe((const uint8_t *)"{}", 2, &resp, &resp_len);
    CHECK(awscred_free(resp, resp_len) == AWSCRED_STATUS_OK, "a normal free returns 0");
}

/* A panic inside a call (injected by a debug build of the library) is an Internal error. */
static void injected_panic(void) {
    char *out = NULL;
    setenv("AWSCRED_FAULT_PANIC", "resolve", 1);
    int32_t s = call_str(awscred_get_credentials, "{\"ProfileName\":\"any\"}", &out);
    CHECK(s == AWSCRED_STATUS_INTERNAL, "injected panic: %d %s", s, out);
    CHECK(strstr(out, "\"code\":\"Internal\"") != NULL, "panic code: %s", out);
    CHECK(strstr(out, "panic") != NULL, "panic message: %s", out);
    free(out);
    unsetenv("AWSCRED_FAULT_PANIC");
    s = call_str(awscred_describe, "{}", &out);
    CHECK(s == AWSCRED_STATUS_OK, "the library works after a panic: %d", s);
    free(out);
}

static void round_trip(const char *dir) {
    char path[4096];
    char req[8192];
    char *out = NULL;
    snprintf(path, sizeof path, "%s/credentials", dir);

    snprintf(req, sizeof req,
             "{\"ProfileName\":\"c-test\",\"AccessKey\":\"AKIDCTEST0001\",\"SecretKey\":"
             "\"c-secret-value-0001\",\"SessionToken\":\"c-token-0001\",\"Region\":\"eu-west-1\","
             "\"ProfileLocation\":\"%s\"}",
             path);
    int32_t s = call_str(awscred_set_profile, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "set: %d %s", s, out);
    CHECK(strstr(out, "\"Kind\":\"Session\"") != NULL, "set kind: %s", out);
    free(out);

    snprintf(req, sizeof req, "{\"ProfileName\":\"c-test\",\"ProfileLocation\":\"%s\"}", path);
    s = call_str(awscred_get_credentials, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "get: %d %s", s, out);
    CHECK(strstr(out, "\"SecretAccessKey\":\"c-secret-value-0001\"") != NULL, "get secret");
    CHECK(strstr(out, "\"SessionToken\":\"c-token-0001\"") != NULL, "get token");
    free(out);

    s = call_str(awscred_show_profile, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "show: %d %s", s, out);
    CHECK(strstr(out, "c-secret-value-0001") == NULL, "show leaks the secret: %s", out);
    CHECK(strstr(out, "****0001") != NULL, "show masks: %s", out);
    free(out);

    snprintf(req, sizeof req,
             "{\"ProfileName\":\"c-test\",\"StoreAs\":\"c-copy\",\"ProfileLocation\":\"%s\"}", path);
    s = call_str(awscred_copy_profile, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "copy: %d %s", s, out);
    free(out);

    snprintf(req, sizeof req, "{\"ProfileLocation\":\"%s\"}", path);
    s = call_str(awscred_list_profiles, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "list: %d %s", s, out);
    CHECK(strstr(out, "\"ProfileName\":\"c-copy\"") != NULL, "list has copy: %s", out);
    CHECK(strstr(out, "\"StoreTypeName\":\"SharedCredentialsFile\"") != NULL, "list store");
    free(out);

    s = call_str(awscred_dump_config, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "dump: %d %s", s, out);
    CHECK(strstr(out, "\"region\":\"eu-west-1\"") != NULL, "dump region: %s", out);
    free(out);

    snprintf(req, sizeof req, "{\"ProfileName\":\"c-copy\",\"ProfileLocation\":\"%s\"}", path);
    s = call_str(awscred_remove_profile, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "remove: %d %s", s, out);
    free(out);
    s = call_str(awscred_remove_profile, req, &out);
    CHECK(s == AWSCRED_STATUS_PROFILE_NOT_FOUND, "remove again: %d %s", s, out);
    CHECK(strstr(out, "\"code\":\"ProfileNotFound\"") != NULL, "code string: %s", out);
    CHECK(strstr(out, "\"category\":\"ObjectNotFound\"") != NULL, "category: %s", out);
    free(out);

    /* The library describes itself; validate refuses a bad MFA code without echoing it. */
    s = call_str(awscred_describe, "{}", &out);
    CHECK(s == AWSCRED_STATUS_OK, "describe: %d %s", s, out);
    CHECK(strstr(out, "\"Name\":\"initialize_defaults\"") != NULL, "describe ops: %s", out);
    CHECK(strstr(out, "\"Code\":\"NoRegion\"") != NULL, "describe errors: %s", out);
    free(out);
    s = call_str(awscred_validate, "{\"TokenCode\":\"98765x\"}", &out);
    CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "validate: %d %s", s, out);
    CHECK(strstr(out, "98765") == NULL, "validate echoes the code: %s", out);
    free(out);

    /* Invalid input writes nothing and says so without echoing the secret. */
    snprintf(req, sizeof req,
             "{\"ProfileName\":\"bad]name\",\"AccessKey\":\"AKID\",\"SecretKey\":\"zz-secret\","
             "\"ProfileLocation\":\"%s\"}",
             path);
    s = call_str(awscred_set_profile, req, &out);
    CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "bad name: %d %s", s, out);
    CHECK(strstr(out, "zz-secret") == NULL, "error echoes secret: %s", out);
    free(out);

    /* Per-request Environment overrides the process environment (pwsh on Unix needs it). */
    s = call_str(awscred_get_credentials,
                 "{\"Environment\":{\"AWS_ACCESS_KEY_ID\":\"AKIDFROMREQENV\","
                 "\"AWS_SECRET_ACCESS_KEY\":\"req-env-secret\",\"AWS_PROFILE\":null}}",
                 &out);
    CHECK(s == AWSCRED_STATUS_OK, "env override: %d %s", s, out);
    CHECK(strstr(out, "\"AccessKeyId\":\"AKIDFROMREQENV\"") != NULL, "env override key: %s", out);
    CHECK(strstr(out, "\"Source\":\"Environment\"") != NULL, "env override source: %s", out);
    free(out);
    s = call_str(awscred_get_credentials, "{\"Environment\":{\"AWS_PROFILE\":5}}", &out);
    CHECK(s == AWSCRED_STATUS_INVALID_INPUT, "bad Environment: %d %s", s, out);
    free(out);

    /* A format error names the file and line. */
    char badpath[4096];
    snprintf(badpath, sizeof badpath, "%s/broken", dir);
    FILE *f = fopen(badpath, "w");
    fputs("[a]\nno equals here\n", f);
    fclose(f);
    snprintf(req, sizeof req, "{\"ProfileLocation\":\"%s\"}", badpath);
    s = call_str(awscred_list_profiles, req, &out);
    CHECK(s == AWSCRED_STATUS_FILE_FORMAT, "format error: %d %s", s, out);
    CHECK(strstr(out, "\"line\":2") != NULL, "format error line: %s", out);
    free(out);
}

struct worker {
    const char *dir;
    int id;
    int ok;
};

static void *work(void *arg) {
    struct worker *w = arg;
    char req[8192];
    char *out = NULL;
    w->ok = 1;
    for (int i = 0; i < 2; i++) {
        snprintf(req, sizeof req,
                 "{\"ProfileName\":\"t%d\",\"AccessKey\":\"AKIDT%d\",\"SecretKey\":\"s%d-%d-secret\","
                 "\"ProfileLocation\":\"%s/shared\"}",
                 w->id, w->id, w->id, i, w->dir);
        if (call_str(awscred_set_profile, req, &out) != AWSCRED_STATUS_OK) {
            w->ok = 0;
        }
        free(out);
        snprintf(req, sizeof req, "{\"ProfileName\":\"t%d\",\"ProfileLocation\":\"%s/shared\"}",
                 w->id, w->dir);
        if (call_str(awscred_get_credentials, req, &out) != AWSCRED_STATUS_OK) {
            w->ok = 0;
        }
        free(out);
    }
    return NULL;
}

static void threads(const char *dir) {
    enum { N = 64 };
    pthread_t t[N];
    struct worker w[N];
    for (int i = 0; i < N; i++) {
        w[i].dir = dir;
        w[i].id = i;
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        CHECK(w[i].ok, "thread %d saw a failure", i);
    }
    char req[8192];
    char *out = NULL;
    snprintf(req, sizeof req, "{\"ProfileLocation\":\"%s/shared\"}", dir);
    int32_t s = call_str(awscred_list_profiles, req, &out);
    CHECK(s == AWSCRED_STATUS_OK, "list after threads: %d", s);
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "\"t%d\"", i);
        CHECK(strstr(out, name) != NULL, "profile %s lost: %s", name, out);
    }
    free(out);
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s <empty temp dir> [faults]\n", argv[0]);
        return 2;
    }
    CHECK(awscred_abi_version() == AWSCRED_ABI_VERSION, "abi version %u", awscred_abi_version());
    misuse();
    round_trip(argv[1]);
    threads(argv[1]);
    if (argc == 3 && strcmp(argv[2], "faults") == 0) {
        injected_panic();
    }
    if (failures != 0) {
        fprintf(stderr, "%d C ABI checks failed\n", failures);
        return 1;
    }
    printf("C ABI: all checks passed\n");
    return 0;
}
