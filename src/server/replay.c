/* --reject-replays: a signature seen within the skew window is refused (20014). A signed request
 * is valid for max_skew_s around its timestamp; remembering every signature accepted for two such
 * windows covers every copy of it that could still be accepted. Two generations of hash sets: a
 * signature is seen if it is in either; a new one goes into the current generation; when the
 * current one is a window old (or full), it becomes the previous and the old previous is dropped.
 * Memory is bounded by two generations of S_CAP signatures (20 bytes each, twice over for the
 * table's load). The set lives in memory, one a server (its context's member replay): a restart
 * forgets it (docs/server.md). */
#include "replay.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_CAP (1u << 20)   /* signatures per generation */
#define S_SLOTS (2 * S_CAP) /* open addressing, load at most 1/2 */

typedef struct s_gen {
    unsigned char (*slot)[20]; /* NULL until the first insert; all-zero = empty */
    size_t count;
    time_t started;
} s_gen;

/* One server's signatures (replay.h), owned by its context (server.h). */
struct mktows_srv_replay {
    pthread_mutex_t mu;
    s_gen cur, prev;
};

struct mktows_srv_replay *mktows_srv_replay_new(void)
{
    struct mktows_srv_replay *seen = calloc(1, sizeof *seen);
    if (!seen)
        return NULL;
    if (pthread_mutex_init(&seen->mu, NULL) != 0) {
        free(seen);
        return NULL;
    }
    return seen;
}

void mktows_srv_replay_free(struct mktows_srv_replay *seen)
{
    if (!seen)
        return;
    pthread_mutex_destroy(&seen->mu);
    free(seen->cur.slot);
    free(seen->prev.slot);
    free(seen);
}

static int s_hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 40 hex digits to 20 bytes; 0, or -1 when it is not that. */
static int s_decode(const char *hex, unsigned char out[20])
{
    for (int i = 0; i < 20; i++) {
        int hi = s_hex((unsigned char)hex[2 * i]), lo = hi < 0 ? -1 : s_hex((unsigned char)hex[2 * i + 1]);
        if (lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return hex[40] == '\0' ? 0 : -1;
}

static size_t s_home(const unsigned char key[20])
{
    size_t h;
    memcpy(&h, key, sizeof h); /* an HMAC: its bytes are as good as any hash of them */
    return h % S_SLOTS;
}

static int s_find(const s_gen *g, const unsigned char key[20], size_t *at)
{
    static const unsigned char zero[20];
    if (!g->slot)
        return 0;
    for (size_t i = s_home(key);; i = (i + 1) % S_SLOTS) {
        if (memcmp(g->slot[i], zero, 20) == 0) {
            if (at)
                *at = i;
            return 0;
        }
        if (memcmp(g->slot[i], key, 20) == 0)
            return 1;
    }
}

static void s_rotate(struct mktows_srv_replay *seen, time_t now)
{
    free(seen->prev.slot);
    seen->prev = seen->cur;
    memset(&seen->cur, 0, sizeof seen->cur);
    seen->cur.started = now;
}

int mktows_srv_replay_check(struct mktows_srv_replay *seen, const char *signature, long window_s)
{
    unsigned char key[20];
    if (s_decode(signature, key) != 0)
        return 0; /* not a signature this server accepts anyway */
    static const unsigned char zero[20];
    if (memcmp(key, zero, 20) == 0)
        key[19] = 1; /* the empty-slot marker: 2^-160, but never mistake it */
    time_t now = time(NULL);
    int found = 0;
    pthread_mutex_lock(&seen->mu);
    s_gen *cur = &seen->cur;
    if (!cur->started)
        cur->started = now;
    if (now - cur->started >= window_s || cur->count >= S_CAP)
        s_rotate(seen, now);
    size_t at = 0;
    if (s_find(cur, key, &at) || s_find(&seen->prev, key, NULL)) {
        found = 1;
    } else {
        if (!cur->slot && !(cur->slot = calloc(S_SLOTS, 20)))
            found = -1;
        else {
            if (!s_find(cur, key, &at))
                memcpy(cur->slot[at], key, 20);
            cur->count++;
        }
    }
    pthread_mutex_unlock(&seen->mu);
    return found;
}

void mktows_srv_replay_reset(struct mktows_srv_replay *seen)
{
    pthread_mutex_lock(&seen->mu);
    free(seen->cur.slot);
    free(seen->prev.slot);
    memset(&seen->cur, 0, sizeof seen->cur);
    memset(&seen->prev, 0, sizeof seen->prev);
    pthread_mutex_unlock(&seen->mu);
}
