/* --reject-replays: a signature seen within the skew window is refused (20014). A signed request
 * is valid for max_skew_s around its timestamp; remembering every signature accepted for two such
 * windows covers every copy of it that could still be accepted. Two generations of hash sets: a
 * signature is seen if it is in either; a new one goes into the current generation; when the
 * current one is a window old (or full), it becomes the previous and the old previous is dropped.
 * Memory is bounded by two generations of S_CAP signatures (20 bytes each, twice over for the
 * table's load). The set lives in memory: a restart forgets it (docs/server.md). */
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

static pthread_mutex_t s_mu = PTHREAD_MUTEX_INITIALIZER;
static s_gen s_cur, s_prev;

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

static void s_rotate(time_t now)
{
    free(s_prev.slot);
    s_prev = s_cur;
    memset(&s_cur, 0, sizeof s_cur);
    s_cur.started = now;
}

int mktows_srv_replay_check(const char *signature, long window_s)
{
    unsigned char key[20];
    if (s_decode(signature, key) != 0)
        return 0; /* not a signature this server accepts anyway */
    static const unsigned char zero[20];
    if (memcmp(key, zero, 20) == 0)
        key[19] = 1; /* the empty-slot marker: 2^-160, but never mistake it */
    time_t now = time(NULL);
    int seen = 0;
    pthread_mutex_lock(&s_mu);
    if (!s_cur.started)
        s_cur.started = now;
    if (now - s_cur.started >= window_s || s_cur.count >= S_CAP)
        s_rotate(now);
    size_t at = 0;
    if (s_find(&s_cur, key, &at) || s_find(&s_prev, key, NULL)) {
        seen = 1;
    } else {
        if (!s_cur.slot && !(s_cur.slot = calloc(S_SLOTS, 20)))
            seen = -1;
        else {
            if (!s_find(&s_cur, key, &at))
                memcpy(s_cur.slot[at], key, 20);
            s_cur.count++;
        }
    }
    pthread_mutex_unlock(&s_mu);
    return seen;
}

void mktows_srv_replay_reset(void)
{
    pthread_mutex_lock(&s_mu);
    free(s_cur.slot);
    free(s_prev.slot);
    memset(&s_cur, 0, sizeof s_cur);
    memset(&s_prev, 0, sizeof s_prev);
    pthread_mutex_unlock(&s_mu);
}
